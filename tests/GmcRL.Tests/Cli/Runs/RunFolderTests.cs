using GmcRL.Config;
using GmcRL.Runs;

namespace GmcRL.Tests.Cli.Runs;

public class RunFolderTests
{
    [Fact]
    public void A_new_run_folder_is_named_after_env_agent_seed_and_time_and_holds_its_config_first()
    {
        using var folder = new TestFolder("gmcrl-runs");
        string root = folder.Path;
        var config = Presets.Of("quickstart", null) with { Seed = 7 };
        var time = new DateTime(2026, 11, 27, 10, 5, 9, DateTimeKind.Utc);
        var run = RunFolder.Create(root, config, time);
        Assert.Equal("multimodal-pendulum-v1__sac__7__20261127T100509Z", Path.GetFileName(run.Path));
        Assert.Equal(["config.json"], Directory.GetFiles(run.Path).Select(Path.GetFileName));

        // The quickstart's gmc.precision auto is stored as what this processor computes in; otherwise the config is the
        // one given, and reopening gives it back. A second run in the same second gets its own folder.
        Assert.NotEqual(Precision.Auto, run.Config.Gmc.Precision);
        Assert.Equal(config with { Gmc = config.Gmc with { Precision = run.Config.Gmc.Precision } }, run.Config);
        Assert.Equal(run.Config, RunFolder.Open(run.Path).Config);
        var second = RunFolder.Create(root, config, time);
        Assert.NotEqual(run.Path, second.Path);
    }

    [Theory]
    [InlineData(RepresentationKind.Gmc, "multimodal-pendulum-v1__ddpg__3__20261127T100509Z")]
    [InlineData(RepresentationKind.FusionAe, "multimodal-pendulum-v1__ddpg-fusion_ae__3__20261127T100509Z")]
    [InlineData(RepresentationKind.Mvae, "multimodal-pendulum-v1__ddpg-mvae__3__20261127T100509Z")]
    [InlineData(RepresentationKind.TrueState, "multimodal-pendulum-v1__ddpg-true_state__3__20261127T100509Z")]
    public void A_baselines_run_folder_names_its_representation_beside_the_agent(RepresentationKind kind, string expected)
    {
        using var folder = new TestFolder("gmcrl-runs");
        var config = Presets.Of("paper", null) with { Seed = 3, Representation = kind };
        var run = RunFolder.Create(folder.Path, config, new DateTime(2026, 11, 27, 10, 5, 9, DateTimeKind.Utc));
        Assert.Equal(expected, Path.GetFileName(run.Path));
    }

    [Fact]
    public void Runs_made_at_the_same_moment_under_one_name_each_get_their_own_folder_holding_their_own_config()
    {
        // Same env, agent, seed and second, so the same name: as two configs started together from a script.
        using var folder = new TestFolder("gmcrl-runs");
        const int Together = 6, Rounds = 15;
        var baseConfig = Presets.Of("quickstart", null);
        for (int round = 0; round < Rounds; round++)
        {
            var time = new DateTime(2026, 11, 27, 10, 5, round, DateTimeKind.Utc);
            var configs = Enumerable.Range(0, Together).Select(i => baseConfig with { Agent = baseConfig.Agent with { Steps = 20_000 + i } }).ToArray();
            var runs = new RunFolder[Together];
            var failures = new Exception?[Together];
            using var start = new Barrier(Together);
            var threads = Enumerable.Range(0, Together).Select(i => new Thread(() =>
            {
                start.SignalAndWait();
                // Caught and asserted below: an exception on a thread of its own would end the test host instead.
                try { runs[i] = RunFolder.Create(folder.Path, configs[i], time); }
                catch (Exception e) { failures[i] = e; }
            })).ToArray();
            foreach (var t in threads) t.Start();
            foreach (var t in threads) t.Join();

            Assert.All(failures, Assert.Null);

            Assert.Equal(Together, runs.Select(r => r.Path).Distinct().Count());
            for (int i = 0; i < Together; i++)
                Assert.Equal(20_000 + i, RunFolder.Open(runs[i].Path).Config.Agent.Steps);
        }
        Assert.Empty(Directory.GetFiles(folder.Path, ".config.json.claim", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_folder_another_process_is_making_is_skipped_by_a_new_run_and_named_when_asked_for()
    {
        using var folder = new TestFolder("gmcrl-runs");
        var config = Presets.Of("quickstart", null);
        var time = new DateTime(2026, 11, 27, 10, 5, 9, DateTimeKind.Utc);
        string taken = folder.File("multimodal-pendulum-v1__sac__0__20261127T100509Z");
        Directory.CreateDirectory(taken);
        File.WriteAllText(Path.Combine(taken, ".config.json.claim"), "");

        var run = RunFolder.Create(folder.Path, config, time);
        Assert.Equal(taken + "-2", run.Path);
        var e = Assert.Throws<ConfigException>(() => RunFolder.CreateAt(taken, config));
        Assert.Contains("is being made by another gmcrl process", e.Message);
        Assert.False(File.Exists(Path.Combine(taken, "config.json")));
    }

    [Fact]
    public void A_run_started_before_agent_overlap_existed_resumes_with_its_updates_one_after_the_other()
    {
        using var folder = new TestFolder("gmcrl-runs");
        var run = RunFolder.Create(folder.Path, Presets.Of("quickstart", null), DateTime.UtcNow);
        Assert.True(run.Config.Agent.Overlap);
        Assert.Contains("\"overlap\": true", File.ReadAllText(run.ConfigFile));
        Assert.True(RunFolder.Open(run.Path).Config.Agent.Overlap);

        // The same config.json without the key, as older runs wrote it.
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(run.ConfigFile))!;
        json["agent"]!.AsObject().Remove("overlap");
        File.WriteAllText(run.ConfigFile, json.ToJsonString());

        var reopened = RunFolder.Open(run.Path).Config;
        Assert.False(reopened.Agent.Overlap);
        Assert.Equal(run.Config with { Agent = run.Config.Agent with { Overlap = false } }, reopened);
    }

    [Fact]
    public void Opening_something_that_is_not_a_run_folder_is_a_clear_error()
    {
        using var folder = new TestFolder("gmcrl-runs");
        string empty = folder.Path;
        Assert.Contains("has no config.json", Assert.Throws<ConfigException>(() => RunFolder.Open(empty)).Message);
        Assert.Contains("does not exist", Assert.Throws<ConfigException>(() => RunFolder.Open(Path.Combine(empty, "nope"))).Message);
        File.WriteAllText(folder.File("a-file"), "");
        Assert.Contains("is a file, not a folder", Assert.Throws<ConfigException>(() => RunFolder.Open(folder.File("a-file"))).Message);
    }

    [Fact]
    public void A_runs_folder_that_is_a_file_is_a_clear_error_and_stays_as_it_was()
    {
        using var folder = new TestFolder("gmcrl-runs");
        string file = folder.File("runs");
        File.WriteAllText(file, "not a folder");
        var e = Assert.Throws<ConfigException>(() => RunFolder.Create(file, Presets.Of("quickstart", null), DateTime.UtcNow));
        Assert.Contains("is a file, not a folder", e.Message);
        Assert.Equal("not a folder", File.ReadAllText(file));
    }
}
