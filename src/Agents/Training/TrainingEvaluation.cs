namespace GmcRL.Agents.Training;

/// <summary>The outcome of one evaluation: deterministic episodes from fixed seeds.</summary>
/// <param name="Step">Training steps taken when it ran.</param>
/// <param name="MeanReturn">Mean undiscounted episode return.</param>
/// <param name="StdReturn">Population standard deviation of the episode returns.</param>
/// <param name="Episodes">Number of episodes.</param>
public readonly record struct TrainingEvaluation(long Step, double MeanReturn, double StdReturn, int Episodes);
