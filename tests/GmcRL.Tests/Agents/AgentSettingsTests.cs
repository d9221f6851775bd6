using GmcRL.Agents;
using GmcRL.Agents.Ddpg;
using GmcRL.Agents.Dqn;
using GmcRL.Agents.Sac;
using GmcRL.Envs;

namespace GmcRL.Tests.Agents;

[Collection(AgentsCollection.Name)]
public class AgentSettingsTests
{
    private static readonly ActionSpec Torque = ActionSpec.Continuous(new Box(1, -2, 2));
    private static readonly ActionSpec Choices = ActionSpec.Discrete(new Discrete(6));

    [Fact]
    public void The_algorithm_follows_the_action_space_unless_named()
    {
        Assert.Equal(Algorithm.Dqn, AgentSettings.DefaultFor(ActionKind.Discrete));
        Assert.Equal(Algorithm.Sac, AgentSettings.DefaultFor(ActionKind.Continuous));
        using (var sac = new AgentSettings { Hidden = [8] }.Create(4, Torque, seed: 1)) Assert.IsType<SacAgent>(sac);
        using (var dqn = new AgentSettings { Hidden = [8] }.Create(4, Choices, seed: 1)) Assert.IsType<DqnAgent>(dqn);
        using (var ddpg = new AgentSettings { Algorithm = Algorithm.Ddpg }.Create(4, Torque, seed: 1)) Assert.IsType<DdpgAgent>(ddpg);
    }

    [Fact]
    public void Derived_schedules_are_the_documented_ones()
    {
        Assert.Equal(6_000, new AgentSettings { Steps = 30_000 }.ExplorationSteps);
        Assert.Equal(3_000, new AgentSettings { Steps = 30_000, ExplorationFraction = 0.1 }.ExplorationSteps);
        Assert.Equal(1, new AgentSettings { Steps = 2 }.ExplorationSteps);
    }

    [Fact]
    public void An_algorithm_that_cannot_act_in_the_space_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new AgentSettings { Algorithm = Algorithm.Sac }.Create(4, Choices, seed: 1));
        Assert.Contains("SAC needs continuous actions", e.Message);
        e = Assert.Throws<ArgumentException>(() => new AgentSettings { Algorithm = Algorithm.Dqn }.Create(4, Torque, seed: 1));
        Assert.Contains("DQN needs discrete actions", e.Message);
    }
}
