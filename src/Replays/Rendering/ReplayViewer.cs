using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using GmcRL.Storage;

namespace GmcRL.Replays.Rendering;

/// <summary>
/// A single self-contained HTML page that plays a replay: the first image modality
/// (<see cref="ReplayHeader.ImageModality"/>) as the agent saw it, scaled to fit 180 pixels as <see cref="ReplayPicture"/>
/// scales it, each voice's frequency and amplitude (<see cref="ReplayHeader.Voices"/>), panels struck through while a
/// modality was missing (or marked "NO IMAGE", "NO VOICES" for a replay without one), play, pause, a scrub bar, a
/// modality timeline with one cell per step (clicking a cell jumps there) and the sonified voices in sync. Frames and
/// audio are embedded (images as bits, audio as a WAV data URL); the page's security policy forbids any network request.
/// </summary>
/// <remarks>For tests and tools the page keeps its state in the DOM: <c>#viewer</c>'s <c>data-step</c>,
/// <c>data-playing</c>, <c>data-lit-pixels</c> (white pixels on the image canvas after the last draw) and
/// <c>data-image-missing</c>; each timeline cell's <c>data-modality</c>, <c>data-step</c> and <c>data-missing</c>.
/// Opening it with <c>#play</c> starts playing at once; <c>#play-until=N</c> plays and pauses at step N.</remarks>
public static class ReplayViewer
{
    private const int PanelSide = 180;

    /// <summary>The page for <paramref name="replay"/> with <paramref name="wav"/> (null: no audio) embedded.</summary>
    public static string Html(Replay replay, byte[]? wav)
    {
        var h = replay.Header;
        int image = h.ImageModality;

        var data = new Dictionary<string, object?>
        {
            ["steps"] = replay.Count,
            ["dt"] = h.Dt,
            ["modalities"] = h.Modalities.Select(m => m.Name).ToArray(),
            ["masks"] = Enumerable.Range(0, replay.Count).Select(t => replay.Mask(t).Bits).ToArray(),
            ["actions"] = Enumerable.Range(0, replay.Count).Select(t => replay.Action(t).Length > 0 ? Round(replay.Action(t)[0]) : 0).ToArray(),
            ["rewards"] = Enumerable.Range(0, replay.Count).Select(t => Round(replay.Reward(t))).ToArray(),
            ["voices"] = h.Voices?.Names.ToArray() ?? [],
            ["tones"] = Enumerable.Range(0, replay.Count).SelectMany(t => replay.Voices(t).ToArray()).Select(x => Round(x)).ToArray(),
            ["voicesIndex"] = h.VoicesModality,
            ["voicesName"] = h.Voices?.Modality.ToUpperInvariant() ?? "VOICES",
            ["amplitudeMax"] = h.Voices?.LoudestAmplitude ?? 1,
            ["baseFrequency"] = h.Voices?.BaseFrequency ?? 1,
            ["image"] = image < 0 ? null : new Dictionary<string, object>
            {
                ["index"] = image,
                ["name"] = h.Modalities[image].Name.ToUpperInvariant(),
                ["rows"] = h.Modalities[image].Shape[0],
                ["cols"] = h.Modalities[image].Shape[1],
                ["width"] = ReplayPicture.Fitted(h.Modalities[image].Shape[0], h.Modalities[image].Shape[1], PanelSide).Width,
                ["height"] = ReplayPicture.Fitted(h.Modalities[image].Shape[0], h.Modalities[image].Shape[1], PanelSide).Height,
                ["threshold"] = (h.Modalities[image].Low + h.Modalities[image].High) / 2,
                ["bits"] = Convert.ToBase64String(ImageBits(replay, image)),
            },
        };
        // The default encoder escapes <, > and &, so no text in the data can close the script element.
        string json = JsonSerializer.Serialize(data);
        string title = WebUtility.HtmlEncode($"Replay: {h.Condition}, episode {h.Episode} (seed {h.Seed})");
        string about = WebUtility.HtmlEncode($"{h.Environment} · {h.Agent} · condition {h.Condition} ({h.Schedule}) · {replay.Count} steps of {h.Dt.ToString(CultureInfo.InvariantCulture)} s · return {replay.Return.ToString("F1", CultureInfo.InvariantCulture)}");
        string audio = wav is null ? "" : $"<audio id=\"audio\" preload=\"auto\" src=\"data:audio/wav;base64,{Convert.ToBase64String(wav)}\"></audio>";
        string imageTitle = WebUtility.HtmlEncode($"{(image < 0 ? "IMAGE" : h.Modalities[image].Name.ToUpperInvariant())} (AS THE AGENT SAW IT)");
        string voicesTitle = WebUtility.HtmlEncode($"{h.Voices?.Modality.ToUpperInvariant() ?? "VOICES"}: FREQUENCY (HZ) AND AMPLITUDE PER VOICE");
        var values = new Dictionary<string, string>
        {
            ["title"] = title, ["about"] = about, ["audio"] = audio, ["data"] = json, ["imageTitle"] = imageTitle, ["voicesTitle"] = voicesTitle,
            ["steps"] = replay.Count.ToString(CultureInfo.InvariantCulture),
            ["max"] = Math.Max(0, replay.Count - 1).ToString(CultureInfo.InvariantCulture),
        };
        // One pass, so text that looks like a placeholder inside a value stays as it is.
        return Regex.Replace(Template, @"\{\{(\w+)\}\}", m => values[m.Groups[1].Value]);
    }

    // Every step's newest image frame as bits, lit where a pixel lies above the middle of the modality's range (missing
    // steps all dark), each frame packed by BitPacking and padded to whole bytes: the page reads element i of step t as
    // bit 7 - i % 8 of byte t * ceil(rows * cols / 8) + i / 8.
    private static byte[] ImageBits(Replay replay, int modality)
    {
        var spec = replay.Header.Modalities[modality];
        int per = (int)BitPacking.PackedLength(spec.Length);
        double threshold = (spec.Low + spec.High) / 2;
        var lit = new byte[spec.Length];
        var bits = new byte[replay.Count * per];
        for (int t = 0; t < replay.Count; t++)
        {
            var frame = replay.Bytes(t, modality);
            for (int i = 0; i < frame.Length; i++) lit[i] = frame[i] > threshold ? (byte)1 : (byte)0;
            BitPacking.Pack(lit, bits.AsSpan(t * per, per));
        }
        return bits;
    }

    private static double Round(double x) => Math.Round(x, 5);

    private const string Template = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; media-src data:; img-src data:">
        <title>{{title}}</title>
        <style>
          body { background: #1e1e24; color: #e8e8ee; font: 14px system-ui, sans-serif; margin: 16px; }
          h1 { font-size: 18px; margin: 0 0 4px; } p.about { color: #9a9aa6; margin: 0 0 12px; }
          .panels { display: flex; gap: 16px; align-items: flex-start; }
          .panel h2 { font-size: 12px; color: #9a9aa6; margin: 0 0 4px; letter-spacing: .05em; }
          canvas { background: #2b2b33; image-rendering: pixelated; display: block; }
          .controls { margin: 12px 0; display: flex; gap: 8px; align-items: center; }
          .controls input[type=range] { width: 420px; }
          button { background: #3a3a46; color: #e8e8ee; border: 1px solid #555; border-radius: 4px; padding: 4px 12px; cursor: pointer; }
          #readout { font-family: ui-monospace, monospace; margin: 8px 0; }
          #timeline .row { display: flex; align-items: center; margin: 2px 0; }
          #timeline .label { width: 60px; font-size: 12px; color: #9a9aa6; }
          #timeline .cells { display: flex; flex: 1; height: 14px; max-width: 900px; }
          #timeline i { flex: 1; background: #3f7f52; cursor: pointer; }
          #timeline i.missing { background: #e04848; }
          #timeline i.current { outline: 2px solid #f0f0f0; z-index: 1; }
          .legend { font-size: 12px; color: #9a9aa6; }
        </style>
        </head>
        <body>
        <div id="viewer" data-steps="{{steps}}" data-step="0" data-playing="0">
          <h1>{{title}}</h1>
          <p class="about">{{about}}</p>
          <div class="panels">
            <div class="panel"><h2>{{imageTitle}}</h2><canvas id="image" width="180" height="180"></canvas></div>
            <div class="panel"><h2>{{voicesTitle}}</h2><canvas id="sound" width="300" height="180"></canvas></div>
          </div>
          <div class="controls">
            <button id="play" type="button">Play</button>
            <button id="pause" type="button">Pause</button>
            <input id="scrub" type="range" min="0" max="{{max}}" step="1" value="0" aria-label="step">
            <span id="clock"></span>
          </div>
          <div id="readout"></div>
          <div id="timeline"></div>
          <p class="legend">Timeline: one cell per step; red where the modality was missing. Click a cell to jump there.</p>
          {{audio}}
        </div>
        <script id="replay-data" type="application/json">{{data}}</script>
        <script>
        (() => {
          const data = JSON.parse(document.getElementById('replay-data').textContent);
          const viewer = document.getElementById('viewer');
          const n = data.steps, dt = data.dt, voices = data.voices.length;
          const imageCanvas = document.getElementById('image'), imageCtx = imageCanvas.getContext('2d', { willReadFrequently: true });
          const soundCanvas = document.getElementById('sound'), soundCtx = soundCanvas.getContext('2d');
          const scrub = document.getElementById('scrub'), clock = document.getElementById('clock'), readout = document.getElementById('readout');
          const audio = document.getElementById('audio');
          const colours = ['#4fa3f7', '#f7b24f', '#6ad07a'];
          const has = (t, m) => m < 0 || ((data.masks[t] >>> m) & 1) === 1;

          let bits = null, small = null, smallCtx = null, frameBytes = 0;
          if (data.image) {
            const raw = atob(data.image.bits);
            bits = new Uint8Array(raw.length);
            for (let i = 0; i < raw.length; i++) bits[i] = raw.charCodeAt(i);
            small = document.createElement('canvas');
            small.width = data.image.cols; small.height = data.image.rows;
            smallCtx = small.getContext('2d');
            frameBytes = Math.ceil(data.image.rows * data.image.cols / 8);
          }
          let fLow = data.baseFrequency * 0.9, fHigh = data.baseFrequency * 1.1;
          for (let i = 0; i < data.tones.length; i += 2) { fLow = Math.min(fLow, data.tones[i]); fHigh = Math.max(fHigh, data.tones[i]); }
          const returns = []; let sum = 0;
          for (let t = 0; t < n; t++) { sum += data.rewards[t]; returns.push(sum); }

          // The timeline: a row per modality, a cell per step.
          const timeline = document.getElementById('timeline');
          const cells = [];
          data.modalities.forEach((name, m) => {
            const row = document.createElement('div'); row.className = 'row';
            const label = document.createElement('span'); label.className = 'label'; label.textContent = name;
            const strip = document.createElement('div'); strip.className = 'cells';
            const rowCells = [];
            for (let t = 0; t < n; t++) {
              const cell = document.createElement('i');
              const missing = !has(t, m);
              cell.dataset.modality = name; cell.dataset.step = String(t); cell.dataset.missing = missing ? '1' : '0';
              if (missing) cell.className = 'missing';
              cell.title = `step ${t}: ${name} ${missing ? 'missing' : 'present'}`;
              cell.addEventListener('click', () => seek(t));
              strip.appendChild(cell); rowCells.push(cell);
            }
            cells.push(rowCells);
            row.appendChild(label); row.appendChild(strip); timeline.appendChild(row);
          });

          function strike(ctx, w, h, text) {
            ctx.fillStyle = '#3a2a2e'; ctx.fillRect(0, 0, w, h);
            ctx.strokeStyle = '#e04848'; ctx.lineWidth = 3;
            ctx.beginPath(); ctx.moveTo(0, 0); ctx.lineTo(w, h); ctx.moveTo(w, 0); ctx.lineTo(0, h); ctx.stroke();
            ctx.fillStyle = '#3a2a2e'; ctx.fillRect(w / 2 - 60, h / 2 - 10, 120, 20);
            ctx.fillStyle = '#f0f0f0'; ctx.font = '12px sans-serif'; ctx.textAlign = 'center'; ctx.fillText(text, w / 2, h / 2 + 4);
          }

          function drawImage(t) {
            const w = imageCanvas.width, h = imageCanvas.height;
            imageCtx.fillStyle = '#2b2b33'; imageCtx.fillRect(0, 0, w, h);
            const missing = !data.image || !has(t, data.image.index);
            if (missing) strike(imageCtx, w, h, data.image ? data.image.name + ' MISSING' : 'NO IMAGE');
            else {
              const img = smallCtx.createImageData(small.width, small.height);
              const base = t * frameBytes;
              for (let i = 0; i < small.width * small.height; i++) {
                const lit = (bits[base + (i >> 3)] >> (7 - (i & 7))) & 1;
                const v = lit ? 240 : 43, o = i * 4;
                img.data[o] = v; img.data[o + 1] = v; img.data[o + 2] = lit ? 240 : 51; img.data[o + 3] = 255;
              }
              smallCtx.putImageData(img, 0, 0);
              imageCtx.imageSmoothingEnabled = false;
              const dw = data.image.width, dh = data.image.height;
              imageCtx.drawImage(small, Math.floor((w - dw) / 2), Math.floor((h - dh) / 2), dw, dh);
            }
            const px = imageCtx.getImageData(0, 0, w, h).data;
            let lit = 0;
            for (let o = 0; o < px.length; o += 4) if (px[o] > 200 && px[o + 1] > 200 && px[o + 2] > 200) lit++;
            viewer.dataset.litPixels = String(lit);
            viewer.dataset.imageMissing = missing ? '1' : '0';
          }

          function drawSound(t) {
            const w = soundCanvas.width, h = soundCanvas.height, base = h - 40, height = h - 60;
            soundCtx.fillStyle = '#2b2b33'; soundCtx.fillRect(0, 0, w, h);
            if (voices === 0) { strike(soundCtx, w, h, 'NO VOICES'); return; }
            if (!has(t, data.voicesIndex)) { strike(soundCtx, w, h, data.voicesName + ' MISSING'); return; }
            const column = w / voices, bar = Math.max(1, Math.min(24, (column - 8) / 2)), labelled = column >= 56;
            soundCtx.font = '11px sans-serif'; soundCtx.textAlign = 'left';
            for (let i = 0; i < voices; i++) {
              const f = data.tones[(t * voices + i) * 2], a = data.tones[(t * voices + i) * 2 + 1];
              const x = i * column + (column - 2 * bar - 8) / 2;
              const fh = Math.max(0, Math.min(1, (f - fLow) / (fHigh - fLow))) * height;
              const ah = Math.max(0, Math.min(1, a / data.amplitudeMax)) * height;
              soundCtx.fillStyle = colours[i % 3];
              soundCtx.fillRect(x, base - fh, bar, fh); soundCtx.fillRect(x + bar + 6, base - ah, bar, ah);
              if (!labelled) continue;
              soundCtx.fillStyle = '#f0f0f0'; soundCtx.fillText(`${f.toFixed(0)} Hz`, x, base + 14);
              soundCtx.fillStyle = '#9a9aa6'; soundCtx.fillText(`a ${a.toFixed(3)}`, x, base + 26);
              soundCtx.fillStyle = colours[i % 3]; soundCtx.fillText(data.voices[i], x, base + 38);
            }
          }

          let step = -1, playing = false, timer = 0, startTime = 0, startStep = 0;
          function show(t) {
            t = Math.max(0, Math.min(n - 1, t));
            if (step >= 0) cells.forEach(row => row[step].classList.remove('current'));
            step = t;
            cells.forEach(row => row[t].classList.add('current'));
            drawImage(t); drawSound(t);
            scrub.value = String(t);
            viewer.dataset.step = String(t);
            clock.textContent = `step ${t + 1}/${n} · ${(t * dt).toFixed(2)} s`;
            readout.textContent = `action ${data.actions[t] >= 0 ? '+' : ''}${data.actions[t].toFixed(2)} · reward ${data.rewards[t].toFixed(2)} · return ${returns[t].toFixed(1)}`;
          }
          let until = n - 1;
          function tick() {
            const t = startStep + Math.floor((performance.now() - startTime) / (dt * 1000));
            if (t >= until) { show(until); pause(); return; }
            if (t !== step) show(t);
            timer = setTimeout(tick, dt * 250);
          }
          function play() {
            if (playing) return;
            if (step >= until) until = n - 1;
            if (step >= n - 1) show(0);
            playing = true; viewer.dataset.playing = '1';
            startTime = performance.now(); startStep = step;
            if (audio) { audio.currentTime = step * dt; const p = audio.play(); if (p) p.catch(() => {}); }
            tick();
          }
          function pause() {
            playing = false; viewer.dataset.playing = '0'; clearTimeout(timer);
            if (audio) audio.pause();
          }
          function seek(t) {
            show(t);
            if (playing) { startTime = performance.now(); startStep = step; }
            if (audio) audio.currentTime = step * dt;
          }
          document.getElementById('play').addEventListener('click', play);
          document.getElementById('pause').addEventListener('click', pause);
          scrub.addEventListener('input', () => seek(Number(scrub.value)));
          show(0);
          const autoplay = /^#play(?:-until=(\d+))?$/.exec(location.hash);
          if (autoplay) { if (autoplay[1] !== undefined) until = Math.min(n - 1, Number(autoplay[1])); play(); }
        })();
        </script>
        </body>
        </html>
        """;
}
