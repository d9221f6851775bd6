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

    // A game: episodes of different lengths, scored by their total reward.
    private static ConditionResult Game(double perStep, double meanReturn, double stdReturn, int episodes = 50) =>
        new("x", null, episodes, perStep, 0.001, 0.0005, meanReturn, stdReturn, new Dictionary<string, double>(), [perStep]);

    [Fact]
    public void A_game_keeps_its_share_of_the_total_reward_and_fixed_length_episodes_keep_the_same_share_either_way()
    {
        // Random play loses every game quickly (-1, about 40 steps); the agent wins some; the image alone less often.
        var (all, random, image) = (Game(-0.015, 0.32, 3.0), Game(-0.025, -1.0, 0.0), Game(-0.021, -0.34, 2.5));
        Assert.Equal((-0.34 + 1) / (0.32 + 1), RewardKept.Of(image, all, random, EpisodeScore.Return)!.Value, 12);
        Assert.Equal((-0.021 + 0.025) / (-0.015 + 0.025), RewardKept.Of(image, all, random)!.Value, 12);
        // Its interval is that of the returns: 1.96 * 3.0 / sqrt(50) for 50 episodes (past 30 degrees of freedom, the normal quantile).
        Assert.Equal(1.96 * 3.0 / Math.Sqrt(50), all.Ci95(EpisodeScore.Return), 12);

        // Every episode 300 steps long (the pendulum): the return is 300 times the reward per step, and so is the share.
        var (a, r, c) = (Scoring(-0.5, 0.01), Scoring(-6.0, 0.01), Scoring(-1.0));
        Assert.Equal(RewardKept.Of(c, a, r)!.Value, RewardKept.Of(c, a, r, EpisodeScore.Return)!.Value, 12);
        Assert.Equal(EpisodeScore.Return, GmcRL.Envs.Registry.EnvRegistry.Get("hyperhot-v1").Score);
        Assert.Equal(EpisodeScore.RewardPerStep, GmcRL.Envs.Registry.EnvRegistry.Get("multimodal-pendulum-v1").Score);
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
