using System.Text.Json;
using GmcRL.Agents.Evaluation;
using GmcRL.Reports;
using GmcRL.Envs;
using GmcRL.Envs.Pendulum;
using GmcRL.Envs.Wrappers;

namespace GmcRL.Tests.Cli.Reports;

public class ReportTests
{
    private sealed class ImageDependent : IPolicy<MultimodalObservation, float[]>
    {
        public void Act(ReadOnlySpan<MultimodalObservation> observations, Span<float[]> actions)
        {
            for (int i = 0; i < actions.Length; i++) actions[i] = [observations[i].Mask.Has(0) ? 1f : -1f];
        }
    }

    private static EvaluationReport Evaluate()
    {
        var results = MissingModalityEvaluator.Evaluate(
            () => new FrameStack<float[]>(new MultimodalPendulum(), 2), new ImageDependent(),
            EvaluationCondition.Standard(new MultimodalPendulum().Spec), new EvaluationOptions { Episodes = 3, Steps = 20 });
        return new EvaluationReport(EvaluationReport.CurrentFormatVersion, "multimodal-pendulum", "gmc", "sac", 0, 3, 20, results);
    }

    [Fact]
    public void Evaluation_json_follows_the_schema_and_round_trips()
    {
        using var temp = new TestFolder("gmcrl-eval");
        string folder = temp.Path;
        var report = Evaluate();
        EvaluationFiles.Write(folder, report);

        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "evaluation.json")));
        var conditions = doc.RootElement.GetProperty("conditions").EnumerateArray().ToList();
        Assert.Equal(8, conditions.Count);
        foreach (var c in conditions)
        {
            Assert.Equal(JsonValueKind.String, c.GetProperty("name").ValueKind);
            Assert.Contains(c.GetProperty("present").ValueKind, new[] { JsonValueKind.Array, JsonValueKind.Null });
            Assert.Equal(3, c.GetProperty("episodes").GetInt32());
            foreach (string key in new[] { "mean_reward_per_step", "std_reward_per_step", "ci95_reward_per_step", "mean_return" })
                Assert.True(double.IsFinite(c.GetProperty(key).GetDouble()), key);
        }
        Assert.Equal(["image"], conditions[1].GetProperty("present").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, conditions[5].GetProperty("present").ValueKind);

        var back = EvaluationFiles.Read(folder);
        Assert.Equal(report.Conditions.Select(c => c.MeanRewardPerStep), back.Conditions.Select(c => c.MeanRewardPerStep));
        Assert.Equal(report.Conditions[2].EpisodeRewardPerStep, back.Conditions[2].EpisodeRewardPerStep);

        string[] csv = File.ReadAllLines(Path.Combine(folder, "evaluation.csv"));
        Assert.Equal(9, csv.Length);
        Assert.StartsWith("name,present,episodes,mean_reward_per_step", csv[0]);
        Assert.StartsWith("image_only,image,3,", csv[2]);
    }

    [Fact]
    public void Report_has_the_papers_table_every_condition_and_three_plots()
    {
        using var temp = new TestFolder("gmcrl-report");
        string folder = temp.Path;
        var report = Evaluate();
        var files = ReportWriter.Write(folder, report, [("gmc + sac", [0, 100, 200], [-6, -3, -1])]);

        string md = File.ReadAllText(Path.Combine(folder, "report.md"));
        Assert.Contains("## The paper's table", md);
        Assert.Contains("| image + sound |", md);
        Assert.Contains("| image only |", md);
        Assert.Contains("| sound only |", md);
        foreach (var c in report.Conditions) Assert.Contains($"| {c.Name} |", md);
        Assert.DoesNotContain("agent.train_condition", md); // trained with every modality: nothing to say
        Assert.DoesNotContain("agent.standardize_features", md);
        using (var dropped = new TestFolder("gmcrl-report-dropped"))
        {
            ReportWriter.Write(dropped.Path, report, [], training: new TrainingNotes(TrainCondition: "per_episode_p0.3", StandardizedOver: 7200));
            string notes = File.ReadAllText(Path.Combine(dropped.Path, "report.md"));
            Assert.Contains("The agent trained with modalities missing as in the condition per_episode_p0.3 (agent.train_condition): "
                + "training-time modality dropout, not the paper's protocol", notes);
            Assert.Contains("The agent saw each feature standardised to zero mean and unit variance over 7,200 samples of the training split "
                + "(agent.standardize_features)", notes);
        }
        foreach (string png in new[] { "learning_curve.png", "reward_per_condition.png", "reward_vs_drop_probability.png" })
        {
            Assert.Contains($"(plots/{png})", md);
            byte[] bytes = File.ReadAllBytes(Path.Combine(folder, "plots", png));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
            Assert.True(bytes.Length > 5000, $"{png} is only {bytes.Length} bytes");
        }
        Assert.Equal(4, files.Count);
    }

    [Fact]
    public void A_game_s_report_shows_the_return_and_how_episodes_ended_and_the_files_keep_it()
    {
        // Hyperhot holding one action for 200 steps: some episodes end lost or won, others are cut short.
        IEnvironment<MultimodalObservation, int> Game() => new FrameStack<int>(new GmcRL.Envs.Hyperhot.Hyperhot(), 2);
        var spec = ((MultimodalSpace)Game().ObservationSpace).Spec;
        var results = MissingModalityEvaluator.Evaluate(Game, new Held(3), EvaluationCondition.Standard(spec).Take(3).ToList(),
            new EvaluationOptions { Episodes = 6, Steps = 200 });
        var random = MissingModalityEvaluator.Evaluate(Game, new RandomPolicy<MultimodalObservation, int>(new Discrete(6), 1),
            EvaluationCondition.Standard(spec).Take(1).ToList(), new EvaluationOptions { Episodes = 6, Steps = 200 })[0] with { Name = "random_policy" };
        var report = new EvaluationReport(EvaluationReport.CurrentFormatVersion, "hyperhot-v1", "gmc", "dqn", 0, 6, 200, results, random);

        string table = report.Table();
        Assert.Contains("return     won", table.Split('\n')[0]);
        var all = results[0];
        Assert.Contains(FormattableString.Invariant($"{all.MeanReturn,9:F2} {ReportWriter.Percent(all.WinRate!.Value),7}"), table.Split('\n')[1]);

        // Scored as Hyperhot registers it, by the total reward: the score column is the return, and the kept share too.
        var scored = report with { Score = EpisodeScore.Return };
        string[] lines = scored.Table().Split('\n');
        Assert.StartsWith($"{"condition",-22} {"return",12} {"95% CI",9} {"kept",8} {"won",7}", lines[0]);
        Assert.StartsWith(FormattableString.Invariant($"{all.Name,-22} {all.MeanReturn,12:F2} {"± " + all.Ci95(EpisodeScore.Return).ToString("F2", System.Globalization.CultureInfo.InvariantCulture),9}"), lines[1]);
        using (var folder = new TestFolder("gmcrl-game-score"))
        {
            ReportWriter.Write(folder.Path, scored, []);
            Assert.Contains("Score of an episode: its total reward", File.ReadAllText(Path.Combine(folder.Path, "report.md")));
            EvaluationFiles.Write(folder.Path, scored);
            Assert.Equal(EpisodeScore.Return, EvaluationFiles.Read(folder.Path).Score);
            string json = Path.Combine(folder.Path, "evaluation.json");
            Assert.Contains("\"score\": \"Return\"", File.ReadAllText(json));
            // A file from before scores were recorded takes its environment's.
            File.WriteAllText(json, File.ReadAllText(json).Replace("\"score\": \"Return\"", "\"unused\": 0"));
            Assert.Equal(EpisodeScore.Return, EvaluationFiles.Read(folder.Path).Score);
        }

        using var temp = new TestFolder("gmcrl-game-report");
        ReportWriter.Write(temp.Path, report, []);
        EvaluationFiles.Write(temp.Path, report);
        string md = File.ReadAllText(Path.Combine(temp.Path, "report.md"));
        Assert.Contains("## How the episodes ended", md);
        Assert.Contains("| condition | return | win | lost | time_up | truncated |", md);
        Assert.Contains("| random actions |", md);
        Assert.Equal(report.Conditions.Select(c => c.Outcomes), EvaluationFiles.Read(temp.Path).Conditions.Select(c => c.Outcomes));
        // The pendulum has no endings: no such section, no such columns.
        Assert.DoesNotContain("won", Evaluate().Table());

        // A comparison of games has a win-rate table: a row per representation and one for random actions.
        var names = results.Select(r => r.Name).ToList();
        var comparison = new ComparisonReport(ComparisonReport.CurrentFormatVersion, "hyperhot-v1", "dqn", 0, 6, 200, names,
            [new RepresentationResult("gmc", 0, 0, null, null, results)], random);
        string compared = ComparisonWriter.Markdown(comparison, "comparison.png");
        Assert.Contains("## Win rate", compared);
        Assert.Contains(FormattableString.Invariant($"| gmc | {ReportWriter.Percent(all.WinRate!.Value)} ({all.MeanReturn:F2}) |"), compared);
        Assert.Contains(FormattableString.Invariant($"| random actions | {ReportWriter.Percent(random.WinRate!.Value)} ({random.MeanReturn:F2}) |"), compared);
        Assert.DoesNotContain("## Win rate", ComparisonWriter.Markdown(comparison with
        {
            Representations = [new RepresentationResult("gmc", 0, 0, null, null, Evaluate().Conditions)], RandomPolicy = null,
        }, "comparison.png"));
    }

    private sealed class Held(int action) : IPolicy<MultimodalObservation, int>
    {
        public void Act(ReadOnlySpan<MultimodalObservation> observations, Span<int> actions) => actions.Fill(action);
    }

    [Fact]
    public void Plots_have_text()
    {
        // ScottPlot on SkiaSharp draws no text unless a font is registered: then the title band above the plot
        // area is blank. Decode the PNG and look for dark pixels in that band.
        Assert.NotNull(PlotFonts.EnsureRegistered());
        byte[] png = Plots.LearningCurve([("x", [0, 1], [-2, -1])], "A TITLE WITH INK", "y");
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        int dark = 0;
        for (int y = 0; y < 30; y++)
            for (int x = 0; x < bitmap.Width; x++)
                if (bitmap.GetPixel(x, y).Red < 100) dark++;
        Assert.True(dark > 50, $"only {dark} dark pixels in the title band: the title was not drawn");
    }

    [Fact]
    public void A_missing_or_malformed_evaluation_file_is_a_clear_error()
    {
        using var temp = new TestFolder("gmcrl-eval");
        string folder = temp.Path;
        Assert.Contains("Finish the run first: gmcrl compare --resume <its comparison folder>", Assert.Throws<FileNotFoundException>(() => EvaluationFiles.Read(folder)).Message);
        File.WriteAllText(Path.Combine(folder, "evaluation.json"), "{ \"conditions\": [ { \"name\": 3 ");
        Assert.Contains("not a valid evaluation file", Assert.Throws<InvalidDataException>(() => EvaluationFiles.Read(folder)).Message);
        File.WriteAllText(Path.Combine(folder, "evaluation.json"), "{ \"format_version\": 99, \"conditions\": [] }");
        Assert.Contains("format version 99", Assert.Throws<InvalidDataException>(() => EvaluationFiles.Read(folder)).Message);
    }
}
