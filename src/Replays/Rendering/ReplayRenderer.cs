using System.Diagnostics;
using GmcRL.Storage;

namespace GmcRL.Replays.Rendering;

/// <summary>
/// Renders a replay into files beside each other: <c>NAME.gif</c> (the animation, one frame per step at the episode's
/// speed), <c>NAME.wav</c> (the voices' tones, <see cref="Sonification"/>, or the recorded signal, <see cref="SignalAudio"/>),
/// <c>NAME.html</c> (<see cref="ReplayViewer"/>) and, where ffmpeg is installed, <c>NAME.mp4</c> (the GIF's frames with the
/// WAV's sound). A replay with neither voices nor a signal to play gets no WAV (not a silent one), an MP4 without sound and a page without audio; a
/// replay without an image modality gets a GIF and page whose image panel says "NO IMAGE". Every file is written
/// atomically; the same replay gives the same GIF, WAV and HTML bytes. ffmpeg gets every path as an absolute
/// <c>file:</c> path, so that no folder or file name can read as one of its options; when it fails, the other files
/// stay written and <see cref="RenderResult.Mp4Failed"/> says so, with ffmpeg's exit code and last error line.
/// </summary>
public static class ReplayRenderer
{
    private static readonly TimeSpan FfmpegTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The animated GIF of <paramref name="replay"/>.</summary>
    public static byte[] Gif(Replay replay)
    {
        RequireSteps(replay);
        var picture = new ReplayPicture(replay);
        var canvas = new byte[ReplayPicture.Width * ReplayPicture.Height];
        using var memory = new MemoryStream();
        var gif = new GifEncoder(memory, ReplayPicture.Width, ReplayPicture.Height, ReplayPicture.Palette);
        for (int t = 0; t < replay.Count; t++)
        {
            picture.Draw(t, canvas);
            // GIF delays are whole hundredths: take the rounding of the running time, so the total stays exact.
            int delay = (int)(Math.Round((t + 1) * replay.Header.Dt * 100) - Math.Round(t * replay.Header.Dt * 100));
            gif.AddFrame(canvas, delay);
        }
        gif.Finish();
        return memory.ToArray();
    }

    /// <summary>The files <see cref="Render"/> writes for <paramref name="folder"/> and <paramref name="name"/>.</summary>
    public static (string Gif, string Wav, string Html, string Mp4) OutputPaths(string folder, string name) =>
        (Path.Combine(folder, name + ".gif"), Path.Combine(folder, name + ".wav"), Path.Combine(folder, name + ".html"), Path.Combine(folder, name + ".mp4"));

    /// <summary>Writes the GIF, WAV, HTML (and MP4 when possible) of <paramref name="replay"/> as
    /// <paramref name="folder"/>/<paramref name="name"/>.* (no WAV for a replay with nothing to hear, <see cref="Wav"/>); throws <see cref="IOException"/>, writing nothing, when a
    /// folder stands where one of them goes.</summary>
    public static RenderResult Render(Replay replay, string folder, string name, RenderOptions? options = null)
    {
        options ??= new RenderOptions();
        RequireSteps(replay);
        var (gif, wav, html, mp4) = OutputPaths(folder, name);
        // Nothing is written unless every output can be: a folder in an output's place would fail midway.
        foreach (string path in new[] { gif, wav, html, mp4 })
            if (Directory.Exists(path)) throw new IOException($"'{path}' is a folder, so the render cannot write there; nothing was written.");
        Directory.CreateDirectory(folder);

        byte[] gifBytes = Gif(replay);
        byte[]? wavBytes = Wav(replay);
        string page = ReplayViewer.Html(replay, wavBytes);
        AtomicFile.Write(gif, s => s.Write(gifBytes));
        if (wavBytes is not null) AtomicFile.Write(wav, s => s.Write(wavBytes));
        AtomicFile.WriteAllText(html, page);

        string? note = null;
        bool failed = false;
        if (!options.Mp4) note = "not requested";
        else if (FindProgram(options.Ffmpeg ?? "ffmpeg") is not string ffmpeg)
            note = "ffmpeg is not installed (Debian: apt-get install ffmpeg), so no MP4 was written; the GIF, WAV and HTML were";
        else failed = (note = Mp4(ffmpeg, gif, wavBytes is null ? null : wav, mp4)) is not null;
        return new RenderResult(gif, wavBytes is null ? null : wav, html, note is null ? mp4 : null, note, failed);
    }

    /// <summary>The episode's sound as a WAV file: its voices' tones (<see cref="Sonification"/>), else its recorded
    /// signal (<see cref="SignalAudio"/>), else null (nothing to hear).</summary>
    public static byte[]? Wav(Replay replay)
    {
        ArgumentNullException.ThrowIfNull(replay);
        if (replay.Header.Voices is not null) return Sonification.Wav(replay);
        return SignalAudio.ModalityOf(replay.Header) >= 0 ? SignalAudio.Wav(replay) : null;
    }

    // Runs ffmpeg into a temporary file beside the target, which AtomicFile renames into place; returns why it failed, or null.
    private static string? Mp4(string ffmpeg, string gif, string? wav, string mp4)
    {
        string? failure = null;
        try
        {
            AtomicFile.WriteThrough(mp4, temp => (failure = Ffmpeg(ffmpeg, gif, wav, temp)) is null);
            return failure;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            return $"ffmpeg could not be run: {e.Message}";
        }
    }

    // Encodes the GIF (and the WAV) into the MP4 file temp; returns why it failed, or null.
    private static string? Ffmpeg(string ffmpeg, string gif, string? wav, string temp)
    {
        var start = new ProcessStartInfo(ffmpeg)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        string[] args =
        [
            "-nostdin", "-y", "-loglevel", "error", "-i", FileArgument(gif), .. wav is null ? Array.Empty<string>() : ["-i", FileArgument(wav)],
            "-vf", "scale=trunc(iw/2)*2:trunc(ih/2)*2", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-threads", "1",
            .. wav is null ? Array.Empty<string>() : ["-c:a", "aac", "-shortest"],
            "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact", "-movflags", "+faststart", "-f", "mp4", FileArgument(temp),
        ];
        foreach (string a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start");
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(FfmpegTimeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return $"ffmpeg did not finish within {FfmpegTimeout.TotalMinutes:F0} minutes and was stopped";
        }
        output.Wait();
        if (process.ExitCode == 0 && File.Exists(temp)) return null;
        // With -loglevel error ffmpeg writes only errors, the cause last.
        string? last = error.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return $"ffmpeg failed (exit code {process.ExitCode}){(last is null ? "" : ": " + last)}";
    }

    // A path as ffmpeg reads it whatever its name: ffmpeg takes a relative path that starts with '-' (such as
    // "-dir/ep.gif") for an option and one that starts with "name:" for a protocol; "file:" and the absolute path are
    // always the file.
    private static string FileArgument(string path) => "file:" + Path.GetFullPath(path);

    /// <summary>The full path of <paramref name="program"/> (a path, or a name looked up on the PATH), or null.</summary>
    public static string? FindProgram(string program)
    {
        if (program.Contains('/')) return File.Exists(program) ? program : null;
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, program);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private static void RequireSteps(Replay replay)
    {
        if (replay.Count == 0) throw new ArgumentException("The replay has no steps, so there is nothing to render.", nameof(replay));
    }
}
