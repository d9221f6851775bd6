using GmcRL.Agents.Evaluation;
using GmcRL.Envs;
using GmcRL.Envs.Pendulum;
using GmcRL.Envs.Wrappers;

namespace GmcRL.Tests.Agents.Evaluation;

public class RewardKeptTests
{
    private static ConditionResult Scoring(double meanRewardPerStep, double ci95 = 0) =>
        new("x", null, 1, meanRewardPerStep, 0, ci95, meanRewardPerStep * 300, 0, new Dictionary<string, double>(), [meanRewardPerStep]);

    [Fact]
    public void The_share_kept_is_the_lead_over_random_actions_relative_to_the_lead_with_everything_present()
    {
        var (all, random) = (Scoring(-0.5), Scoring(-6.0));
        Assert.Equal(1.0, RewardKept.Of(all, all, random)!.Value, 12);
        Assert.Equal(5.0 / 5.5, RewardKept.Of(Scoring(-1.0), all, random)!.Value, 12);  // (-1 + 6) / (-0.5 + 6)
        Assert.Equal(0.0, RewardKept.Of(random, all, random)!.Value, 12);
        Assert.Equal(-2.0 / 5.5, RewardKept.Of(Scoring(-8.0), all, random)!.Value, 12); // worse than random: below 0
    }

    [Fact]
    public void A_controller_not_clearly_better_than_random_actions_has_no_share()
    {
        Assert.Null(RewardKept.Of(Scoring(-3.0), Scoring(-6.0), Scoring(-6.0)));
        Assert.Null(RewardKept.Of(Scoring(-3.0), Scoring(-7.0), Scoring(-6.0)));
        // A lead of 0.5 with intervals of 0.3 each: within the noise.
        Assert.Null(RewardKept.Of(Scoring(-3.0), Scoring(-5.5, 0.3), Scoring(-6.0, 0.3)));
        Assert.NotNull(RewardKept.Of(Scoring(-3.0), Scoring(-5.5, 0.2), Scoring(-6.0, 0.2)));
    }

    [Fact]
    public void Random_actions_lie_in_the_space_repeat_with_the_seed_and_score_far_below_zero_on_the_pendulum()
    {
        var space = new Box(1, -2, 2);
        float[] Draw(int seed)
        {
            var policy = new RandomPolicy<MultimodalObservation, float[]>(space, seed);
            var actions = new float[50][];
            policy.Act(new MultimodalObservation[50], actions);
            Assert.All(actions, a => Assert.True(space.Contains(a)));
            return actions.Select(a => a[0]).ToArray();
        }
        Assert.Equal(Draw(3), Draw(3));
        Assert.NotEqual(Draw(3), Draw(4));

        var result = MissingModalityEvaluator.Evaluate(() => new FrameStack<float[]>(new MultimodalPendulum(), 2),
            new RandomPolicy<MultimodalObservation, float[]>(space, 0), [EvaluationCondition.Standard(new MultimodalPendulum().Spec)[0]],
            new EvaluationOptions { Episodes = 10, Steps = 300 })[0];
        Assert.InRange(result.MeanRewardPerStep, -8, -4); // random torques cannot swing the pendulum up
    }
}
