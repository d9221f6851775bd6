namespace GmcRL.Representation.Data;

/// <summary>How to collect a pretraining dataset from a registered environment with its collection policy (uniformly
/// random actions unless the environment declares another), seeded (docs/method.md §6).</summary>
public sealed record CollectionOptions
{
    /// <summary>Number of samples to record.</summary>
    public int Count { get; init; } = 20_000;

    /// <summary>Seeds the environment and the collection policy.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Steps per episode: the environment is reset every K steps (the end is a truncation). Null runs one long
    /// episode, resetting only when it terminates, as the reference does.</summary>
    public int? EpisodeLength { get; init; } = 300;

    /// <summary>Frames stacked per observation.</summary>
    public int FrameStack { get; init; } = 2;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public CollectionOptions Validated()
    {
        if (Count < 2) throw new ArgumentException($"Collection: Count must be at least 2 samples (got {Count}).");
        if (EpisodeLength is int k && k < 1) throw new ArgumentException($"Collection: EpisodeLength must be at least 1 step, or null for one long run (got {k}).");
        if (FrameStack < 1) throw new ArgumentException($"Collection: FrameStack must be at least 1 (got {FrameStack}).");
        return this;
    }
}
