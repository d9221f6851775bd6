using GmcRL.Agents;
using GmcRL.Agents.Ddpg;
using GmcRL.Agents.Dqn;
using GmcRL.Agents.Sac;

namespace GmcRL.Tests.Agents;

/// <summary>Small agents and fixed batches for fast tests.</summary>
internal static class TestAgents
{
    public const int FeatureSize = 4;
    public static readonly ActionSpec Torque = ActionSpec.Continuous([-2f], [2f]);
    public static readonly ActionSpec ThreeChoices = ActionSpec.Discrete(3);

    public static IEnumerable<object[]> Algorithms() => Enum.GetValues<Algorithm>().Select(a => new object[] { a });

    public static IAgent Create(Algorithm algorithm, int seed = 0, int featureSize = FeatureSize, ActionSpec? actions = null) => algorithm switch
    {
        Algorithm.Sac => new SacAgent(featureSize, actions ?? Torque, new SacOptions { Hidden = [32, 32], BatchSize = 16, LearningRate = 1e-3 }, seed),
        Algorithm.Dqn => new DqnAgent(featureSize, actions ?? ThreeChoices, new DqnOptions { Hidden = [32, 32], BatchSize = 16 }, seed),
        Algorithm.Ddpg => new DdpgAgent(featureSize, actions ?? Torque, new DdpgOptions { ActorHidden = [32, 32], CriticStateHidden = 32, CriticJointHidden = 32, BatchSize = 16 }, seed),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>A batch of random transitions in the agent's spaces, none ended.</summary>
    public static Batch RandomBatch(IAgent agent, int seed = 1, int? size = null)
    {
        var rng = new Random(seed);
        var batch = new Batch(size ?? agent.BatchSize, agent.FeatureSize, agent.ActionSpec.Width);
        for (int i = 0; i < batch.Features.Length; i++)
        {
            batch.Features[i] = (float)(rng.NextDouble() * 2 - 1);
            batch.NextFeatures[i] = (float)(rng.NextDouble() * 2 - 1);
        }
        for (int i = 0; i < batch.Actions.Length; i++)
            batch.Actions[i] = agent.ActionSpec.Kind == ActionKind.Discrete
                ? rng.Next(agent.ActionSpec.Choices)
                : (float)(agent.ActionSpec.Low[0] + rng.NextDouble() * (agent.ActionSpec.High[0] - agent.ActionSpec.Low[0]));
        for (int i = 0; i < batch.Size; i++) batch.Rewards[i] = (float)(rng.NextDouble() * 2 - 1);
        return batch;
    }

    /// <summary>Features of <paramref name="rows"/> fixed observations.</summary>
    public static float[] Features(int rows, int featureSize = FeatureSize) =>
        Enumerable.Range(0, rows * featureSize).Select(i => MathF.Sin(i * 0.7f)).ToArray();
}
