using GmcRL.Agents;
using GmcRL.Agents.Sac;

namespace GmcRL.Tests.Agents;

[Collection(AgentsCollection.Name)]
public class SacTests
{
    // A fresh squashed Gaussian on one action element has entropy near 1 nat: far below a target of 5 (alpha must
    // grow to push entropy up) and far above a target of -5 (alpha must shrink).
    [Theory]
    [InlineData(5.0, true)]
    [InlineData(-5.0, false)]
    public void Entropy_coefficient_moves_towards_the_target_entropy(double targetEntropy, bool shouldGrow)
    {
        using var agent = new SacAgent(TestAgents.FeatureSize, TestAgents.Torque,
            new SacOptions { Hidden = [32, 32], BatchSize = 16, TargetEntropy = targetEntropy }, seed: 3);
        var batch = TestAgents.RandomBatch(agent);
        double before = agent.EntropyCoefficient;
        double after = before;
        for (int i = 0; i < 10; i++) after = agent.Update(batch).EntropyCoefficient!.Value;
        Assert.Equal(1.0, before, 6);
        if (shouldGrow) Assert.True(after > before, $"alpha {before} -> {after}");
        else Assert.True(after < before, $"alpha {before} -> {after}");
    }

    [Fact]
    public void Default_target_entropy_is_minus_the_action_dimension()
    {
        using var agent = new SacAgent(3, ActionSpec.Continuous([-1f, -1f], [1f, 1f]), new SacOptions { Hidden = [8] });
        Assert.Equal(-2.0, agent.TargetEntropy);
    }

    [Fact]
    public void A_fixed_entropy_coefficient_is_not_tuned()
    {
        using var agent = new SacAgent(TestAgents.FeatureSize, TestAgents.Torque,
            new SacOptions { Hidden = [16], BatchSize = 8, EntropyCoefficient = 0.2 });
        var batch = TestAgents.RandomBatch(agent);
        for (int i = 0; i < 3; i++) Assert.Equal(0.2, agent.Update(batch).EntropyCoefficient);
    }

    [Fact]
    public void Discrete_actions_are_refused_with_a_pointer_to_DQN()
    {
        var e = Assert.Throws<ArgumentException>(() => new SacAgent(3, ActionSpec.Discrete(4)));
        Assert.Contains("use DQN", e.Message);
    }

    [Fact]
    public void Invalid_options_name_the_property()
    {
        var e = Assert.Throws<ArgumentException>(() => new SacAgent(3, TestAgents.Torque, new SacOptions { Gamma = 1.5 }));
        Assert.Contains("SacOptions.Gamma", e.Message);
    }
}
