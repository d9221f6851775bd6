namespace GmcRL.Agents.Evaluation;

/// <summary>The outcome of one condition of a missing-modality evaluation. The score of an episode is its average
/// reward per step (docs/method.md §6); spreads are sample standard deviations over episodes, and the 95% confidence
/// interval is the half-width t(0.975, n-1) * std / sqrt(n).</summary>
/// <param name="Name">The condition's name.</param>
/// <param name="Present">The modalities present for a fixed subset; null for random schedules.</param>
/// <param name="Episodes">Number of episodes.</param>
/// <param name="MeanRewardPerStep">Mean over episodes of the episode's average reward per step.</param>
/// <param name="StdRewardPerStep">Standard deviation of the same.</param>
/// <param name="Ci95RewardPerStep">Half-width of the 95% confidence interval of the mean.</param>
/// <param name="MeanReturn">Mean episode return (sum of rewards).</param>
/// <param name="StdReturn">Standard deviation of the episode return.</param>
/// <param name="MissingFraction">Per modality name, the fraction of observations in which it was missing.</param>
/// <param name="EpisodeRewardPerStep">Each episode's average reward per step, in episode order.</param>
public sealed record ConditionResult(
    string Name, IReadOnlyList<string>? Present, int Episodes,
    double MeanRewardPerStep, double StdRewardPerStep, double Ci95RewardPerStep,
    double MeanReturn, double StdReturn,
    IReadOnlyDictionary<string, double> MissingFraction,
    IReadOnlyList<double> EpisodeRewardPerStep);
