namespace GmcRL.Agents.Evaluation;

/// <summary>How a missing-modality evaluation runs (the paper: 100 episodes of 300 steps).</summary>
public sealed record EvaluationOptions
{
    /// <summary>Episodes per condition.</summary>
    public int Episodes { get; init; } = 100;

    /// <summary>Steps per episode (the time limit).</summary>
    public int Steps { get; init; } = 300;

    /// <summary>Episode e of every condition starts from seed Seed + e.</summary>
    public int Seed { get; init; } = 10_000;

    /// <summary>Episodes run side by side, so the policy sees a batch per step.</summary>
    public int Parallel { get; init; } = 16;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public EvaluationOptions Validated()
    {
        if (Episodes < 1) throw new ArgumentException($"Evaluation Episodes must be at least 1 (got {Episodes}).");
        if (Steps < 1) throw new ArgumentException($"Evaluation Steps must be at least 1 (got {Steps}).");
        if (Parallel < 1) throw new ArgumentException($"Evaluation Parallel must be at least 1 (got {Parallel}).");
        return this;
    }
}
