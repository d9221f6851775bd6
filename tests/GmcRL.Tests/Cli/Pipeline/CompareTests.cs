using GmcRL.Cli.Commands;
using System.Text.Json;
using System.Text.Json.Nodes;
using GmcRL.Config;
using GmcRL.Pipeline;
using GmcRL.Reports;
using GmcRL.Runs;

namespace GmcRL.Tests.Cli.Pipeline;

/// <summary>A whole comparison of the four representations on a tiny config, made once for the tests below.</summary>
public sealed class TinyCompare : IDisposable
{
    public static readonly string[] Options =
    [
        "--threads", "1", "--dataset.samples", "200", "--gmc.epochs", "1", "--gmc.batch_size", "64",
        "--agent.steps", "60", "--agent.learning_starts", "40", "--agent.batch_size", "16", "--agent.eval_every", "60",
        "--agent.checkpoint_every", "60", "--agent.buffer_size", "100",
        "--evaluation.episodes", "2", "--evaluation.steps", "10", "--evaluation.parallel", "2", "--evaluation.replays", "0",
    ];

    private readonly TestFolder _root = new("gmcrl-compare");

    public TinyCompare()
    {
        var output = new StringWriter();
        ExitCode = CompareCommand.Run(["--runs", Root, .. Options], output);
        Output = output.ToString();
        Folder = CompareFolder.Open(Directory.GetDirectories(Root).Single());
    }

    public string Root => _root.Path;
    public int ExitCode { get; }
    public string Output { get; }
    public CompareFolder Folder { get; }

    public void Dispose() => _root.Dispose();
}

[Collection(nameof(PipelineTests))]
public class CompareTests(TinyCompare tiny) : IClassFixture<TinyCompare>
{
    private static readonly string[] Representations = ["gmc", "fusion_ae", "mvae", "true_state"];

    [Fact]
    public void A_comparison_trains_every_representation_on_one_dataset_and_writes_one_table()
    {
        Assert.True(tiny.ExitCode == 0, tiny.Output);
        Assert.StartsWith("compare__multimodal-pendulum-v1__sac__0__", Path.GetFileName(tiny.Folder.Path));
        // Each representation's part is headed with its place in the plan.
        Assert.Equal(Representations.Select((name, i) => $"compare: === {name} ({i + 1} of 4) ==="),
            tiny.Output.Split('\n').Where(l => l.StartsWith("compare: ===", StringComparison.Ordinal)));
        foreach (string path in new[] { tiny.Folder.Markdown, tiny.Folder.Json, tiny.Folder.Plot, tiny.Folder.Root.Dataset })
            Assert.True(File.Exists(path), $"missing {path}\n{tiny.Output}");
        var shared = tiny.Folder.Config;
        foreach (var kind in tiny.Folder.Representations)
        {
            // Each run: the shared config, its own representation, the comparison's dataset and no dataset of its own.
            var run = RunFolder.Open(tiny.Folder.RunOf(kind));
            var expected = shared with { Representation = kind, Dataset = shared.Dataset with { Path = tiny.Folder.Root.Dataset } };
            Assert.Equal(JsonSerializer.Serialize(expected, ConfigLoader.Json), JsonSerializer.Serialize(run.Config, ConfigLoader.Json));
            Assert.False(File.Exists(run.File("dataset.gmcdata")));
            Assert.True(File.Exists(run.Report), $"missing report of {run.RepresentationName}");
        }
        Assert.True(File.Exists(Path.Combine(tiny.Folder.RunOf(RepresentationKind.FusionAe), "fusion_ae.baseline")));
        Assert.True(File.Exists(Path.Combine(tiny.Folder.RunOf(RepresentationKind.Mvae), "mvae.baseline")));

        var report = JsonSerializer.Deserialize<ComparisonReport>(File.ReadAllText(tiny.Folder.Json), EvaluationFiles.Json)!;
        Assert.Equal(["all", "image_only", "sound_only", "per_step_p0.3"], report.Conditions);
        Assert.Equal(Representations, report.Representations.Select(r => r.Name));
        Assert.All(report.Representations, r => Assert.Equal(report.Conditions, r.Conditions.Select(c => c.Name)));
        string markdown = File.ReadAllText(tiny.Folder.Markdown);
        foreach (var r in report.Representations)
        {
            var all = r.Conditions[0];
            Assert.Contains($"| {r.Name} | {all.MeanRewardPerStep:F3} ± {all.Ci95RewardPerStep:F3} |", markdown);
        }
        Assert.Contains("| gmc - fusion_ae |", markdown);
        // Every run drew the same random actions on the same episodes; the table of shares kept has a row per run.
        var randoms = tiny.Folder.Representations.Select(k => EvaluationFiles.Read(tiny.Folder.RunOf(k)).RandomPolicy!.EpisodeRewardPerStep).ToList();
        Assert.All(randoms, r => Assert.Equal(randoms[0], r));
        Assert.Equal(randoms[0], report.RandomPolicy!.EpisodeRewardPerStep);
        Assert.Contains("## Reward kept", markdown);
        Assert.All(report.Representations, r => Assert.Matches($@"\| {r.Name} \|( (-?[\d,]+\.\d %|-) \|){{4}}", markdown));
    }

    [Fact]
    public void A_comparison_whose_agents_trained_with_missing_modalities_or_standardised_features_says_so()
    {
        Assert.Null(JsonSerializer.Deserialize<ComparisonReport>(File.ReadAllText(tiny.Folder.Json), EvaluationFiles.Json)!.TrainCondition);
        Assert.DoesNotContain("agent.train_condition", File.ReadAllText(tiny.Folder.Markdown));

        using var folder = new TestFolder("gmcrl-compare-dropped");
        var overrides = TinyCompare.Options.Chunk(2).Select(o => new KeyValuePair<string, string>(o[0][2..], o[1]))
            .Append(new("agent.train_condition", "per_step_p0.3")).Append(new("agent.standardize_features", "true")).ToList();
        var config = Comparison.WithTableConditions(ConfigLoader.Load(null, null, overrides));
        var compare = CompareFolder.Create(Path.Combine(folder.Path, "compare"), config, [RepresentationKind.Gmc], DateTime.UtcNow);
        var output = new StringWriter();
        Assert.True(new Comparison(compare, output, CancellationToken.None).Run(), output.ToString());
        Assert.Equal("per_step_p0.3", JsonSerializer.Deserialize<ComparisonReport>(File.ReadAllText(compare.Json), EvaluationFiles.Json)!.TrainCondition);
        string markdown = File.ReadAllText(compare.Markdown);
        Assert.Contains("trained with modalities missing as in the condition per_step_p0.3", markdown);
        Assert.Contains("(agent.train_condition): training-time modality dropout, not the paper's protocol", markdown);
        Assert.True(JsonSerializer.Deserialize<ComparisonReport>(File.ReadAllText(compare.Json), EvaluationFiles.Json)!.StandardizedFeatures);
        Assert.Contains("Every agent saw its representation's features standardised to zero mean and unit variance", markdown);
        Assert.DoesNotContain("agent.standardize_features", File.ReadAllText(tiny.Folder.Markdown));
    }

    [Fact]
    public void The_true_state_ignores_missing_modalities_and_the_learned_ones_report_sizes_and_alignment()
    {
        var report = JsonSerializer.Deserialize<ComparisonReport>(File.ReadAllText(tiny.Folder.Json), EvaluationFiles.Json)!;
        var truth = report.Representations.Single(r => r.Name == "true_state");
        // The same start states in every condition, and features that never read the senses: the same episodes.
        Assert.All(truth.Conditions, c => Assert.Equal(truth.Conditions[0].EpisodeRewardPerStep, c.EpisodeRewardPerStep));
        Assert.Null(truth.Alignment);
        Assert.Equal(0, truth.Parameters);

        var gmc = report.Representations.Single(r => r.Name == "gmc");
        Assert.Equal(1_933_386, gmc.Parameters);
        Assert.Equal(gmc.Parameters, gmc.EncoderParameters);
        foreach (string name in new[] { "fusion_ae", "mvae" })
        {
            var b = report.Representations.Single(r => r.Name == name);
            Assert.InRange(b.EncoderParameters, 900_000, b.Parameters - 1_000_000); // the decoders are only trained
            Assert.Equal(1, b.Epoch);
            Assert.Equal(["image", "sound"], b.Alignment!.Select(a => a.Modality));
        }
        // The learned representations' features change when a modality goes missing: their rows are not all equal.
        foreach (string name in new[] { "gmc", "fusion_ae", "mvae" })
        {
            var r = report.Representations.Single(x => x.Name == name);
            Assert.Contains(r.Conditions, c => c.MeanRewardPerStep != r.Conditions[0].MeanRewardPerStep);
        }
    }

    [Fact]
    public void Resuming_a_finished_comparison_skips_every_run_and_writes_the_same_numbers()
    {
        string before = File.ReadAllText(tiny.Folder.Json);
        var runFiles = Directory.EnumerateFiles(tiny.Folder.RunOf(RepresentationKind.Mvae), "*", SearchOption.AllDirectories)
            .ToDictionary(f => f, File.GetLastWriteTimeUtc);
        var output = new StringWriter();
        Assert.Equal(0, CompareCommand.Run(["--resume", tiny.Folder.Path], output));
        Assert.Contains("pretrain: done already", output.ToString());
        Assert.DoesNotContain("pretrain: mvae,", output.ToString());
        Assert.Equal(before, File.ReadAllText(tiny.Folder.Json));
        Assert.Equal(runFiles, Directory.EnumerateFiles(tiny.Folder.RunOf(RepresentationKind.Mvae), "*", SearchOption.AllDirectories)
            .ToDictionary(f => f, File.GetLastWriteTimeUtc));
    }

    [Fact]
    public void A_comparison_folder_moved_elsewhere_still_resumes_and_gives_the_same_table()
    {
        // Its runs name the dataset they share relative to themselves, so the folder can move as a whole.
        Assert.Equal("../dataset.gmcdata",
            JsonNode.Parse(File.ReadAllText(Path.Combine(tiny.Folder.RunOf(RepresentationKind.Gmc), "config.json")))!["dataset"]!["path"]!.GetValue<string>());
        using var elsewhere = new TestFolder("gmcrl-moved");
        string moved = Path.Combine(elsewhere.Path, "renamed-comparison");
        CopyFolder(tiny.Folder.Path, moved);
        var output = new StringWriter();
        Assert.Equal(0, CompareCommand.Run(["--resume", moved], output));
        Assert.DoesNotContain("pretrain: gmc,", output.ToString());
        Assert.Equal(Path.Combine(moved, "dataset.gmcdata"), RunFolder.Open(Path.Combine(moved, "gmc")).Dataset);
        Assert.Equal(File.ReadAllText(tiny.Folder.Json), File.ReadAllText(Path.Combine(moved, "comparison.json")));
    }

    [Fact]
    public void A_finished_run_copied_in_is_reused_when_it_matches_and_refused_clearly_when_it_does_not()
    {
        using var folder = new TestFolder("gmcrl-compare-reuse");
        var overrides = TinyCompare.Options.Chunk(2).Select(o => new KeyValuePair<string, string>(o[0][2..], o[1])).ToList();
        var config = ConfigLoader.Load(null, null, overrides);
        var time = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        // A GMC run of its own, as a user would have it: its own dataset, evaluated in every standard condition.
        var standalone = RunFolder.Create(Path.Combine(folder.Path, "runs"), config, time);
        Assert.True(new RunPipeline(standalone, TextWriter.Null, CancellationToken.None).RunThrough(Stage.Evaluate));
        Assert.True(EvaluationFiles.Read(standalone.Path).Conditions.Count > 4);
        var compare = CompareFolder.Create(Path.Combine(folder.Path, "compare"), Comparison.WithTableConditions(config), [RepresentationKind.Gmc], time);
        string copy = compare.RunOf(RepresentationKind.Gmc);

        Exception Refused(Action<string> change)
        {
            if (Directory.Exists(copy)) Directory.Delete(copy, recursive: true);
            CopyFolder(standalone.Path, copy);
            change(copy);
            var files = Directory.EnumerateFiles(copy, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);
            var e = Assert.ThrowsAny<Exception>(() => new Comparison(compare, TextWriter.Null, CancellationToken.None).Run());
            Assert.Equal(files, Directory.EnumerateFiles(copy, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes));
            return e;
        }
        void SetConfig(string run, string key, JsonNode value)
        {
            var node = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "config.json")))!;
            string[] path = key.Split('.');
            path[..^1].Aggregate(node, (n, k) => n[k]!)[path[^1]] = value;
            File.WriteAllText(Path.Combine(run, "config.json"), node.ToJsonString());
        }

        Assert.Contains("differs from the comparison's config in seed (0 vs 1)", Refused(run => SetConfig(run, "seed", 1)).Message);
        Assert.Contains("does not evaluate image_only, sound_only, per_step_p0.3",
            Refused(run => SetConfig(run, "evaluation.conditions", new JsonArray("all"))).Message);
        Assert.Contains("is not the comparison's dataset", Refused(run =>
        {
            byte[] data = File.ReadAllBytes(Path.Combine(run, "dataset.gmcdata"));
            data[^1] ^= 1;
            File.WriteAllBytes(Path.Combine(run, "dataset.gmcdata"), data);
        }).Message);

        // Unchanged, it is reused as it is, and the table reads only the comparison's conditions from it: the same
        // numbers as the GMC run that the comparison made itself with the same config and seed.
        Directory.Delete(copy, recursive: true);
        CopyFolder(standalone.Path, copy);
        var output = new StringWriter();
        Assert.True(new Comparison(compare, output, CancellationToken.None).Run(), output.ToString());
        Assert.Contains("pretrain: done already", output.ToString());
        Assert.Contains("evaluate: done already", output.ToString());
        var reused = Comparison.Gather(compare).Representations.Single();
        var made = JsonSerializer.Deserialize<ComparisonReport>(File.ReadAllText(tiny.Folder.Json), EvaluationFiles.Json)!.Representations.Single(r => r.Name == "gmc");
        Assert.Equal(["all", "image_only", "sound_only", "per_step_p0.3"], reused.Conditions.Select(c => c.Name));
        Assert.Equal(made.Conditions.Select(c => c.EpisodeRewardPerStep), reused.Conditions.Select(c => c.EpisodeRewardPerStep));
    }

    private static void CopyFolder(string source, string target)
    {
        foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
    }

    [Fact]
    public void The_comparison_shows_the_geometry_of_every_learned_latent_side_by_side()
    {
        var report = JsonSerializer.Deserialize<ComparisonReport>(File.ReadAllText(tiny.Folder.Json), EvaluationFiles.Json)!;
        Assert.Null(report.Representations.Single(r => r.Name == "true_state").Geometry);
        string markdown = File.ReadAllText(tiny.Folder.Markdown);
        Assert.Contains("## Geometry of the latent spaces (DCA)", markdown);
        foreach (var kind in tiny.Folder.Representations.Where(k => k != RepresentationKind.TrueState))
        {
            string name = RunFolder.NameOf(kind);
            var r = report.Representations.Single(x => x.Name == name);
            // Each row is the run's own geometry.json (200 samples: the 20 held out are measured).
            var own = GeometryFiles.Read(tiny.Folder.RunOf(kind))!;
            Assert.Equal(20, own.Points);
            Assert.Equal(own.Subsets.Select(s => (s.Name, s.Precision, s.HarmonicMean)), r.Geometry!.Select(s => (s.Name, s.Precision, s.HarmonicMean)));
            var sound = r.Geometry![1];
            Assert.Contains(FormattableString.Invariant($"| {name} | sound | {sound.Precision:F3} | {sound.Recall:F3} |"), markdown);
            // The state probes too: the pendulum's true-state features from z(1:M), z(image) and z(sound).
            Assert.Equal(["all", "image", "sound"], r.StateProbes!.Select(p => p.Name));
            Assert.Equal(own.StateProbes!.Select(p => p.Scores.Neighbours), r.StateProbes!.Select(p => p.Scores.Neighbours));
            var all = r.StateProbes![0].Scores;
            Assert.Contains(FormattableString.Invariant($"| {name} | {all.MeanLinear:F3} / {all.MeanNeighbours:F3} |"), markdown);
        }
        Assert.Contains("What each latent holds of the true state", markdown);
        Assert.True(File.Exists(tiny.Folder.LatentMaps));
        Assert.Contains("![latent maps by representation](latent_maps.png)", markdown);
    }

    [Fact]
    public void Gmcrl_dca_measures_a_finished_run_or_comparison_again_and_rewrites_its_reports()
    {
        using var elsewhere = new TestFolder("gmcrl-dca");
        string copy = Path.Combine(elsewhere.Path, "comparison");
        CopyFolder(tiny.Folder.Path, copy);
        string gmc = Path.Combine(copy, "gmc");
        File.Delete(Path.Combine(gmc, "geometry.json"));
        File.Delete(Path.Combine(gmc, "latent_map.csv"));
        var output = new StringWriter();
        Assert.Equal(0, DcaCommand.Run([gmc, "--rays", "200", "--no-map"], output));
        var measured = GeometryFiles.Read(gmc)!;
        Assert.Equal((200, 20), (measured.Rays, measured.Points));
        Assert.Null(measured.Map);
        Assert.Contains($"dca: rewrote {Path.Combine(gmc, "report.md")}", output.ToString());
        Assert.Contains(FormattableString.Invariant($"| image | {measured.Subsets[0].Precision:F3} |"), File.ReadAllText(Path.Combine(gmc, "report.md")));

        // A comparison folder: every learned run, then the comparison's files; --json prints what was measured.
        var json = new StringWriter();
        Assert.Equal(0, DcaCommand.Run([copy, "--json"], json));
        var all = JsonSerializer.Deserialize<List<GeometryReport>>(json.ToString(), EvaluationFiles.Json)!;
        Assert.Equal(["gmc", "fusion_ae", "mvae"], all.Select(g => g.Representation));
        Assert.All(all, g => Assert.Equal(10_000, g.Rays));
        // Measured again with the run's settings: the scores the comparison first measured.
        Assert.Equal(GeometryFiles.Read(tiny.Folder.RunOf(RepresentationKind.Mvae))!.Subsets.Select(x => (x.Name, x.Precision, x.Recall, x.NetworkQuality)),
            all[2].Subsets.Select(x => (x.Name, x.Precision, x.Recall, x.NetworkQuality)));
        Assert.True(File.Exists(Path.Combine(copy, "latent_maps.png")));

        string Error(params string[] args) => Assert.ThrowsAny<Exception>(() => DcaCommand.Run(args, TextWriter.Null)).Message;
        Assert.Contains("true state, which is not a learned latent", Error(Path.Combine(copy, "true_state")));
        Assert.Contains("--points must be 0 or at least 20", Error(gmc, "--points", "5"));
        Assert.Contains("name a run or comparison folder", Error());
        Assert.Contains("does not exist", Error(Path.Combine(copy, "nowhere")));
    }

    [Fact]
    public void Bad_input_is_refused_clearly_before_any_work()
    {
        using var folder = new TestFolder("gmcrl-compare-bad");
        string root = folder.Path;
        string Error(params string[] args) =>
            Assert.ThrowsAny<Exception>(() => CompareCommand.Run(["--runs", root, .. args], TextWriter.Null)).Message;
        Assert.Contains("unknown representation 'vae'", Error("--representations", "gmc,vae"));
        Assert.Contains("named twice", Error("--representations", "mvae,mvae"));
        Assert.Contains("--representations", Error("--representation", "mvae"));
        // A resumed comparison stays in its folder: --runs goes with it too.
        string Resumed(params string[] args) => Assert.ThrowsAny<Exception>(() => CompareCommand.Run(args, TextWriter.Null)).Message;
        Assert.Contains("--runs has no effect with --resume", Error("--resume", tiny.Folder.Path));
        Assert.Contains("drop --preset", Resumed("--resume", tiny.Folder.Path, "--agent.steps", "5"));
        Assert.Contains("no compare.json", Resumed("--resume", tiny.Folder.RunOf(RepresentationKind.Gmc)));
        Assert.Empty(Directory.EnumerateFileSystemEntries(root));
    }
}
