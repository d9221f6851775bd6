using System.Text.Json;
using System.Text.RegularExpressions;
using GmcRL.Config;
using GmcRL.Pipeline;
using GmcRL.Reports;
using GmcRL.Runs;

namespace GmcRL.Tests.Cli.Pipeline;

/// <summary>A whole run on a tiny config, made once for the tests below.</summary>
public sealed class TinyRun : IDisposable
{
    public static readonly KeyValuePair<string, string>[] Overrides =
    [
        new("threads", "1"), new("dataset.samples", "600"), new("gmc.epochs", "1"), new("gmc.batch_size", "64"),
        new("agent.steps", "200"), new("agent.learning_starts", "100"), new("agent.batch_size", "32"),
        new("agent.eval_every", "80"), new("agent.checkpoint_every", "100"), new("agent.buffer_size", "1000"),
        new("evaluation.episodes", "2"), new("evaluation.steps", "30"),
    ];

    private readonly TestFolder _root = new("gmcrl-pipeline");

    public TinyRun()
    {
        Config = ConfigLoader.Load(null, null, Overrides);
        Run = RunFolder.Create(Root, Config, new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        var output = new StringWriter();
        Finished = new RunPipeline(Run, output, CancellationToken.None).RunThrough(Stage.Evaluate);
        Output = output.ToString();
    }

    public string Root => _root.Path;
    public RunConfig Config { get; }
    public RunFolder Run { get; }
    public bool Finished { get; }
    public string Output { get; }

    public void Dispose() => _root.Dispose();
}

/// <summary>Runs alone: other tests change TorchSharp's process-wide thread count, which changes results in the last bits.</summary>
[CollectionDefinition(nameof(PipelineTests), DisableParallelization = true)]
public sealed class PipelineCollection;

[Collection(nameof(PipelineTests))]
public class PipelineTests(TinyRun tiny) : IClassFixture<TinyRun>
{
    [Fact]
    public void A_tiny_run_leaves_every_artifact()
    {
        Assert.True(tiny.Finished, tiny.Output);
        foreach (string path in new[]
        {
            tiny.Run.ConfigFile, tiny.Run.Dataset, tiny.Run.GmcCheckpoint, tiny.Run.AgentCheckpoint, tiny.Run.Metrics,
            tiny.Run.Evaluation, tiny.Run.File("evaluation.csv"), tiny.Run.Report,
            tiny.Run.File("plots", "reward_per_condition.png"), tiny.Run.File("plots", "reward_vs_drop_probability.png"),
            tiny.Run.File("plots", "learning_curve.png"), tiny.Run.Geometry, tiny.Run.File("latent_map.csv"),
            tiny.Run.File("plots", "latent_map.png"),
        })
            Assert.True(File.Exists(path), $"missing {path}\n{tiny.Output}");
        Assert.Equal(tiny.Config with { Gmc = tiny.Config.Gmc with { Precision = tiny.Run.Config.Gmc.Precision } }, RunFolder.Open(tiny.Run.Path).Config);
        // header + evaluations at steps 80 and 160, and at the last step 200 although it is not a multiple of 80
        Assert.Equal(["80", "160", "200"], File.ReadAllLines(tiny.Run.Metrics).Skip(1).Select(l => l.Split(',')[0]));
        Assert.Empty(Directory.EnumerateFiles(tiny.Run.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Each_stage_shows_one_progress_display_toward_its_whole_total_with_an_eta_and_its_key_figure()
    {
        // The agent trains in chunks of agent.eval_every steps; its display still counts toward agent.steps.
        // Lines end with '\n' in a log and are redrawn after '\r' on a terminal.
        var lines = tiny.Output.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var totals = lines.Select(l => Regex.Match(l, @"^train +\[.*\] +\d+% (\d+)/(\d+) steps .*ETA .*return .* eval ")).Where(m => m.Success).ToList();
        Assert.NotEmpty(totals);
        Assert.All(totals, m => Assert.Equal("200", m.Groups[2].Value));
        Assert.Contains(totals, m => m.Groups[1].Value == "200");
        // The random steps before agent.learning_starts (100) are labelled: their pace does not predict the rest.
        Assert.Contains(totals, m => m.Value.Contains("random warm-up"));
        Assert.All(totals, m => Assert.Equal(long.Parse(m.Groups[1].Value) < 100, m.Value.Contains("random warm-up")));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^pretrain +\[#+\] 100% 1/1 epochs .*ETA .*loss "));
        // After pretraining, the alignment of the model kept (the best epoch's checkpoint), naming its epoch.
        int kept = GmcRL.Representation.Training.GmcCheckpoint.Load(tiny.Run.GmcCheckpoint).Epoch;
        Assert.Contains(lines, l => Regex.IsMatch(l, $@"^pretrain: model = epoch {kept} of 1 \(lowest held-out loss, \d+\.\d{{3}}\); held-out alignment image: cosine .*, sound: cosine "));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^evaluate +\[#+\] 100% (\d+)/\1 episodes .*ETA "));
    }

    [Fact]
    public void Evaluation_records_replays_of_every_condition_that_list_and_render()
    {
        var files = Directory.GetFiles(tiny.Run.Replays, "*.replay");
        Assert.Equal(8 * 2, files.Length); // evaluation.replays = 2 episodes of each of the 8 conditions
        var replay = GmcRL.Replays.ReplayFile.Read(files.Single(f => Path.GetFileName(f) == "image_only-ep000.replay"));
        Assert.Equal("image_only", replay.Header.Condition);
        Assert.Equal(30, replay.Count);
        Assert.Equal(EvaluationFiles.Read(tiny.Run.Path).Conditions[1].EpisodeRewardPerStep[0] * 30, replay.Return, 9);
        Assert.Equal(10, replay.Header.LatentSize);
        // The pendulum's receivers are the voices, each step's computed from its state (theta, theta_dot).
        Assert.Equal(["theta", "theta_dot"], replay.Header.StateNames);
        Assert.Equal("sound", replay.Header.Voices!.Modality);
        var raw = new float[6];
        new GmcRL.Envs.Pendulum.MultimodalPendulum().RawSound(replay.State(7)[0], replay.State(7)[1], raw);
        Assert.Equal(raw, replay.Voices(7).ToArray());

        var listing = new StringWriter();
        Assert.Equal(0, GmcRL.Cli.Commands.ReplaysCommand.Run([tiny.Run.Path], listing));
        Assert.Contains("sound_only", listing.ToString());
    }

    [Fact]
    public void Evaluation_json_follows_the_schema()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(tiny.Run.Evaluation));
        var conditions = doc.RootElement.GetProperty("conditions").EnumerateArray().ToList();
        Assert.Equal(["all", "image_only", "sound_only", "per_episode_p0.3", "per_step_p0.1", "per_step_p0.3", "per_step_p0.5", "blackout_p0.05_k20"],
            conditions.Select(c => c.GetProperty("name").GetString()));
        foreach (var c in conditions)
        {
            Assert.Equal(2, c.GetProperty("episodes").GetInt32());
            var present = c.GetProperty("present");
            if (present.ValueKind == JsonValueKind.Array) Assert.All(present.EnumerateArray(), p => Assert.Contains(p.GetString(), new[] { "image", "sound" }));
            else Assert.Equal(JsonValueKind.Null, present.ValueKind);
            double mean = c.GetProperty("mean_reward_per_step").GetDouble();
            Assert.InRange(mean, -16.2736044, 0);
            Assert.True(c.GetProperty("std_reward_per_step").GetDouble() >= 0);
            Assert.True(c.GetProperty("ci95_reward_per_step").GetDouble() >= 0);
            Assert.Equal(mean * 30, c.GetProperty("mean_return").GetDouble(), 6);
        }
    }

    [Fact]
    public void The_report_measures_random_actions_on_the_same_episodes_and_the_share_of_the_reward_each_condition_keeps()
    {
        static string F(double x) => x.ToString("F3", System.Globalization.CultureInfo.InvariantCulture);
        var report = EvaluationFiles.Read(tiny.Run.Path);
        var random = report.RandomPolicy!;
        Assert.Equal("random_policy", random.Name);
        Assert.Equal(report.Episodes, random.Episodes);
        Assert.InRange(random.MeanRewardPerStep, -16.2736044, 0);
        string md = File.ReadAllText(tiny.Run.Report);
        Assert.Contains($"uniformly random actions score {F(random.MeanRewardPerStep)} ± {F(random.Ci95RewardPerStep)} (95% CI) on the same episodes", md);
        Assert.Contains($"| random actions | all | {F(random.MeanRewardPerStep)} | ± {F(random.Ci95RewardPerStep)} | - |", md);
        var all = report.Conditions.Single(c => c.Name == "all");
        foreach (var c in report.Conditions)
        {
            double? kept = report.Kept(c);
            Assert.Equal(RewardKeptOrNull(c), kept);
            string cell = kept is double k ? k.ToString("P1", System.Globalization.CultureInfo.InvariantCulture) : "-";
            Assert.Contains($"| {c.Name} | ", md);
            Assert.Contains($"| {F(c.MeanRewardPerStep)} | ± {F(c.Ci95RewardPerStep)} | {cell} |", md);
        }
        // The console table ends with the random actions' row.
        Assert.Matches(@"random_policy +-?\d+\.\d{3} +± \d+\.\d{3}", tiny.Output);

        double? RewardKeptOrNull(GmcRL.Agents.Evaluation.ConditionResult c) =>
            all.MeanRewardPerStep - random.MeanRewardPerStep > all.Ci95RewardPerStep + random.Ci95RewardPerStep
                ? (c.MeanRewardPerStep - random.MeanRewardPerStep) / (all.MeanRewardPerStep - random.MeanRewardPerStep)
                : null;
    }

    [Fact]
    public void TensorBoard_event_files_hold_the_scalars_of_every_stage()
    {
        var files = Directory.GetFiles(tiny.Run.TensorBoard, "events.out.tfevents.*");
        var file = Assert.Single(files);
        // TFRecord framing: per record a little-endian uint64 length, a 4-byte CRC, the event, a 4-byte CRC; the
        // records must tile the file exactly.
        byte[] bytes = File.ReadAllBytes(file);
        var events = new List<string>();
        for (long at = 0; at < bytes.Length;)
        {
            Assert.True(at + 12 <= bytes.Length, $"truncated record header at byte {at}");
            long length = BitConverter.ToInt64(bytes, (int)at);
            Assert.InRange(length, 1, bytes.Length - at - 16);
            events.Add(System.Text.Encoding.Latin1.GetString(bytes, (int)at + 12, (int)length));
            at += 16 + length;
        }
        int Count(string tag) => events.Count(e => e.Contains(tag, StringComparison.Ordinal));
        Assert.Equal(1, Count("gmc/validation_loss")); // one epoch
        Assert.Equal(1, Count("gmc_alignment/sound_positive_cosine"));
        Assert.Equal(3, Count("train/eval_mean_return")); // evaluations at steps 80, 160 and 200
        Assert.Equal(1, Count("evaluation/image_only_mean_reward_per_step"));
        Assert.Equal(1, Count("gmc_dca/sound_harmonic_mean"));
    }

    [Fact]
    public void Pretraining_measures_the_geometry_of_the_held_out_latents_and_the_report_shows_it()
    {
        // 60 of the 600 samples are held out: DCA of z(image) and z(sound) against z(1:M), and their map.
        var geometry = GeometryFiles.Read(tiny.Run.Path)!;
        Assert.Equal(("gmc", 60, 10), (geometry.Representation, geometry.Points, geometry.Dimension));
        Assert.Equal(["image", "sound"], geometry.Subsets.Select(s => s.Name));
        Assert.Equal(["all", "image", "sound"], geometry.Map!.Layers.Select(l => l.Name));
        Assert.Equal(("theta", true), (geometry.Map.StateName, geometry.Map.StateIsAngle));
        Assert.All(geometry.Map.State!, theta => Assert.InRange(theta, -Math.PI, Math.PI));
        Assert.Matches(@"geometry: gmc z\(sound\) against z\(1:M\), 60 held-out points: precision \d\.\d{3}", tiny.Output);
        string report = File.ReadAllText(tiny.Run.Report);
        Assert.Contains("## Geometry of the latent space (DCA)", report);
        var sound = geometry.Subsets[1];
        Assert.Contains(FormattableString.Invariant($"| sound | {sound.Precision:F3} | {sound.Recall:F3} | {sound.NetworkConsistency:F3} | {sound.NetworkQuality:F3} | {sound.HarmonicMean:F3} |"), report);
        Assert.Contains("![latent map](plots/latent_map.png)", report);
        // The state probes: the pendulum's true-state features (the true-state agent's inputs) from each set's latents,
        // each of the 60 points predicted from the others in five folds.
        Assert.Equal(["cos_theta", "sin_theta", "theta_dot"], geometry.StateFeatures);
        Assert.Equal(["all", "image", "sound"], geometry.StateProbes!.Select(p => p.Name));
        Assert.All(geometry.StateProbes!, p => Assert.Equal((60, 5, 3), (p.Scores.Points, p.Scores.Folds, p.Scores.Neighbours.Count)));
        Assert.All(geometry.StateProbes!.SelectMany(p => p.Scores.Linear.Concat(p.Scores.Neighbours)), r2 => Assert.InRange(r2!.Value, double.MinValue, 1));
        Assert.Contains("### What the latents hold of the true state", report);
        var image = geometry.StateProbes![1].Scores;
        Assert.Contains(FormattableString.Invariant($"| cos_theta | {geometry.StateProbes[0].Scores.Linear[0]:F2} / {geometry.StateProbes[0].Scores.Neighbours[0]:F2} | {image.Linear[0]:F2} / {image.Neighbours[0]:F2} |"), report);
        Assert.Matches(@"geometry: gmc state probe, mean R\^2 over 3 true-state features \(linear / 10 nearest\): all -?\d\.\d{3} / -?\d\.\d{3}, image", tiny.Output);
        // The pipeline's stage ends before the geometry is measured again: a finished run keeps its file.
        Assert.DoesNotContain("geometry:", tiny.Output.Split("train:")[1]);
    }

    [Fact]
    public void Running_a_finished_run_again_skips_every_stage_and_changes_nothing()
    {
        var before = Directory.EnumerateFiles(tiny.Run.Path, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        var output = new StringWriter();
        Assert.True(new RunPipeline(RunFolder.Open(tiny.Run.Path), output, CancellationToken.None).RunThrough(Stage.Evaluate));
        foreach (string stage in new[] { "collect", "pretrain", "train", "evaluate" }) Assert.Contains($"{stage}: done already", output.ToString());
        var after = Directory.EnumerateFiles(tiny.Run.Path, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        Assert.Equal(before, after);
    }

    [Fact]
    public void More_threads_than_processors_gets_a_warning()
    {
        int threads = Environment.ProcessorCount + 1;
        var config = tiny.Config with { Threads = threads };
        var run = RunFolder.Create(tiny.Root, config, new DateTime(2026, 1, 2, 3, 4, 8, DateTimeKind.Utc));
        var output = new StringWriter();
        Assert.True(new RunPipeline(run, output, CancellationToken.None).RunThrough(Stage.Collect));
        Assert.Contains($"warning: threads {threads} is more than the {Environment.ProcessorCount} processors here", output.ToString());
        Assert.DoesNotContain("warning", tiny.Output);
    }

    [Fact]
    public void A_folder_where_a_stage_writes_its_file_is_refused_before_any_work()
    {
        var run = RunFolder.Create(tiny.Root, tiny.Config, new DateTime(2026, 1, 2, 3, 4, 7, DateTimeKind.Utc));
        Directory.CreateDirectory(run.GmcCheckpoint);
        var e = Assert.Throws<ConfigException>(() => new RunPipeline(run, TextWriter.Null, CancellationToken.None).RunThrough(Stage.Evaluate));
        Assert.Contains($"'{run.GmcCheckpoint}' is a folder", e.Message);
        Assert.False(File.Exists(run.Dataset));
    }

    [Fact]
    public void A_run_stopped_between_stages_resumes_to_the_same_result()
    {
        // Same config and seed as the tiny run, stopped after pretraining, then resumed from its folder.
        var run = RunFolder.Create(tiny.Root, tiny.Config, new DateTime(2026, 1, 2, 3, 4, 6, DateTimeKind.Utc));
        Assert.True(new RunPipeline(run, TextWriter.Null, CancellationToken.None).RunThrough(Stage.Pretrain));
        Assert.False(File.Exists(run.AgentCheckpoint));
        using (var stopped = new CancellationTokenSource())
        {
            stopped.Cancel();
            Assert.False(new RunPipeline(RunFolder.Open(run.Path), TextWriter.Null, stopped.Token).RunThrough(Stage.Evaluate));
        }
        Assert.True(new RunPipeline(RunFolder.Open(run.Path), TextWriter.Null, CancellationToken.None).RunThrough(Stage.Evaluate));

        // Deterministic by seed: the resumed run's every number equals the straight run's (with MKL's reproducible
        // mode, set at start-up by NativeRuntimeSettings, and a fixed thread count).
        Assert.Equal(File.ReadAllBytes(tiny.Run.Dataset), File.ReadAllBytes(run.Dataset));
        Assert.Equal(File.ReadAllBytes(tiny.Run.GmcCheckpoint), File.ReadAllBytes(run.GmcCheckpoint));
        Assert.Equal(File.ReadAllText(tiny.Run.Metrics), File.ReadAllText(run.Metrics));
        Assert.Equal(File.ReadAllText(tiny.Run.File("evaluation.csv")), File.ReadAllText(run.File("evaluation.csv")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_run_killed_after_measuring_past_its_checkpoint_resumes_with_each_step_measured_once(bool checkpointed)
    {
        // Stopped as the agent stage starts, so its checkpoint is at step 0. A process killed later (a second Ctrl-C, a
        // crash) may have left rows in metrics.csv for steps after its last checkpoint; the resumed run measures those
        // steps again, and its metrics must equal the uninterrupted run's.
        // Without a checkpoint (killed before the first), the run starts its agent stage again from step 0.
        var run = RunFolder.Create(tiny.Root, tiny.Config, new DateTime(2026, 1, 2, 3, 4, checkpointed ? 9 : 12, DateTimeKind.Utc));
        using var stop = new CancellationTokenSource();
        var output = new CancelOn("train: ", stop);
        Assert.False(new RunPipeline(run, output, stop.Token).RunThrough(Stage.Evaluate));
        Assert.Contains($"stopped during train; continue with: gmcrl run --resume {run.Path}", output.ToString());
        if (!checkpointed) Directory.Delete(run.AgentFolder, recursive: true);
        File.WriteAllText(run.Metrics, "step,eval_mean_return,eval_std_return,eval_mean_reward_per_step\n80,-1,0,-0.01\n");

        var resumed = new StringWriter();
        Assert.True(new RunPipeline(RunFolder.Open(run.Path), resumed, CancellationToken.None).RunThrough(Stage.Evaluate));
        Assert.Equal(checkpointed, resumed.ToString().Contains("train: resuming at step 0"));
        Assert.Equal(File.ReadAllText(tiny.Run.Metrics), File.ReadAllText(run.Metrics));
    }

    // The tiny run with one more config key, run through evaluation in a new folder: the folder and what it printed.
    private (RunFolder Run, StringWriter Output) TinyWith(string key, string value, DateTime made)
    {
        var config = ConfigLoader.Load(null, null, [.. TinyRun.Overrides, new(key, value)]);
        var run = RunFolder.Create(tiny.Root, config, made);
        var output = new StringWriter();
        Assert.True(new RunPipeline(run, output, CancellationToken.None).RunThrough(Stage.Evaluate), output.ToString());
        return (run, output);
    }

    [Fact]
    public void With_keep_best_the_run_evaluates_the_agent_of_its_best_training_evaluation_and_says_so()
    {
        var (run, output) = TinyWith("agent.keep_best", "true", new DateTime(2026, 1, 2, 3, 4, 13, DateTimeKind.Utc));

        // Learning is the tiny run's; only the agent that is evaluated differs.
        Assert.Equal(File.ReadAllText(tiny.Run.Metrics), File.ReadAllText(run.Metrics));
        var rows = File.ReadAllLines(run.Metrics).Skip(1).Select(l => l.Split(',')).Select(r => (Step: long.Parse(r[0]), Return: double.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture))).ToList();
        var kept = rows.First(r => r.Return == rows.Max(x => x.Return));
        Assert.Equal(File.ReadAllBytes(run.BestAgentCheckpoint), File.ReadAllBytes(run.AgentCheckpoint));
        Assert.Contains($"train: keeping the agent of step {kept.Step} ", output.ToString());
        Assert.Contains($"The agent evaluated is the one of step {kept.Step}, ", File.ReadAllText(run.Report));
        Assert.DoesNotContain("agent.keep_best", File.ReadAllText(tiny.Run.Report));
    }

    [Fact]
    public void With_a_train_condition_the_agent_learns_under_its_drops_and_the_log_and_report_say_so()
    {
        var (run, output) = TinyWith("agent.train_condition", "image_only", new DateTime(2026, 1, 2, 3, 4, 14, DateTimeKind.Utc));

        Assert.Contains(", with modalities missing as in image_only (agent.train_condition: not the paper's protocol)", output.ToString());
        Assert.Contains("The agent trained with modalities missing as in the condition image_only (agent.train_condition)", File.ReadAllText(run.Report));
        // The same run otherwise: what the agent learnt differs because it saw the image alone.
        Assert.NotEqual(File.ReadAllText(tiny.Run.Metrics), File.ReadAllText(run.Metrics));
    }

    [Fact]
    public void With_standardised_features_the_agent_sees_its_features_rescaled_by_a_map_fitted_on_the_training_split()
    {
        var (run, output) = TinyWith("agent.standardize_features", "true", new DateTime(2026, 1, 2, 3, 4, 15, DateTimeKind.Utc));

        // 600 samples, the last 60 held out: fitted on the other 540, with the representation's own features.
        var map = FeatureStandardization.Load(run.FeatureStandardization);
        Assert.Equal(540, map.Samples);
        Assert.Contains("train: each of the 10 features standardised over 540 samples of the run's dataset (agent.standardize_features;", output.ToString());
        Assert.Contains("The agent saw each feature standardised to zero mean and unit variance over 540 samples", File.ReadAllText(run.Report));
        Assert.NotEqual(File.ReadAllText(tiny.Run.Metrics), File.ReadAllText(run.Metrics)); // the agent learnt on other inputs
        Assert.Equal(File.ReadAllBytes(tiny.Run.GmcCheckpoint), File.ReadAllBytes(run.GmcCheckpoint)); // the representation is the same

        // The run opened again: its agent sees the standardised features; without the map it says how to make it.
        using (var opened = TrainedRun.Open(run.Path))
        {
            var dataset = GmcRL.Representation.Data.DatasetFile.Load(run.Dataset);
            var seen = FeatureStandardization.Fit(opened.Encoder, dataset, 540);
            Assert.All(seen.Mean, m => Assert.InRange(m, -1e-4f, 1e-4f));
            Assert.Same(opened.Encoder, opened.Agent.Encoder);
            // The representation alone, for probes: as pretrained, not standardised.
            var (_, raw) = TrainedRun.OpenRepresentation(run.Path);
            using (raw)
                Assert.Equal(FeatureStandardization.Fit(raw, dataset, 540).Std, map.Std);
        }
        var unpretrained = RunFolder.Create(tiny.Root, tiny.Config, new DateTime(2026, 1, 2, 3, 4, 17, DateTimeKind.Utc));
        Assert.Contains("has no pretrained model yet", Assert.Throws<ConfigException>(() => TrainedRun.OpenRepresentation(unpretrained.Path)).Message);
        // evaluation.json is the agent's through the map: the same checkpoint on the raw features plays otherwise.
        var rawEnv = RunEnvironment.Of(run.Config);
        using (var rawEncoder = TrainedRun.OpenEncoder(run, rawEnv))
        using (var rawAgent = TrainedRun.LoadAgent(run, rawEnv, rawEncoder))
        using (var opened = TrainedRun.Open(run.Path))
        {
            var options = new EvaluateOptions { Episodes = run.Config.Evaluation.Episodes, Parallel = run.Config.Evaluation.Parallel, Replays = 0 };
            var stored = EvaluationFiles.Read(run.Path).Conditions.Select(c => c.EpisodeRewardPerStep).ToList();
            Assert.Equal(stored, opened.Agent.Evaluate(options: options).Conditions.Select(c => c.EpisodeRewardPerStep));
            Assert.NotEqual(stored, rawAgent.Evaluate(options: options).Conditions.Select(c => c.EpisodeRewardPerStep));
        }

        File.Delete(run.FeatureStandardization);
        Assert.Contains("sets agent.standardize_features but has no feature_standardization.json, the map its agent sees the features through",
            Assert.Throws<ConfigException>(() => TrainedRun.Open(run.Path)).Message);
        // Training again from its checkpoints without the map is refused, not refitted under an agent already under way.
        File.Delete(run.AgentCheckpoint);
        Assert.Contains("has trained already, but the run has no feature_standardization.json",
            Assert.Throws<ConfigException>(() => new RunPipeline(RunFolder.Open(run.Path), TextWriter.Null, CancellationToken.None).RunThrough(Stage.Train)).Message);
    }

    [Fact]
    public void A_run_with_standardised_features_stopped_in_training_resumes_to_the_straight_runs_result()
    {
        var (straight, _) = TinyWith("agent.standardize_features", "true", new DateTime(2026, 1, 2, 3, 4, 18, DateTimeKind.Utc));
        var config = ConfigLoader.Load(null, null, [.. TinyRun.Overrides, new("agent.standardize_features", "true")]);
        var run = RunFolder.Create(tiny.Root, config, new DateTime(2026, 1, 2, 3, 4, 19, DateTimeKind.Utc));
        using (var stop = new CancellationTokenSource())
            Assert.False(new RunPipeline(run, new CancelOn("train: sac for", stop), stop.Token).RunThrough(Stage.Evaluate));
        Assert.True(File.Exists(run.FeatureStandardization));
        var resumed = new StringWriter();
        Assert.True(new RunPipeline(RunFolder.Open(run.Path), resumed, CancellationToken.None).RunThrough(Stage.Evaluate));
        Assert.Contains("features, standardised (agent.standardize_features)", resumed.ToString());
        Assert.DoesNotContain("standardised over", resumed.ToString()); // the map of the first segment, not a new one
        Assert.Equal(File.ReadAllText(straight.Metrics), File.ReadAllText(run.Metrics));
        Assert.Equal(File.ReadAllText(straight.File("evaluation.csv")), File.ReadAllText(run.File("evaluation.csv")));
    }

    [Fact]
    public void A_true_state_run_without_a_dataset_standardises_over_the_samples_its_dataset_would_hold()
    {
        var config = ConfigLoader.Load(null, null, [.. TinyRun.Overrides, new("representation", "true_state"), new("agent.standardize_features", "true")]);
        var run = RunFolder.Create(tiny.Root, config, new DateTime(2026, 1, 2, 3, 4, 16, DateTimeKind.Utc));
        var output = new StringWriter();
        Assert.True(new RunPipeline(run, output, CancellationToken.None).RunThrough(Stage.Train), output.ToString());
        Assert.False(File.Exists(run.Dataset));
        Assert.Contains("train: each of the 3 features standardised over 540 samples of random play collected as the dataset would be", output.ToString());
        // The pendulum's true-state features (cos, sin, angular velocity) of the tiny run's own dataset: the same map.
        using var truth = RunEnvironment.Of(config).Env.TrueStateFeatures();
        var expected = FeatureStandardization.Fit(truth, GmcRL.Representation.Data.DatasetFile.Load(tiny.Run.Dataset), 540);
        var fitted = FeatureStandardization.Load(run.FeatureStandardization);
        Assert.Equal(expected.Mean, fitted.Mean);
        Assert.Equal(expected.Std, fitted.Std);
        // Opened again, the standardised true state is still the true state.
        Assert.True(new RunPipeline(run, TextWriter.Null, CancellationToken.None).RunThrough(Stage.Evaluate));
        using var opened = TrainedRun.Open(run.Path);
        Assert.Equal("true_state", opened.Agent.RepresentationName);
    }

    [Fact]
    public void A_stop_message_names_the_stage_and_the_command_that_continues_and_no_command_when_the_caller_names_its_own()
    {
        var run = RunFolder.Create(tiny.Root, tiny.Config, new DateTime(2026, 1, 2, 3, 4, 10, DateTimeKind.Utc));
        foreach (var (command, at, expected) in new[]
        {
            ("pretrain", "collect: ", $"stopped before pretrain; continue with: gmcrl pretrain --resume {run.Path}"),
            ("pretrain", "pretrain: ", $"stopped during pretrain; continue with: gmcrl pretrain --resume {run.Path}"),
            ((string?)null, "pretrain: ", "stopped during pretrain\n"),
        })
        {
            using var stop = new CancellationTokenSource();
            var output = new CancelOn(at, stop);
            Assert.False(new RunPipeline(RunFolder.Open(run.Path), output, stop.Token, command).RunThrough(Stage.Pretrain));
            Assert.Contains(expected, output.ToString().ReplaceLineEndings("\n"));
        }
    }

    [Fact]
    public void A_given_dataset_with_another_frame_count_than_the_environment_is_refused_before_pretraining()
    {
        var config = tiny.Config with
        {
            Env = tiny.Config.Env with { FrameStack = 3 },
            Dataset = tiny.Config.Dataset with { Path = tiny.Run.Dataset },
        };
        var run = RunFolder.Create(tiny.Root, config, new DateTime(2026, 1, 2, 3, 4, 11, DateTimeKind.Utc));
        var e = Assert.Throws<ConfigException>(() => new RunPipeline(run, TextWriter.Null, CancellationToken.None).RunThrough(Stage.Evaluate));
        Assert.Contains($"config key 'env.frame_stack': {config.Env.FrameStack}, but the dataset '{tiny.Run.Dataset}' stacks 2 frames per observation", e.Message);
        Assert.False(File.Exists(run.GmcCheckpoint));
    }

    // Cancels a stop request when the pipeline writes a line starting with the prefix: a Ctrl-C at that moment.
    private sealed class CancelOn(string prefix, CancellationTokenSource stop) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.StartsWith(prefix, StringComparison.Ordinal) == true) stop.Cancel();
        }
    }
}
