namespace GmcRL;

/// <summary>How <see cref="Agent.Evaluate"/> runs its episodes. The defaults are <c>gmcrl run</c>'s, except that no
/// replays are recorded unless asked.</summary>
public sealed record EvaluateOptions
{
    /// <summary>Episodes per condition; episode e starts from seed <see cref="Seed"/> + e in every condition.</summary>
    public int Episodes { get; init; } = 100;

    /// <summary>Steps per episode; null: the environment's <see cref="Env.EvaluationSteps"/>.</summary>
    public int? Steps { get; init; }

    /// <summary>The first episode's seed.</summary>
    public int Seed { get; init; } = 10_000;

    /// <summary>Episodes stepped side by side (the encoder sees them as one batch).</summary>
    public int Parallel { get; init; } = 16;

    /// <summary>Also play uniformly random actions on the same episodes: the floor that "reward kept" is measured from.</summary>
    public bool RandomFloor { get; init; } = true;

    /// <summary>Record the first this many episodes of every condition as replays into <see cref="ReplayFolder"/>.</summary>
    public int Replays { get; init; }

    /// <summary>Where replays go (needed when <see cref="Replays"/> is more than 0).</summary>
    public string? ReplayFolder { get; init; }

    /// <summary>Where the progress bar goes; null draws none.</summary>
    public TextWriter? Progress { get; init; }
}
