using GmcRL.Agents;
using GmcRL.Agents.Dqn;
using GmcRL.Agents.Training;
using GmcRL.Envs;
using GmcRL.Envs.Vector;
using GmcRL.Envs.Wrappers;
using GmcRL.Representation;

namespace GmcRL.Tests.Agents;

[Collection(AgentsCollection.Name)]
public class DqnChainTests
{
    private const int Length = 6;

    private static IEnvironment<float[], int> Chain() => new TimeLimit<float[], int>(new ChainEnvironment(Length), 20);

    [Fact]
    public void The_q_network_starts_xavier_uniform_with_zero_biases()
    {
        // MUSE's DQN (HYPERHOT-SPEC §4): weights uniform in +-sqrt(6 / (fan_in + fan_out)), biases 0. TorchSharp's default
        // would give +-1/sqrt(fan_in) and non-zero biases: 0.158 and 0.044 here, against Xavier's 0.104 and 0.108.
        using var agent = new DqnAgent(40, ActionSpec.Discrete(6), new DqnOptions { Hidden = [512] }, seed: 3);
        var layers = agent.QLayers;
        Assert.Equal(2, layers.Count);
        foreach (var layer in layers)
        {
            long fanOut = layer.weight!.shape[0], fanIn = layer.weight.shape[1];
            double bound = Math.Sqrt(6.0 / (fanIn + fanOut));
            using var largest = layer.weight.abs().max();
            Assert.InRange(largest.item<float>(), 0.95 * bound, bound);
            using var bias = layer.bias!.abs().max();
            Assert.Equal(0f, bias.item<float>());
        }
    }

    [Fact]
    public void Dqn_solves_a_tiny_chain_within_3000_steps()
    {
        using var agent = new DqnAgent(Length, ActionSpec.Discrete(2), new DqnOptions
        {
            Hidden = [32],
            BatchSize = 32,
            LearningRate = 3e-3,
            TargetUpdateInterval = 50,
            ExplorationSteps = 1_500,
        }, seed: 0);
        var envs = new VectorEnvironment<float[], int>([Chain()], o => (float[])o.Clone());
        var trainer = new Trainer<float[], int>(agent, new StateFeatures(Length), envs, Chain(),
            new DiscreteActionEncoding(new Discrete(2)),
            new TrainerOptions { Seed = 0, BufferSize = 5_000, LearningStarts = 200, EvaluationEpisodes = 1 });

        var result = trainer.Run(3_000);
        var evaluation = trainer.Evaluate();

        // The shortest path: Length - 2 steps costing 0.01 each, then the goal's +1.
        Assert.Equal(1 - 0.01 * (Length - 2), evaluation.MeanReturn, 6);
        Assert.Equal(3_000, result.Steps);
        Assert.True(result.Episodes > 10, $"only {result.Episodes} episodes");
    }
}
