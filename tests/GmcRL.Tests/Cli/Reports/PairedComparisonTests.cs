using System.Text.Json;
using GmcRL.Agents.Evaluation;
using GmcRL.Cli.Commands;
using GmcRL.Cli.Options;
using GmcRL.Envs;
using GmcRL.Envs.Pendulum;
using GmcRL.Envs.Wrappers;
using GmcRL.Reports;

namespace GmcRL.Tests.Cli.Reports;

/// <summary><see cref="PairedComparison"/> and <c>gmcrl paired</c>: two evaluations of the same episodes.</summary>
public class PairedComparisonTests
{
    /// <summary>Holds one discrete action.</summary>
    private sealed class Held(int action) : IPolicy<MultimodalObservation, int>
    {
        public void Act(ReadOnlySpan<MultimodalObservation> observations, Span<int> actions) => actions.Fill(action);
    }

    // Hyperhot played by a held action over 200-step episodes: some end won or lost, others are cut short.
    private static EvaluationReport Game(int action, int episodes = 16, int seed = 10_000)
    {
        IEnvironment<MultimodalObservation, int> Make() => new FrameStack<int>(new GmcRL.Envs.Hyperhot.Hyperhot(), 2);
        var spec = ((MultimodalSpace)Make().ObservationSpace).Spec;
        var options = new EvaluationOptions { Episodes = episodes, Steps = 200, Seed = seed };
        var results = MissingModalityEvaluator.Evaluate(Make, new Held(action), EvaluationCondition.Standard(spec).Take(2).ToList(), options);
        return new EvaluationReport(EvaluationReport.CurrentFormatVersion, "hyperhot-v1", "gmc", "dqn", 0, episodes, 200, results,
            Score: EpisodeScore.Return, EpisodeSeed: seed);
    }

    [Fact]
    public void Pairs_each_condition_episode_by_episode_and_counts_the_games_each_alone_won()
    {
        var a = Game(3);
        var b = Game(1);
        var paired = PairedComparison.Of(a, b);
        Assert.Equal(EpisodeScore.Return, paired.Score);
        Assert.Equal(10_000, paired.EpisodeSeed);
        Assert.Empty(paired.Notes);
        Assert.Equal(["all", "image_only"], paired.Rows.Select(r => r.Condition));
        for (int c = 0; c < 2; c++)
        {
            var (ra, rb, row) = (a.Conditions[c], b.Conditions[c], paired.Rows[c]);
            var differences = ra.EpisodeReturn!.Zip(rb.EpisodeReturn!, (x, y) => y - x).ToArray();
            Assert.Equal(differences.Average(), row.Difference, 12);
            Assert.Equal(rb.MeanReturn - ra.MeanReturn, row.Difference, 12);
            Assert.Equal(Statistics.ConfidenceHalfWidth95(differences), row.DifferenceCi95, 12);
            Assert.Equal(ra.Outcomes!["win"], row.WonA);
            Assert.Equal(rb.Outcomes!["win"], row.WonB);
            int onlyA = Enumerable.Range(0, 16).Count(e => ra.EpisodeOutcome![e] == "win" && rb.EpisodeOutcome![e] != "win");
            int onlyB = Enumerable.Range(0, 16).Count(e => rb.EpisodeOutcome![e] == "win" && ra.EpisodeOutcome![e] != "win");
            Assert.Equal((onlyA, onlyB), (row.OnlyA, row.OnlyB));
            Assert.Equal(Statistics.McNemarExact(onlyA, onlyB), row.McNemarP);
        }
        Assert.True(a.Conditions[0].EpisodeReturn!.Zip(b.Conditions[0].EpisodeReturn!).Any(p => p.First != p.Second),
            "the two held actions play every episode alike: the test shows nothing");

        // The same controller against itself differs by nothing, on every episode.
        var self = PairedComparison.Of(a, a).Rows[0];
        Assert.Equal((0.0, 0.0, 0, 0, 1.0), (self.Difference, self.DifferenceCi95, self.OnlyA!.Value, self.OnlyB!.Value, self.McNemarP!.Value));
    }

    [Fact]
    public void Evaluations_of_other_episodes_are_refused_and_older_files_fall_back_to_the_reward_per_step()
    {
        var a = Game(3, episodes: 4);
        Assert.Contains("ran 4 and 5 episodes", Assert.Throws<ArgumentException>(() => PairedComparison.Of(a, Game(3, episodes: 5))).Message);
        Assert.Contains("started from seeds 10000 and 7", Assert.Throws<ArgumentException>(() => PairedComparison.Of(a, Game(3, episodes: 4, seed: 7))).Message);
        Assert.Contains("different environments", Assert.Throws<ArgumentException>(() => PairedComparison.Of(a, a with { Env = "multimodal-pendulum" })).Message);
        Assert.Contains("at 200 and 100 steps", Assert.Throws<ArgumentException>(() => PairedComparison.Of(a, a with { Steps = 100 })).Message);
        Assert.Contains("share no condition", Assert.Throws<ArgumentException>(() =>
            PairedComparison.Of(a, a with { Conditions = [a.Conditions[0] with { Name = "other" }] })).Message);

        // A file written before episode returns, outcomes and seeds were recorded.
        var old = a with
        {
            EpisodeSeed = null,
            Conditions = [.. a.Conditions.Select(c => c with { EpisodeReturn = null, EpisodeOutcome = null })],
        };
        var paired = PairedComparison.Of(a, old);
        Assert.Equal(EpisodeScore.RewardPerStep, paired.Score);
        Assert.Null(paired.EpisodeSeed);
        Assert.Equal(2, paired.Notes.Count);
        Assert.Null(paired.Rows[0].McNemarP);
        Assert.Equal(0, paired.Rows[0].Difference);
        Assert.Equal(a.Conditions[0].MeanRewardPerStep, paired.Rows[0].MeanA);
    }

    [Fact]
    public void The_command_prints_the_table_from_two_run_folders_and_says_what_is_wrong()
    {
        using var folder = new TestFolder("gmcrl-paired");
        string runA = Directory.CreateDirectory(folder.File("a")).FullName, runB = Directory.CreateDirectory(folder.File("b")).FullName;
        var a = Game(3);
        var b = Game(1);
        EvaluationFiles.Write(runA, a);
        EvaluationFiles.Write(runB, b);
        // What the files keep round-trips: each episode's return and ending, and the first seed.
        var back = EvaluationFiles.Read(runB);
        Assert.Equal(b.Conditions[1].EpisodeReturn, back.Conditions[1].EpisodeReturn);
        Assert.Equal(b.Conditions[1].EpisodeOutcome, back.Conditions[1].EpisodeOutcome);
        Assert.Equal(10_000, back.EpisodeSeed);

        var output = new StringWriter();
        Assert.Equal(0, PairedCommand.Run([runA, Path.Combine(runB, "evaluation.json")], output));
        string text = output.ToString();
        Assert.Contains("16 episodes per condition from seed 10000; score: total reward per episode", text);
        Assert.Contains(PairedComparison.Of(a, b).Table(), text);
        Assert.Contains("McNemar p", text);

        var json = new StringWriter();
        Assert.Equal(0, PairedCommand.Run([runA, runB, "--json"], json));
        using var document = JsonDocument.Parse(json.ToString());
        Assert.Equal(2, document.RootElement.GetProperty("rows").GetArrayLength());
        var first = document.RootElement.GetProperty("rows")[0];
        Assert.Equal(PairedComparison.Of(a, b).Rows[0].McNemarP!.Value, first.GetProperty("mcnemar_p").GetDouble(), 12);
        Assert.Equal("all", first.GetProperty("condition").GetString());

        Assert.Contains("name two evaluated run folders", Assert.Throws<CommandLineException>(() => PairedCommand.Run([runA], TextWriter.Null)).Message);
        Assert.Contains("does not exist", Assert.Throws<CommandLineException>(() => PairedCommand.Run([runA, folder.File("nope")], TextWriter.Null)).Message);
        Assert.Throws<FileNotFoundException>(() => PairedCommand.Run([runA, folder.Path], TextWriter.Null));
        var pendulum = MissingModalityEvaluator.Evaluate(() => new FrameStack<float[]>(new MultimodalPendulum(), 2),
            new RandomPolicy<MultimodalObservation, float[]>(new MultimodalPendulum().ActionSpace, 1),
            EvaluationCondition.Standard(new MultimodalPendulum().Spec).Take(1).ToList(), new EvaluationOptions { Episodes = 16, Steps = 200 });
        string runC = Directory.CreateDirectory(folder.File("c")).FullName;
        EvaluationFiles.Write(runC, new EvaluationReport(EvaluationReport.CurrentFormatVersion, "multimodal-pendulum", "gmc", "sac", 0, 16, 200, pendulum));
        Assert.Contains("cannot be paired. The evaluations are of different environments",
            Assert.Throws<CommandLineException>(() => PairedCommand.Run([runA, runC], TextWriter.Null)).Message);
    }
}
