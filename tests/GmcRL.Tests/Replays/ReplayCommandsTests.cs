using GmcRL.Cli.Options;
using GmcRL.Cli.Commands;
using GmcRL.Envs.Wrappers;
using GmcRL.Replays;
using GmcRL.Replays.Rendering;

namespace GmcRL.Tests.Replays;

/// <summary><c>gmcrl render</c> and <c>gmcrl replays</c> (src/Cli/Commands), tested beside the replay layer they drive.</summary>
public class ReplayCommandsTests
{
    private static TestFolder RunFolderWithReplays(out Replay[] replays)
    {
        replays =
        [
            Episodes.Record(25, null, seed: 1, condition: "all").Replay,
            Episodes.Record(40, new DropSchedule.PerStep(0.3), seed: 2, condition: "per_step_p0.3").Replay,
        ];
        var run = new TestFolder("gmcrl-run");
        ReplayFile.Write(Path.Combine(run.Path, "replays", ReplayFile.Name("all", 0)), replays[0]);
        ReplayFile.Write(Path.Combine(run.Path, "replays", ReplayFile.Name("per_step_p0.3", 0)), replays[1]);
        return run;
    }

    [Fact]
    public void Replays_lists_condition_return_and_length_and_names_unreadable_files()
    {
        using var folder = RunFolderWithReplays(out var replays);
        string run = folder.Path;
        File.WriteAllText(Path.Combine(run, "replays", "broken.replay"), "not a replay");
        var output = new StringWriter();
        Assert.Equal(0, ReplaysCommand.Run([run], output));
        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("3 replays in ", lines[0]);
        Assert.Contains("image missing", lines[1]);
        Assert.Matches(@"^all-ep000\.replay\s+all\s+0\s+1\s+25\s+" + Regex(replays[0].Return) + @"\s+0%\s+0%", lines[2]);
        Assert.StartsWith("broken.replay", lines[3]);
        Assert.Contains("unreadable: is not a GmcRL replay file", lines[3]);
        Assert.Matches(@"^per_step_p0\.3-ep000\.replay\s+per_step_p0\.3\s+0\s+2\s+40\s+" + Regex(replays[1].Return), lines[4]);

        var json = new StringWriter();
        Assert.Equal(0, ReplaysCommand.Run([run, "--json"], json));
        using var doc = System.Text.Json.JsonDocument.Parse(json.ToString());
        Assert.Equal(3, doc.RootElement.GetArrayLength());
        Assert.Equal(25, doc.RootElement[0].GetProperty("steps").GetInt32());
        Assert.StartsWith("is not a GmcRL replay file", doc.RootElement[1].GetProperty("error").GetString());

        var entries = ReplaysCommand.List(Path.Combine(run, "replays"));
        double imageMissing = Enumerable.Range(0, 40).Count(t => !replays[1].Mask(t).Has(0)) / 40.0;
        Assert.Equal(imageMissing, entries[2].MissingFraction!["image"]);
        Assert.True(imageMissing > 0);
    }

    [Fact]
    public void Replays_gives_clear_errors_for_a_wrong_folder()
    {
        using var folder = new TestFolder("gmcrl-run");
        string empty = folder.Path;
        Assert.Contains("has no replays/ folder", Assert.Throws<CommandLineException>(() => ReplaysCommand.Run([empty], TextWriter.Null)).Message);
        Assert.Contains("does not exist", Assert.Throws<CommandLineException>(() => ReplaysCommand.Run([Path.Combine(empty, "nope")], TextWriter.Null)).Message);
        File.WriteAllText(folder.File("a-file"), "");
        Assert.Contains("is a file, not a folder", Assert.Throws<CommandLineException>(() => ReplaysCommand.Run([folder.File("a-file")], TextWriter.Null)).Message);
        Assert.Contains("name a run folder", Assert.Throws<CommandLineException>(() => ReplaysCommand.Run([], TextWriter.Null)).Message);
    }

    [Fact]
    public void Render_writes_beside_the_replay_and_reports_each_file()
    {
        using var folder = RunFolderWithReplays(out _);
        string run = folder.Path;
        string replay = Path.Combine(run, "replays", "all-ep000.replay");
        string outFolder = Path.Combine(run, "renders");
        var output = new StringWriter();
        Assert.Equal(0, RenderCommand.Run([replay, "--out", outFolder, "--no-mp4"], output));
        string text = output.ToString();
        Assert.Contains("all, episode 0 (seed 1): 25 steps", text);
        Assert.Contains("mp4   not written: not requested", text);
        foreach (string ext in new[] { ".gif", ".wav", ".html" })
        {
            Assert.True(File.Exists(Path.Combine(outFolder, "all-ep000" + ext)), ext);
            Assert.Contains(Path.Combine(outFolder, "all-ep000" + ext), text);
        }
    }

    [Fact]
    public void Render_fails_clearly_on_bad_input_and_leaves_the_replay_and_old_renderings_alone()
    {
        using var folder = RunFolderWithReplays(out _);
        string run = folder.Path;
        string replay = Path.Combine(run, "replays", "all-ep000.replay");
        string gif = Path.Combine(run, "replays", "all-ep000.gif");
        File.WriteAllText(gif, "an earlier rendering");
        byte[] bytes = File.ReadAllBytes(replay);
        bytes[^10] ^= 0xFF;
        File.WriteAllBytes(replay, bytes);

        var error = Assert.Throws<CommandLineException>(() => RenderCommand.Run([replay], TextWriter.Null));
        Assert.Contains("checksum", error.Message);
        Assert.Equal(bytes, File.ReadAllBytes(replay));
        Assert.Equal("an earlier rendering", File.ReadAllText(gif));

        Assert.Contains("truncated", Assert.Throws<CommandLineException>(() =>
        {
            File.WriteAllBytes(replay, bytes[..100]);
            RenderCommand.Run([replay], TextWriter.Null);
        }).Message);
        Assert.Contains("does not exist", Assert.Throws<CommandLineException>(() => RenderCommand.Run([replay + ".nope"], TextWriter.Null)).Message);
        Assert.Contains("name a replay file", Assert.Throws<CommandLineException>(() => RenderCommand.Run([], TextWriter.Null)).Message);
        Assert.Contains("unknown option --fps", Assert.Throws<CommandLineException>(() => RenderCommand.Run([replay, "--fps", "3"], TextWriter.Null)).Message);
        Assert.Equal("an earlier rendering", File.ReadAllText(gif));
    }

    [Fact]
    public void Render_refuses_to_overwrite_its_own_replay_and_writes_nothing_when_an_output_cannot_be_written()
    {
        using var folder = RunFolderWithReplays(out _);
        string replays = Path.Combine(folder.Path, "replays");
        string replay = Path.Combine(replays, "all-ep000.replay");
        byte[] bytes = File.ReadAllBytes(replay);

        // A replay named like one of its renderings would be replaced by it.
        string misnamed = Path.Combine(replays, "episode.gif");
        File.Copy(replay, misnamed);
        Assert.Contains("would be overwritten by its own render",
            Assert.Throws<CommandLineException>(() => RenderCommand.Run([misnamed, "--no-mp4"], TextWriter.Null)).Message);
        Assert.Equal(bytes, File.ReadAllBytes(misnamed));

        // A folder where the WAV goes: the earlier GIF stays as it was, and nothing new appears.
        string gif = Path.Combine(replays, "all-ep000.gif");
        File.WriteAllText(gif, "an earlier rendering");
        Directory.CreateDirectory(Path.Combine(replays, "all-ep000.wav"));
        Assert.Contains("is a folder", Assert.Throws<CommandLineException>(() => RenderCommand.Run([replay, "--no-mp4"], TextWriter.Null)).Message);
        Assert.Equal("an earlier rendering", File.ReadAllText(gif));
        Assert.False(File.Exists(Path.Combine(replays, "all-ep000.html")));
    }

    [Fact]
    public void Render_refuses_to_overwrite_its_replay_through_a_link_and_writes_nothing()
    {
        using var folder = RunFolderWithReplays(out _);
        string replays = Path.Combine(folder.Path, "replays");
        string data = Path.Combine(replays, "s.gif");
        File.Copy(Path.Combine(replays, "all-ep000.replay"), data);
        byte[] bytes = File.ReadAllBytes(data);
        string[] before = Directory.GetFileSystemEntries(replays);

        // s.replay -> s.gif: the GIF that 'render s.replay' writes is the replay itself.
        string link = Path.Combine(replays, "s.replay");
        File.CreateSymbolicLink(link, data);
        var e = Assert.Throws<CommandLineException>(() => RenderCommand.Run([link, "--no-mp4"], TextWriter.Null));
        Assert.Equal($"gmcrl render: '{link}' would be overwritten by its own render ('{data}' is the same file); nothing was written. " +
            "Rename or copy the replay, or choose another folder with --out.", e.Message);

        // The output folder a link to the replay's folder, and a hard link: the same file under other names.
        string other = Path.Combine(folder.Path, "other");
        Directory.CreateSymbolicLink(other, replays);
        Assert.Contains("is the same file", Assert.Throws<CommandLineException>(() => RenderCommand.Run([link, "--out", other, "--no-mp4"], TextWriter.Null)).Message);
        string hard = Path.Combine(folder.Path, "s.replay");
        using (var ln = System.Diagnostics.Process.Start("ln", [data, hard])) ln.WaitForExit();
        Assert.Contains("is the same file", Assert.Throws<CommandLineException>(() => RenderCommand.Run([hard, "--out", replays, "--no-mp4"], TextWriter.Null)).Message);

        Assert.Equal(bytes, File.ReadAllBytes(data));
        Assert.Equal(before.Append(link).Order(), Directory.GetFileSystemEntries(replays).Order());
        Assert.Equal(1, ReplayFile.Read(link).Header.Seed);
    }

    [Fact]
    public void Render_into_a_folder_named_dash_dir_hands_ffmpeg_paths_and_fails_when_ffmpeg_fails()
    {
        Assert.True(ReplayRenderer.FindProgram("ffmpeg") is not null, "ffmpeg is needed for this test: apt-get install ffmpeg (build/install-deps.sh installs it).");
        using var folder = RunFolderWithReplays(out _);
        File.Copy(Path.Combine(folder.Path, "replays", "all-ep000.replay"), folder.File("x.replay"));

        // A relative output folder that looks like an option, from the folder it is relative to.
        var (exit, output, error) = Gmcrl(folder.Path, null, "render", "x.replay", "--out", "-dir");
        Assert.True(exit == 0, error);
        Assert.Contains("  mp4   -dir/x.mp4", output);
        Assert.Equal("ftyp", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(folder.File("-dir/x.mp4")), 4, 4));

        // An ffmpeg that fails: the command fails with its last error line, the other files are written.
        string bin = folder.File("bin");
        Directory.CreateDirectory(bin);
        File.WriteAllText(Path.Combine(bin, "ffmpeg"), "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$(dirname \"$0\")/arguments\"\necho 'first line' >&2\necho 'Conversion failed!' >&2\nexit 3\n");
        using (var chmod = System.Diagnostics.Process.Start("chmod", ["+x", Path.Combine(bin, "ffmpeg")])) chmod.WaitForExit();
        Directory.Delete(folder.File("-dir"), recursive: true);
        (exit, output, error) = Gmcrl(folder.Path, bin, "render", "x.replay", "--out", "-dir");
        Assert.Equal(1, exit);
        Assert.Equal("gmcrl render: MP4 not written (the GIF, WAV and HTML were; --no-mp4 makes only those): ffmpeg failed (exit code 3): Conversion failed!", error.Trim());
        Assert.Contains("  mp4   not written: ffmpeg failed (exit code 3): Conversion failed!", output);
        Assert.Equal(["x.gif", "x.html", "x.wav"], Directory.GetFileSystemEntries(folder.File("-dir")).Select(Path.GetFileName).Order());

        // Every path reached ffmpeg as an absolute file: path, none as something that starts with '-'.
        string[] arguments = File.ReadAllLines(Path.Combine(bin, "arguments"));
        string dir = folder.File("-dir");
        Assert.Equal($"file:{dir}/x.gif", arguments[Array.IndexOf(arguments, "-i") + 1]);
        Assert.Equal($"file:{dir}/x.wav", arguments[Array.LastIndexOf(arguments, "-i") + 1]);
        Assert.StartsWith($"file:{dir}/.x.mp4.", arguments[^1]);
    }

    // Runs the gmcrl program in <paramref name="folder"/>, with <paramref name="bin"/> (when given) first on the PATH.
    private static (int Exit, string Output, string Error) Gmcrl(string folder, string? bin, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "gmcrl"))
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (string a in args) start.ArgumentList.Add(a);
        if (bin is not null) start.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"gmcrl {string.Join(' ', args)} did not finish within 2 minutes.");
        }
        return (process.ExitCode, output.Result, error.Result);
    }

    private static string Regex(double value) => System.Text.RegularExpressions.Regex.Escape(value.ToString("F1", System.Globalization.CultureInfo.InvariantCulture));
}
