using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using GmcRL.Storage;

namespace GmcRL.Replays.Rendering;

/// <summary>
/// A single self-contained HTML page that plays a replay: the first image modality
/// (<see cref="ReplayHeader.ImageModality"/>) as the agent saw it, scaled to fit 180 pixels as <see cref="ReplayPicture"/>
/// scales it, each voice's frequency and amplitude (<see cref="ReplayHeader.Voices"/>) or, for a recorded signal
/// (<see cref="SignalAudio"/>), each channel's level with a box per channel that lets it be heard or not, panels struck
/// through while a modality was missing (or marked "NO IMAGE", "NO SOUND" for a replay without one), play, pause, a scrub
/// bar, a modality timeline with one cell per step (clicking a cell jumps there) and the sound in sync. Frames and
/// audio are embedded (images as bits, audio as a WAV data URL); the page's security policy forbids any network request.
/// The page itself is ReplayViewer.html, embedded in this assembly; <see cref="Html"/> fills in its placeholders.
/// </summary>
/// <remarks>For tests and tools the page keeps its state in the DOM: <c>#viewer</c>'s <c>data-step</c>,
/// <c>data-playing</c>, <c>data-lit-pixels</c> (white pixels on the image canvas after the last draw) and
/// <c>data-image-missing</c>, <c>data-sound-levels</c> (the signal's channel levels drawn last, comma-separated); each
/// channel box's <c>data-channel</c>; each timeline cell's <c>data-modality</c>, <c>data-step</c> and <c>data-missing</c>.
/// Opening it with <c>#play</c> starts playing at once; <c>#play-until=N</c> plays and pauses at step N.</remarks>
public static class ReplayViewer
{
    private const int PanelSide = 180;

    /// <summary>The page for <paramref name="replay"/> with <paramref name="wav"/> (null: no audio) embedded.</summary>
    public static string Html(Replay replay, byte[]? wav)
    {
        var h = replay.Header;
        int image = h.ImageModality, signal = SignalAudio.ModalityOf(h), channels = SignalAudio.Format(h)?.Channels ?? 0;

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
            ["signal"] = signal < 0 ? null : new Dictionary<string, object>
            {
                ["index"] = signal,
                ["name"] = h.Modalities[signal].Name.ToUpperInvariant(),
                ["channels"] = channels,
                ["levels"] = SignalLevels(replay, signal, channels),
            },
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
        string voicesTitle = WebUtility.HtmlEncode(h.Voices is not null ? $"{h.Voices.Modality.ToUpperInvariant()}: FREQUENCY (HZ) AND AMPLITUDE PER VOICE"
            : signal >= 0 ? $"{h.Modalities[signal].Name.ToUpperInvariant()}: LEVEL PER CHANNEL (TICK ONE TO HEAR IT)" : "SOUND");
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

    // Every step's level per channel of the recorded signal: the root mean square of its samples' distance from the middle
    // of the modality's range, divided by the largest over the replay (0 where the modality was missing), so the loudest
    // step fills its bar; step t's channel c at t * channels + c.
    private static double[] SignalLevels(Replay replay, int modality, int channels)
    {
        var spec = replay.Header.Modalities[modality];
        int samples = spec.Length / channels;
        double middle = (spec.Low + spec.High) / 2;
        var levels = new double[replay.Count * channels];
        for (int t = 0; t < replay.Count; t++)
        {
            if (!replay.Mask(t).Has(modality)) continue;
            var frame = replay.Floats(t, modality);
            for (int c = 0; c < channels; c++)
            {
                double sum = 0;
                foreach (float v in frame.Slice(c * samples, samples)) sum += (v - middle) * (v - middle);
                levels[t * channels + c] = Math.Sqrt(sum / samples);
            }
        }
        double loudest = levels.DefaultIfEmpty(0).Max();
        for (int i = 0; i < levels.Length; i++) levels[i] = loudest > 0 ? Math.Round(levels[i] / loudest, 3) : 0;
        return levels;
    }

    private static double Round(double x) => Math.Round(x, 5);

    // The page: ReplayViewer.html beside this file, embedded in the assembly, with {{name}} where Html puts a value.
    private static readonly string Template = ReadTemplate();

    private static string ReadTemplate()
    {
        const string name = "GmcRL.Replays.Rendering.ReplayViewer.html";
        var assembly = typeof(ReplayViewer).Assembly;
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The viewer's page '{name}' is not embedded in {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
