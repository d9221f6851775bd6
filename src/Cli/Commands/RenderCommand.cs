using GmcRL.Cli.Options;
using GmcRL.Replays;
using GmcRL.Replays.Rendering;
using GmcRL.Storage;

namespace GmcRL.Cli.Commands;

/// <summary>
/// <c>gmcrl render &lt;replay&gt;</c>: writes a replay's animated GIF, sonified WAV (when it has voices), self-contained
/// HTML viewer and, where ffmpeg is installed, MP4, beside the replay (or into <c>--out</c>), and says which were written.
/// Its exit code is 0 when every file it could make is written (no ffmpeg means no MP4, and says so), 1 when ffmpeg ran
/// and failed: the MP4 is missing, the GIF, WAV and HTML are written, and standard error gets ffmpeg's exit
/// code and last error line.
/// </summary>
public static class RenderCommand
{
    private const string Name = "gmcrl render";

    /// <summary>Runs the command; the report goes to <paramref name="output"/>, a failure of ffmpeg to
    /// <paramref name="errors"/> (standard error when null).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter? errors = null)
    {
        string? replayPath = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : null;
        var cl = new CommandLine(Name + " <replay>",
            "Renders a recorded episode (a .replay file from a run's replays/ folder) as an animated GIF, a WAV of its sound\n" +
            "(each voice's tone at its recorded frequency, or a recorded signal such as Hyperhot's four microphones sample by\n" +
            "sample, one channel each; silent while the agent missed it; none for a replay with neither), a self-contained\n" +
            "HTML viewer and, where ffmpeg is installed, an MP4. Exits with 1 when\n" +
            "ffmpeg fails (the other files are written), with 0 when every file it can make is.", replayPath is null ? args : args[1..]);
        string? outFolder = cl.OptionalText("out", "a folder", "folder to write into (default: the replay's own folder)");
        bool noMp4 = cl.Flag("no-mp4", "do not write the MP4 even when ffmpeg is installed");
        if (cl.ShowHelp(output)) return 0;
        if (replayPath is null)
            throw new CommandLineException($"{Name}: name a replay file: {Name} <replay> [--out FOLDER]. List a run's replays with 'gmcrl replays <run folder>'.");

        Replay replay;
        try
        {
            replay = ReplayFile.Read(replayPath);
        }
        catch (ReplayFormatException e)
        {
            throw new CommandLineException($"{Name}: {e.Message}");
        }
        if (replay.Count == 0) throw new CommandLineException($"{Name}: '{replayPath}' holds no steps, so there is nothing to render.");

        string folder = outFolder ?? Path.GetDirectoryName(Path.GetFullPath(replayPath))!;
        string name = Path.GetFileNameWithoutExtension(replayPath);
        var (gif, wav, html, mp4) = ReplayRenderer.OutputPaths(folder, name);
        // By name, or through a link (replay.replay -> replay.gif) or a hard link: the real files are compared.
        if (new[] { gif, wav, html, mp4 }.FirstOrDefault(p => Path.GetFullPath(p) == Path.GetFullPath(replayPath) || InputFile.SameFile(replayPath, p)) is string own)
            throw new CommandLineException($"{Name}: '{replayPath}' would be overwritten by its own render ('{own}' is the same file); nothing was written. Rename or copy the replay, or choose another folder with --out.");
        RenderResult result;
        try
        {
            result = ReplayRenderer.Render(replay, folder, name, new RenderOptions { Mp4 = !noMp4 });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandLineException($"{Name}: cannot write into '{folder}': {e.Message}");
        }

        var h = replay.Header;
        output.WriteLine($"{h.Condition}, episode {h.Episode} (seed {h.Seed}): {replay.Count} steps, return {replay.Return:F1}");
        output.WriteLine($"  gif   {result.Gif}");
        output.WriteLine(result.Wav is null ? "  wav   not written: the replay has neither voices nor a recorded signal, so there is nothing to hear" : $"  wav   {result.Wav}");
        output.WriteLine($"  html  {result.Html}");
        output.WriteLine(result.Mp4 is null ? $"  mp4   not written: {result.Mp4Note}" : $"  mp4   {result.Mp4}");
        if (!result.Mp4Failed) return 0;
        (errors ?? Console.Error).WriteLine($"{Name}: MP4 not written (the GIF, WAV and HTML were; --no-mp4 makes only those): {result.Mp4Note}");
        return 1;
    }
}
