namespace GmcRL.Agents.Checkpoints;

/// <summary>What a checkpoint was made for; loading checks every field against the loader's own header.</summary>
/// <param name="Content">What the payload holds (<see cref="AgentContent"/> or <see cref="TrainingContent"/>).</param>
/// <param name="Algorithm">The algorithm that wrote it.</param>
/// <param name="FeatureSize">Length of the feature vectors the agent learned from.</param>
/// <param name="Actions">The action space the agent acts in.</param>
/// <param name="Network">The network shapes, for example "actor [256, 256], critic [256, 256]".</param>
public sealed record CheckpointHeader(string Content, Algorithm Algorithm, int FeatureSize, ActionSpec Actions, string Network)
{
    /// <summary>The content of an agent's checkpoint: networks, optimizers and counters.</summary>
    public const string AgentContent = "agent";

    /// <summary>The content of a training loop's checkpoint: progress and replay buffer.</summary>
    public const string TrainingContent = "training";
}
