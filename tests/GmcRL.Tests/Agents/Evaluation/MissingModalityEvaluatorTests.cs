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
    public void Statistics_match_hand_computation()
    {
        double[] x = [-1, -2, -3, -6];
        Assert.Equal(-3, Statistics.Mean(x));
        Assert.Equal(Math.Sqrt((4 + 1 + 0 + 9) / 3.0), Statistics.StandardDeviation(x), 12);
        Assert.Equal(3.182 * Math.Sqrt(14 / 3.0) / 2, Statistics.ConfidenceHalfWidth95(x), 12);
        Assert.Equal(0, Statistics.ConfidenceHalfWidth95([5.0]));
        double[] many = Enumerable.Range(0, 100).Select(i => (double)i).ToArray();
        Assert.Equal(1.96 * Statistics.StandardDeviation(many) / 10, Statistics.ConfidenceHalfWidth95(many), 12);
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
