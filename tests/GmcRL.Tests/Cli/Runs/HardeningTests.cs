using GmcRL.Cli.Commands;
using System.Diagnostics;
using GmcRL.Config;
using GmcRL.Cli.Options;
using GmcRL.Pipeline;
using GmcRL.Runs;
using GmcRL.Tests.Cli.Pipeline;

namespace GmcRL.Tests.Cli.Runs;

/// <summary>What a hostile or clumsy user met (issue "Hardening", cases 1, 2, 3, 7, 8 and 9): each is refused with a
/// message before anything is written, or, for a write that fails, ends on one line and leaves the run resumable.</summary>
[Collection(nameof(PipelineTests))]
public class HardeningTests
{
    private static readonly string[] Tiny = TinyRun.Overrides.SelectMany(o => new[] { "--" + o.Key, o.Value }).ToArray();

    private static ConfigException RefusedBeforeAnythingIsWritten(TestFolder root, params string[] args)
    {
        var e = Assert.Throws<ConfigException>(() => PipelineCommand.Run(Stage.Evaluate, "run", [.. args, "--runs", root.File("runs")], TextWriter.Null));
        Assert.False(Directory.Exists(root.File("runs")) && Directory.EnumerateFileSystemEntries(root.File("runs")).Any(), e.Message);
        return e;
    }

    [Theory]
    [InlineData("dataset.samples", "2147483647", "at most 100,000,000 samples")]
    [InlineData("env.frame_stack", "100000", "at most 64 frames per observation")]
    [InlineData("agent.buffer_size", "2147483647", "at most 100,000,000 replay buffer transitions")]
    [InlineData("gmc.batch_size", "2147483647", "at most 65,536 samples per batch")]
    [InlineData("agent.hidden", "1000000,1000000", "at most 65,536 units per hidden layer")]
    [InlineData("gmc.latent_size", "10000000", "at most 4,096 latent dimensions")]
    [InlineData("evaluation.parallel", "1000000", "at most 4,096 episodes run side by side")]
    [InlineData("threads", "100000", "at most 256 intra-op threads")]
    public void Sizes_no_machine_can_hold_are_refused_with_their_bound_before_any_folder_exists(string key, string value, string message)
    {
        using var root = new TestFolder("gmcrl-limits");
        var e = RefusedBeforeAnythingIsWritten(root, "--" + key, value);
        Assert.Contains($"config key '{key}': {message}", e.Message);
    }

    [Fact]
    public void A_run_that_would_not_fit_in_memory_gives_the_estimate_and_the_machine_s_figure()
    {
        var config = ConfigLoader.Load(null, null, []) with { Dataset = new DatasetConfig { Samples = 90_000_000 } };
        var env = RunEnvironment.Of(config);
        // 90 million samples of two stacked 60x60 bit images and 2x3x2 floats, twice (observation and next): about
        // 160 GiB, and twice that while the dataset is loaded (the file's bytes beside the columns).
        Assert.InRange(Limits.EstimateBytes(config, env), 300L << 30, 340L << 30);
        var e = Assert.Throws<ConfigException>(() => Limits.CheckMemory(config, env, availableBytes: 24L << 30));
        Assert.Contains("this run would need about 3", e.Message);
        Assert.Contains("but this machine has 24.0 GiB", e.Message);
        Limits.CheckMemory(ConfigLoader.Load(null, null, []), env, availableBytes: 1L << 30); // the quickstart fits in 1 GiB
    }

    [Fact]
    public void A_dataset_too_large_for_its_file_is_refused_before_collection_and_hyperhot_muse_fits()
    {
        // Hyperhot at MUSE's 40,000 samples: its sound is stored in 16 bits, so the file is about 1.4 GiB.
        var muse = ConfigLoader.Load("hyperhot-muse", null, []);
        Assert.InRange(Limits.DatasetBytes(muse, RunEnvironment.Of(muse)), 1.3 * (1L << 30), 1.45 * (1L << 30));
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load("hyperhot-muse", null, [new("dataset.samples", "60000")]));
        Assert.Contains("config key 'dataset.samples': 60,000 samples of hyperhot-v1 would make a dataset file of about 2.1 GiB, more than a dataset file holds", e.Message);
    }

    [Fact]
    public void A_full_disk_ends_with_one_line_naming_the_file_and_leaves_a_run_that_resumes_elsewhere()
    {
        using var root = new TestFolder("gmcrl-fulldisk");
        string disk = root.File("disk");
        Directory.CreateDirectory(disk);
        // A 5 MB file system: the dataset fits, the first GMC checkpoint (7.7 MB) does not.
        Mount(disk);
        try
        {
            var error = Console.Error;
            var captured = new StringWriter();
            Console.SetError(captured);
            int code;
            try
            {
                code = GmcRL.Cli.Program.Main(["run", .. Tiny, "--runs", Path.Combine(disk, "runs")]);
            }
            finally
            {
                Console.SetError(error);
            }
            Assert.Equal(1, code);
            string message = captured.ToString().Trim();
            Assert.Single(message.Split('\n'));
            Assert.Matches(@"^gmcrl: could not write '.*/gmc/(best|last)\.gmc': No space left on device\. The run is kept; once that is fixed, continue it with: gmcrl run --resume ", message);
            string folder = Directory.GetDirectories(Path.Combine(disk, "runs")).Single();
            Assert.Empty(Directory.EnumerateFiles(folder, "*.tmp", SearchOption.AllDirectories));
            // Moved to a disk with room, the same folder resumes and finishes.
            string moved = root.File("moved");
            CopyFolder(folder, moved);
            Assert.Equal(0, PipelineCommand.Run(Stage.Evaluate, "run", ["--resume", moved], TextWriter.Null));
            Assert.True(File.Exists(Path.Combine(moved, "report.md")));
        }
        finally
        {
            Run("umount", disk);
        }
    }

    [Fact]
    public void A_second_process_on_a_run_folder_is_refused_with_the_holder_s_pid()
    {
        using var root = new TestFolder("gmcrl-lock");
        var run = RunFolder.Create(root.Path, ConfigLoader.Load(null, null, TinyRun.Overrides), DateTime.UtcNow);
        using (RunLock.Acquire(run.Path))
        {
            // In this process ...
            var e = Assert.Throws<ConfigException>(() => PipelineCommand.Run(Stage.Evaluate, "run", ["--resume", run.Path], TextWriter.Null));
            Assert.Contains($"is in use by another gmcrl process (pid {Environment.ProcessId})", e.Message);
            // ... and from another one, as two shells resuming the same run would.
            string gmcrl = Path.Combine(AppContext.BaseDirectory, "gmcrl.dll");
            var (code, output) = Run("dotnet", gmcrl, "run", "--resume", run.Path);
            Assert.Equal(2, code);
            Assert.Contains($"(pid {Environment.ProcessId})", output);
        }
        Assert.False(File.Exists(Path.Combine(run.Path, "metrics.csv")));
        Assert.False(File.Exists(Path.Combine(run.Path, ".lock.pid")));
    }

    [Fact]
    public void Taking_a_run_folder_removes_the_temporary_files_of_killed_processes_and_nothing_else()
    {
        using var root = new TestFolder("gmcrl-stale");
        Directory.CreateDirectory(root.File("agent"));
        string[] stale = [root.File(".metrics.csv.99999.0123456789abcdef0123456789abcdef.tmp"), Path.Combine(root.Path, "agent", ".agent-100.ckpt.4242.fedcba9876543210fedcba9876543210.tmp")];
        string mine = root.File($".report.md.{Environment.ProcessId}.0123456789abcdef0123456789abcdef.tmp");
        string user = root.File(".notes.tmp");
        foreach (string f in stale.Append(mine).Append(user)) File.WriteAllText(f, "x");
        using (RunLock.Acquire(root.Path))
        {
            Assert.All(stale, f => Assert.False(File.Exists(f), f));
            Assert.True(File.Exists(mine));
            Assert.True(File.Exists(user));
        }
    }

    [Fact]
    public void A_runs_path_too_long_for_the_file_system_is_refused_before_the_run_starts()
    {
        using var root = new TestFolder("gmcrl-long");
        string deep = Path.Combine([root.Path, .. Enumerable.Repeat(new string('d', 200), 20)]);
        var e = Assert.Throws<ConfigException>(() => PipelineCommand.Run(Stage.Evaluate, "run", ["--runs", deep], TextWriter.Null));
        Assert.Contains("longer than the 4095 a path may have; choose a shorter --runs folder", e.Message);
        Assert.False(Directory.Exists(Path.Combine(root.Path, new string('d', 200))));
    }

    [Fact]
    public void Smaller_mistakes_are_named()
    {
        using var root = new TestFolder("gmcrl-small");
        Assert.Contains("--runs", Assert.Throws<CommandLineException>(() => PipelineCommand.Run(Stage.Evaluate, "run", ["--runs", ""], TextWriter.Null)).Message);
        Assert.Contains("--runs has no effect with --resume", Assert.Throws<CommandLineException>(() =>
            PipelineCommand.Run(Stage.Evaluate, "run", ["--resume", root.Path, "--runs", root.File("x")], TextWriter.Null)).Message);
        File.WriteAllText(root.File("afile"), "");
        Assert.Contains($"'{root.File("afile")}' is a file, not a folder", Assert.Throws<ConfigException>(() =>
            PipelineCommand.Run(Stage.Evaluate, "run", ["--runs", Path.Combine(root.File("afile"), "sub")], TextWriter.Null)).Message);
        Assert.Contains("'/dev/null' is a character device, not a dataset", RefusedBeforeAnythingIsWritten(root, "--dataset.path", "/dev/null").Message);
        File.WriteAllText(root.File("empty.gmcdata"), "");
        Assert.Contains("is empty, not a dataset", RefusedBeforeAnythingIsWritten(root, "--dataset.path", root.File("empty.gmcdata")).Message);
    }

    [Fact]
    public async Task A_config_that_is_not_a_regular_file_is_refused_without_reading_it()
    {
        using var root = new TestFolder("gmcrl-config-file");
        Assert.Contains("config file '/dev/zero' is a character device, not a config file",
            Assert.Throws<ConfigException>(() => ConfigLoader.Load(null, "/dev/zero", [])).Message);
        string fifo = root.File("config.fifo");
        Assert.Equal(0, Run("mkfifo", fifo).Code);
        // A regression would block on the FIFO: the load runs on a task the test gives 10 seconds.
        var load = Task.Run(() => ConfigLoader.Load(null, fifo, []));
        Assert.True(await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(10))) == load, "reading a FIFO as a config blocked");
        Assert.Contains("is a FIFO (named pipe), not a config file", (await Assert.ThrowsAsync<ConfigException>(() => load)).Message);
    }

    [Fact]
    public void A_latent_size_edited_in_config_json_after_pretraining_is_refused_not_ignored()
    {
        using var root = new TestFolder("gmcrl-latent");
        var run = RunFolder.Create(root.Path, ConfigLoader.Load(null, null, TinyRun.Overrides), DateTime.UtcNow);
        Assert.True(new RunPipeline(run, TextWriter.Null, CancellationToken.None).RunThrough(Stage.Pretrain));
        File.WriteAllText(run.ConfigFile, File.ReadAllText(run.ConfigFile).Replace("\"latent_size\": 10", "\"latent_size\": 12"));
        var e = Assert.Throws<ConfigException>(() => PipelineCommand.Run(Stage.Evaluate, "run", ["--resume", run.Path], TextWriter.Null));
        Assert.Contains("config key 'gmc.latent_size': 12, but the pretrained model", e.Message);
        Assert.Contains("has latents of 10", e.Message);
        Assert.False(Directory.Exists(run.AgentFolder) && Directory.EnumerateFiles(run.AgentFolder).Any());
    }

    [Fact]
    public void A_dataset_of_another_frame_count_is_refused_before_the_run_folder_exists()
    {
        using var root = new TestFolder("gmcrl-frames");
        var data = GmcRL.Representation.Data.DatasetCollector.Collect(GmcRL.Envs.Registry.EnvRegistry.Get(GmcRL.Envs.Registry.EnvRegistry.DefaultId),
            new GmcRL.Representation.Data.CollectionOptions { Count = 50, FrameStack = 2 });
        GmcRL.Representation.Data.DatasetFile.Save(data, root.File("data.gmcdata"));
        var e = RefusedBeforeAnythingIsWritten(root, "--dataset.path", root.File("data.gmcdata"), "--env.frame_stack", "3");
        Assert.Contains("config key 'env.frame_stack': 3, but the dataset", e.Message);
    }

    private static void Mount(string folder)
    {
        var (code, output) = Run("mount", "-t", "tmpfs", "-o", "size=5m", "tmpfs", folder);
        Assert.True(code == 0, $"this test mounts a 5 MB tmpfs and needs root (CI runs as root): mount said {output}");
    }

    private static (int Code, string Output) Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), $"{program} did not end");
        return (process.ExitCode, output);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (string dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }
}
