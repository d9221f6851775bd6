using GmcRL.Agents;

namespace GmcRL.Tests.Agents;

/// <summary>Behaviour every agent shares: learning on a fixed batch, target rules, determinism, no tensor leaks.</summary>
[Collection(AgentsCollection.Name)]
public class AgentUpdateTests
{
    [Theory]
    [MemberData(nameof(TestAgents.Algorithms), MemberType = typeof(TestAgents))]
    public void Updates_lower_the_critic_loss_on_a_fixed_batch(Algorithm algorithm)
    {
        using var agent = TestAgents.Create(algorithm);
        var batch = TestAgents.RandomBatch(agent);
        double first = agent.Update(batch).CriticLoss;
        double last = first;
        for (int i = 0; i < 60; i++) last = agent.Update(batch).CriticLoss;
        Assert.True(double.IsFinite(first) && first > 0, $"first loss {first}");
        Assert.True(last < 0.5 * first, $"{algorithm}: critic loss went from {first} to {last}, expected at least halved");
    }

    [Theory]
    [MemberData(nameof(TestAgents.Algorithms), MemberType = typeof(TestAgents))]
    public void Truncation_is_bootstrapped_and_termination_is_not(Algorithm algorithm)
    {
        using var agent = TestAgents.Create(algorithm);
        var batch = TestAgents.RandomBatch(agent, size: 3);
        // Three copies of one transition: ongoing, truncated, terminated.
        for (int row = 1; row < 3; row++)
        {
            Array.Copy(batch.Features, 0, batch.Features, row * batch.FeatureSize, batch.FeatureSize);
            Array.Copy(batch.NextFeatures, 0, batch.NextFeatures, row * batch.FeatureSize, batch.FeatureSize);
            Array.Copy(batch.Actions, 0, batch.Actions, row * batch.ActionWidth, batch.ActionWidth);
            batch.Rewards[row] = batch.Rewards[0];
        }
        batch.Truncated[1] = true;
        batch.Terminated[2] = true;

        var y = agent.Targets(batch);

        Assert.Equal(batch.Rewards[2], y[2]);
        Assert.NotEqual(batch.Rewards[1], y[1]);
        // Identical rows may differ in the last bits: matrix kernels treat rows of a batch differently.
        if (algorithm != Algorithm.Sac) Assert.Equal(y[0], y[1], 5);
        else Assert.True(Math.Abs(y[1] - batch.Rewards[1]) > 1e-4, "SAC's truncated target should include the discounted next value");
    }

    [Theory]
    [MemberData(nameof(TestAgents.Algorithms), MemberType = typeof(TestAgents))]
    public void The_same_seed_gives_the_same_actions_and_losses(Algorithm algorithm)
    {
        var (actions1, losses1) = Trace(algorithm, seed: 5);
        var (actions2, losses2) = Trace(algorithm, seed: 5);
        var (actions3, _) = Trace(algorithm, seed: 6);
        Assert.Equal(actions1, actions2);
        Assert.Equal(losses1, losses2);
        Assert.NotEqual(actions1, actions3);
    }

    private static (float[] Actions, double[] Losses) Trace(Algorithm algorithm, int seed)
    {
        using var agent = TestAgents.Create(algorithm, seed);
        var batch = TestAgents.RandomBatch(agent);
        var features = TestAgents.Features(8);
        var actions = new List<float>();
        var losses = new List<double>();
        for (int i = 0; i < 5; i++)
        {
            var row = new float[8 * agent.ActionSpec.Width];
            agent.Act(features, row, ActMode.Exploring(i));
            actions.AddRange(row);
            var m = agent.Update(batch);
            losses.Add(m.CriticLoss);
            if (m.ActorLoss is double a) losses.Add(a);
        }
        var greedy = new float[8 * agent.ActionSpec.Width];
        agent.Act(features, greedy, ActMode.Deterministic);
        actions.AddRange(greedy);
        return (actions.ToArray(), losses.ToArray());
    }

    [Theory]
    [MemberData(nameof(TestAgents.Algorithms), MemberType = typeof(TestAgents))]
    public void Live_tensor_count_stays_flat_after_warm_up(Algorithm algorithm)
    {
        using var agent = TestAgents.Create(algorithm);
        var batch = TestAgents.RandomBatch(agent);
        var features = TestAgents.Features(4);
        var actions = new float[4 * agent.ActionSpec.Width];
        void Cycle()
        {
            agent.Act(features, actions, ActMode.Exploring(10));
            agent.Act(features, actions, ActMode.Deterministic);
            agent.Update(batch);
            agent.Targets(batch);
        }
        Cycle();
        long live = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 0; i < 10; i++) Cycle();
        Assert.Equal(live, TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);

        // The counter does see a tensor left undisposed outside any scope, so a leak would show.
        var stray = TorchSharp.torch.zeros(1);
        Assert.Equal(live + 1, TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        stray.Dispose();
    }

    [Theory]
    [MemberData(nameof(TestAgents.Algorithms), MemberType = typeof(TestAgents))]
    public void Actions_lie_in_the_action_space(Algorithm algorithm)
    {
        using var agent = TestAgents.Create(algorithm);
        var features = TestAgents.Features(32);
        var actions = new float[32 * agent.ActionSpec.Width];
        agent.Act(features, actions, ActMode.Exploring(0));
        foreach (float a in actions)
        {
            if (agent.ActionSpec.Kind == ActionKind.Discrete) Assert.True(a >= 0 && a < agent.ActionSpec.Choices && a == MathF.Floor(a), $"action {a}");
            else Assert.InRange(a, -2f, 2f);
        }
    }

    [Theory]
    [MemberData(nameof(TestAgents.Algorithms), MemberType = typeof(TestAgents))]
    public void Wrongly_shaped_input_is_rejected_clearly(Algorithm algorithm)
    {
        using var agent = TestAgents.Create(algorithm);
        var e = Assert.Throws<ArgumentException>(() => agent.Act(new float[TestAgents.FeatureSize + 1], new float[1], ActMode.Deterministic));
        Assert.Contains("feature size", e.Message);
        var other = new Batch(4, TestAgents.FeatureSize + 1, agent.ActionSpec.Width);
        Assert.Contains("this agent takes", Assert.Throws<ArgumentException>(() => agent.Update(other)).Message);
    }
}

/// <summary>DQN's two gradient clippings: by global norm (SB3) and by value (MUSE).</summary>
[Collection(AgentsCollection.Name)]
public class DqnGradientClipTests
{
    [Fact]
    public void Clipping_by_value_clamps_every_gradient_element_and_by_norm_does_not()
    {
        using var byNorm = new GmcRL.Agents.Dqn.DqnAgent(TestAgents.FeatureSize, TestAgents.ThreeChoices, new() { Hidden = [16], BatchSize = 32 });
        using var byValue = new GmcRL.Agents.Dqn.DqnAgent(TestAgents.FeatureSize, TestAgents.ThreeChoices, new() { Hidden = [16], BatchSize = 32, MaxGradValue = 1e-3 });
        var batch = TestAgents.RandomBatch(byNorm);
        byNorm.Update(batch);
        byValue.Update(batch);
        Assert.True(byNorm.LargestGradient() > 2e-3, $"unclamped largest gradient {byNorm.LargestGradient()}");
        Assert.InRange(byValue.LargestGradient(), 0.5e-3f, 1e-3f);
        Assert.Throws<ArgumentException>(() => new GmcRL.Agents.Dqn.DqnAgent(4, TestAgents.ThreeChoices, new() { MaxGradValue = 0 }));
    }
}
