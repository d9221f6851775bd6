namespace GmcRL.Agents;

/// <summary>
/// A learning controller that acts on feature vectors. Features and actions travel as row-major float rows:
/// <c>features</c> is batch x <see cref="FeatureSize"/>, <c>actions</c> batch x <see cref="ActionSpec"/>.Width, in the
/// environment's units (a discrete action is its index).
/// </summary>
public interface IAgent : IDisposable
{
    /// <summary>The algorithm, as recorded in checkpoints.</summary>
    Algorithm Algorithm { get; }

    /// <summary>Length of the feature vectors the agent takes.</summary>
    int FeatureSize { get; }

    /// <summary>The actions the agent produces.</summary>
    ActionSpec ActionSpec { get; }

    /// <summary>Transitions per gradient step; the training loop samples batches of this size.</summary>
    int BatchSize { get; }

    /// <summary>Chooses one action per feature row.</summary>
    void Act(ReadOnlySpan<float> features, Span<float> actions, ActMode mode);

    /// <summary>Starts the exploration process of slot <paramref name="slot"/> (environment copy) afresh; called when
    /// its episode begins. Only temporally correlated noise (DDPG's Ornstein-Uhlenbeck) uses it.</summary>
    void ResetExploration(int slot);

    /// <summary>Restarts the agent's own random streams (exploration noise, policy sampling) from <paramref name="seed"/>.
    /// The training loop calls it at each synchronisation point (see <see cref="Training.Trainer{TObservation, TAction}.Synchronise"/>),
    /// which is what lets a resumed run continue exactly as an uninterrupted one.</summary>
    void Reseed(int seed);

    /// <summary>One gradient step on <paramref name="batch"/>; returns its losses as plain numbers.</summary>
    UpdateMetrics Update(Batch batch);

    /// <summary>The critic's regression targets y for <paramref name="batch"/> (for diagnostics and tests).</summary>
    float[] Targets(Batch batch);

    /// <summary>Writes networks, optimizers and counters to <paramref name="path"/> (atomically).</summary>
    void Save(string path);

    /// <summary>Restores a checkpoint written by an agent of the same algorithm, feature size, action space and
    /// networks; otherwise throws <see cref="Checkpoints.CheckpointException"/> and leaves this agent unchanged.</summary>
    void Load(string path);
}
