using GmcRL.Agents.Evaluation;
using GmcRL.Envs;
using GmcRL.Envs.Pendulum;
using GmcRL.Envs.Wrappers;

namespace GmcRL.Tests.Agents.Evaluation;

public class MissingModalityEvaluatorTests
{
    private static IEnvironment<MultimodalObservation, float[]> Stacked() => new FrameStack<float[]>(new MultimodalPendulum(), 2);

    /// <summary>Ignores what it sees: applies a fixed torque. Records batch sizes.</summary>
    private sealed class Constant(float torque) : IPolicy<MultimodalObservation, float[]>
    {
        public List<int> Batches { get; } = [];

        public void Act(ReadOnlySpan<MultimodalObservation> observations, Span<float[]> actions)
        {
            Batches.Add(observations.Length);
            for (int i = 0; i < actions.Length; i++) actions[i] = [torque];
        }
    }

    /// <summary>Pushes one way while it sees the image, the other way without it.</summary>
    private sealed class ImageDependent : IPolicy<MultimodalObservation, float[]>
    {
        public void Act(ReadOnlySpan<MultimodalObservation> observations, Span<float[]> actions)
        {
            for (int i = 0; i < actions.Length; i++) actions[i] = [observations[i].Mask.Has(MultimodalPendulum.Image) ? 2f : -2f];
        }
    }

    [Fact]
    public void Standard_conditions_for_two_modalities_are_the_papers_three_plus_random_drops()
    {
        var spec = new MultimodalPendulum().Spec;
        var names = EvaluationCondition.Standard(spec).Select(c => c.Name).ToArray();
        Assert.Equal(["all", "image_only", "sound_only", "per_episode_p0.3", "per_step_p0.1", "per_step_p0.3", "per_step_p0.5", "blackout_p0.05_k20"], names);
        Assert.Equal(["image"], EvaluationCondition.Standard(spec)[1].Present);
        Assert.Null(EvaluationCondition.Standard(spec)[4].Present);
    }

    [Fact]
    public void Three_modalities_add_every_pair()
    {
        var spec = new ObservationSpec(new[] { "a", "b", "c" }.Select(n => new ModalitySpec(n, [1], ElementType.Float32, 0, 1)).ToArray());
        var names = EvaluationCondition.Standard(spec).Select(c => c.Name).ToArray();
        Assert.Equal(["all", "a_only", "b_only", "c_only", "a+b", "a+c", "b+c", "per_episode_p0.3", "per_step_p0.1", "per_step_p0.3", "per_step_p0.5", "blackout_p0.05_k20"], names);
    }

    [Fact]
    public void A_blind_policy_scores_the_same_in_every_condition_because_episodes_share_start_states()
    {
        var policy = new Constant(0.5f);
        var conditions = EvaluationCondition.Standard(new MultimodalPendulum().Spec);
        var results = MissingModalityEvaluator.Evaluate(Stacked, policy, conditions,
            new EvaluationOptions { Episodes = 7, Steps = 40, Parallel = 3 });
        Assert.All(results, r => Assert.Equal(results[0].EpisodeRewardPerStep, r.EpisodeRewardPerStep));
        Assert.All(results, r => Assert.Equal(7, r.Episodes));
        // 7 episodes on 3 slots: batches of 3 while three run, then the last episode alone.
        Assert.All(policy.Batches, b => Assert.InRange(b, 1, 3));
        Assert.Contains(1, policy.Batches);

        // Each episode's score equals a plain run from the same seed with the same torque.
        var env = Stacked();
        for (int e = 0; e < 7; e++)
        {
            env.Reset(10_000 + e);
            double sum = 0;
            for (int t = 0; t < 40; t++) sum += env.Step([0.5f]).Reward;
            Assert.Equal(sum / 40, results[0].EpisodeRewardPerStep[e], 12);
        }
        Assert.Equal(results[0].EpisodeRewardPerStep.Average() * 40, results[0].MeanReturn, 9);
    }

    [Fact]
    public void Conditions_change_what_the_policy_sees_and_report_missing_fractions()
    {
        var conditions = EvaluationCondition.Standard(new MultimodalPendulum().Spec);
        var results = MissingModalityEvaluator.Evaluate(Stacked, new ImageDependent(), conditions,
            new EvaluationOptions { Episodes = 10, Steps = 100, Parallel = 4 }).ToDictionary(r => r.Name);

        Assert.Equal(0.0, results["all"].MissingFraction["image"]);
        Assert.Equal(0.0, results["image_only"].MissingFraction["image"]);
        Assert.Equal(1.0, results["image_only"].MissingFraction["sound"]);
        Assert.Equal(1.0, results["sound_only"].MissingFraction["image"]);
        Assert.InRange(results["per_step_p0.3"].MissingFraction["image"], 0.25, 0.35);
        Assert.Equal(0.5, results["per_step_p0.5"].MissingFraction["image"], 0.05);

        // With the image the policy always pushes +2, without it -2: same scores iff the image is present.
        Assert.Equal(results["all"].EpisodeRewardPerStep, results["image_only"].EpisodeRewardPerStep);
        Assert.NotEqual(results["all"].EpisodeRewardPerStep, results["sound_only"].EpisodeRewardPerStep);
    }

    [Fact]
    public void A_game_reports_how_its_episodes_ended_through_its_wrappers_and_the_pendulum_does_not()
    {
        // Hyperhot, frame-stacked, under dropout and a time limit, with one action held: its endings are counted per
        // condition, with "truncated" for the episodes the evaluation's 200 steps cut short.
        IEnvironment<MultimodalObservation, int> Game() => new FrameStack<int>(new GmcRL.Envs.Hyperhot.Hyperhot(), 2);
        var spec = ((MultimodalSpace)Game().ObservationSpace).Spec;
        var conditions = EvaluationCondition.Standard(spec).Take(2).ToList();
        var options = new EvaluationOptions { Episodes = 12, Steps = 200, Parallel = 4 };
        var results = MissingModalityEvaluator.Evaluate(Game, new Held(3), conditions, options);
        Assert.Equal(["win", "lost", "time_up", "truncated"], results[0].Outcomes!.Keys);
        Assert.All(results, r => Assert.Equal(12, r.Outcomes!.Values.Sum()));
        Assert.Equal(results[0].Outcomes!["win"] / 12.0, results[0].WinRate);

        // Each count is the game's own: every episode played alone from its seed ends the same way, with the same return.
        var expected = new Dictionary<string, int> { ["win"] = 0, ["lost"] = 0, ["time_up"] = 0, ["truncated"] = 0 };
        var endings = new string[12];
        var returns = new double[12];
        for (int e = 0; e < 12; e++)
        {
            var game = new GmcRL.Envs.Hyperhot.Hyperhot();
            game.Reset(options.Seed + e);
            string ending = "truncated";
            for (int t = 0; t < 200; t++)
            {
                var step = game.Step(3);
                returns[e] += step.Reward;
                if (step.Done) { ending = game.Outcomes[game.Outcome!.Value]; break; }
            }
            expected[ending]++;
            endings[e] = ending;
        }
        Assert.Equal(expected, results[0].Outcomes);
        Assert.Equal(endings, results[0].EpisodeOutcome);
        Assert.Equal(returns, results[0].EpisodeReturn);
        Assert.Equal(returns.Average(), results[0].MeanReturn, 12);
        Assert.True(expected["lost"] + expected["win"] > 0, "no episode ended within 200 steps: the test shows nothing");

        var pendulum = MissingModalityEvaluator.Evaluate(Stacked, new Constant(0), EvaluationCondition.Standard(new MultimodalPendulum().Spec).Take(1).ToList(),
            new EvaluationOptions { Episodes = 2, Steps = 10 })[0];
        Assert.Null(pendulum.Outcomes);
        Assert.Null(pendulum.WinRate);
        Assert.Null(pendulum.EpisodeOutcome);
        Assert.Equal(2, pendulum.EpisodeReturn!.Count);
    }

    /// <summary>Holds one discrete action.</summary>
    private sealed class Held(int action) : IPolicy<MultimodalObservation, int>
    {
        public void Act(ReadOnlySpan<MultimodalObservation> observations, Span<int> actions) => actions.Fill(action);
    }

    [Fact]
    public void Statistics_match_hand_computation()
    {
        double[] x = [-1, -2, -3, -6];
        Assert.Equal(-3, Statistics.Mean(x));
        Assert.Equal(Math.Sqrt((4 + 1 + 0 + 9) / 3.0), Statistics.StandardDeviation(x), 12);
        Assert.Equal(3.182 * Math.Sqrt(14 / 3.0) / 2, Statistics.ConfidenceHalfWidth95(x), 12);
        Assert.Equal(0, Statistics.ConfidenceHalfWidth95([5.0]));
        double[] many = Enumerable.Range(0, 100).Select(i => (double)i).ToArray();
        Assert.Equal(1.96 * Statistics.StandardDeviation(many) / 10, Statistics.ConfidenceHalfWidth95(many), 12);

        // Paired: the differences b - a are 1, 3, -1, 1, so mean 1 and sample std sqrt(8 / 3).
        var (mean, ci) = Statistics.PairedDifference([0.0, 1, 2, 3], [1.0, 4, 1, 4]);
        Assert.Equal(1, mean, 12);
        Assert.Equal(3.182 * Math.Sqrt(8 / 3.0) / 2, ci, 12);
        Assert.Throws<ArgumentException>(() => Statistics.PairedDifference([1.0], [1.0, 2]));

        // Exact McNemar: twice the binomial(n, 1/2) tail up to the smaller count, at most 1.
        Assert.Equal(2 / 32.0, Statistics.McNemarExact(0, 5), 12);
        Assert.Equal(2 * (1 + 10) / 1024.0, Statistics.McNemarExact(9, 1), 12);
        Assert.Equal(1, Statistics.McNemarExact(3, 3));
        Assert.Equal(1, Statistics.McNemarExact(0, 0));
        // 500 against 600 of 1,100: 2^-1100 underflows a double, the log-space sum does not (normal approximation 0.0029).
        double p = Statistics.McNemarExact(500, 600);
        Assert.InRange(p, 0.002, 0.004);
    }

    [Fact]
    public void Invalid_options_are_clear()
    {
        var conditions = EvaluationCondition.Standard(new MultimodalPendulum().Spec);
        Assert.Contains("Episodes", Assert.Throws<ArgumentException>(() =>
            MissingModalityEvaluator.Evaluate(Stacked, new Constant(0), conditions, new EvaluationOptions { Episodes = 0 })).Message);
        Assert.Contains("at least one evaluation condition", Assert.Throws<ArgumentException>(() =>
            MissingModalityEvaluator.Evaluate(Stacked, new Constant(0), [], new EvaluationOptions())).Message);
    }
}
