namespace GmcRL.Agents.Training;

/// <summary>What a call to <see cref="Trainer{TObservation, TAction}.Run"/> did, as plain numbers.</summary>
/// <param name="Steps">Total environment steps taken (including any before a resume).</param>
/// <param name="Episodes">Episodes finished in training.</param>
/// <param name="Updates">Gradient steps taken.</param>
/// <param name="Evaluations">Evaluations made during this call, in order.</param>
/// <param name="WallSeconds">Wall time of this call, evaluations and checkpoints included.</param>
/// <param name="StepsPerSecond">Environment steps per second of this call, evaluations and checkpoints excluded.</param>
/// <param name="LearningStepsPerSecond">The same, counting only steps after learning started (the rate with updates).</param>
/// <param name="LastUpdate">Losses of the last gradient step, if any.</param>
public sealed record TrainingResult(
    long Steps, long Episodes, long Updates, IReadOnlyList<TrainingEvaluation> Evaluations,
    double WallSeconds, double StepsPerSecond, double LearningStepsPerSecond, UpdateMetrics? LastUpdate)
{
    /// <summary>Environment steps of this call taken after learning started.</summary>
    public long LearningSteps { get; init; }

    /// <summary>Seconds those steps took, evaluations and checkpoints excluded.</summary>
    public double LearningSeconds { get; init; }
}
