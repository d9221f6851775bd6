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
    public void Targets_are_double_dqn_and_the_loss_is_huber_both_by_hand()
    {
        // MUSE's DQN (HYPERHOT-SPEC §4): y = r + gamma (1 - terminated) Q_target(s', argmax_a Q(s', a)), the online
        // network choosing and the target valuing; the loss the mean Huber (delta 1) of Q(s, a) - y. A few updates with
        // the target held back make the two networks differ.
        using var agent = new DqnAgent(3, ActionSpec.Discrete(4), new DqnOptions { Hidden = [6], BatchSize = 32, Gamma = 0.9, TargetUpdateInterval = 1_000, LearningRate = 0.05 }, seed: 4);
        for (int k = 0; k < 20; k++) agent.Update(TestAgents.RandomBatch(agent, seed: 10 + k));
        var batch = TestAgents.RandomBatch(agent, seed: 99);
        for (int i = 0; i < batch.Size; i++) batch.Rewards[i] *= 3;
        for (int i = 0; i < batch.Size; i += 5) batch.Terminated[i] = true;
        for (int i = 2; i < batch.Size; i += 7) batch.Truncated[i] = true;
        var online = Weights(agent.QLayers);
        var target = Weights(agent.QTargetLayers);

        var y = agent.Targets(batch);
        double loss = 0;
        int doubleMatters = 0, small = 0, large = 0;
        for (int i = 0; i < batch.Size; i++)
        {
            var next = batch.NextFeatures.AsSpan(i * 3, 3).ToArray();
            double[] qNext = Q(online, next), qTargetNext = Q(target, next);
            int chosen = Array.IndexOf(qNext, qNext.Max());
            if (chosen != Array.IndexOf(qTargetNext, qTargetNext.Max())) doubleMatters++;
            double expected = batch.Rewards[i] + (batch.Terminated[i] ? 0 : 0.9 * qTargetNext[chosen]);
            Assert.Equal(expected, y[i], 1e-4);
            double d = Q(online, batch.Features.AsSpan(i * 3, 3).ToArray())[(int)batch.Actions[i]] - expected;
            if (Math.Abs(d) < 1) { loss += 0.5 * d * d; small++; }
            else { loss += Math.Abs(d) - 0.5; large++; }
        }
        // The batch tells Double DQN from plain DQN and tests both arms of the Huber loss.
        Assert.True(doubleMatters > 0 && small > 0 && large > 0, $"{doubleMatters} rows where the networks choose apart, {small} small and {large} large errors");
        Assert.Equal(loss / batch.Size, agent.Update(batch).CriticLoss, 1e-4);
    }

    private static (double[,] W1, double[] B1, double[,] W2, double[] B2) Weights(IReadOnlyList<TorchSharp.Modules.Linear> layers)
    {
        static (double[,], double[]) Read(TorchSharp.Modules.Linear l)
        {
            var w = l.weight!.data<float>().ToArray();
            var b = l.bias!.data<float>().ToArray();
            int rows = (int)l.weight.shape[0], cols = (int)l.weight.shape[1];
            var m = new double[rows, cols];
            for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) m[r, c] = w[r * cols + c];
            return (m, b.Select(v => (double)v).ToArray());
        }
        var (w1, b1) = Read(layers[0]);
        var (w2, b2) = Read(layers[1]);
        return (w1, b1, w2, b2);
    }

    private static double[] Q((double[,] W1, double[] B1, double[,] W2, double[] B2) n, float[] x)
    {
        var h = new double[n.B1.Length];
        for (int r = 0; r < h.Length; r++)
        {
            double s = n.B1[r];
            for (int c = 0; c < x.Length; c++) s += n.W1[r, c] * x[c];
            h[r] = Math.Max(0, s);
        }
        var q = new double[n.B2.Length];
        for (int r = 0; r < q.Length; r++)
        {
            double s = n.B2[r];
            for (int c = 0; c < h.Length; c++) s += n.W2[r, c] * h[c];
            q[r] = s;
        }
        return q;
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
