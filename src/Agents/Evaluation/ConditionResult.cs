using GmcRL.Envs;
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
/// <param name="Outcomes">For an environment that tells how episodes end (<see cref="GmcRL.Envs.IEpisodeOutcome"/>,
/// such as Hyperhot's win, lost and time_up), how many episodes ended each way, with "truncated" for those the
/// evaluation's step limit cut short; null for others.</param>
/// <param name="EpisodeReturn">Each episode's return (sum of rewards), in episode order; null in files written before
/// it was recorded.</param>
/// <param name="EpisodeOutcome">How each episode ended (one of <paramref name="Outcomes"/>' names), in episode order;
/// null when the environment does not say or in files written before it was recorded.</param>
public sealed record ConditionResult(
    string Name, IReadOnlyList<string>? Present, int Episodes,
    double MeanRewardPerStep, double StdRewardPerStep, double Ci95RewardPerStep,
    double MeanReturn, double StdReturn,
    IReadOnlyDictionary<string, double> MissingFraction,
    IReadOnlyList<double> EpisodeRewardPerStep,
    IReadOnlyDictionary<string, int>? Outcomes = null,
    IReadOnlyList<double>? EpisodeReturn = null,
    IReadOnlyList<string>? EpisodeOutcome = null)
{
    /// <summary>The outcome that counts as winning.</summary>
    public const string Win = "win";

    /// <summary>The mean episode score of kind <paramref name="score"/>.</summary>
    public double Mean(EpisodeScore score) => score == EpisodeScore.Return ? MeanReturn : MeanRewardPerStep;

    /// <summary>The sample standard deviation of the episode scores of kind <paramref name="score"/>.</summary>
    public double Std(EpisodeScore score) => score == EpisodeScore.Return ? StdReturn : StdRewardPerStep;

    /// <summary>The half-width of the 95% interval of <see cref="Mean"/>.</summary>
    public double Ci95(EpisodeScore score) =>
        score == EpisodeScore.Return ? Statistics.ConfidenceHalfWidth95(StdReturn, Episodes) : Ci95RewardPerStep;

    /// <summary>Each episode's score of kind <paramref name="score"/>, in episode order; null when the file predates
    /// per-episode returns.</summary>
    public IReadOnlyList<double>? EpisodeScores(EpisodeScore score) => score == EpisodeScore.Return ? EpisodeReturn : EpisodeRewardPerStep;

    /// <summary>The share of episodes won, when the environment has a "win" outcome; else null.</summary>
    public double? WinRate => Outcomes is { } o && o.TryGetValue(Win, out int wins) && Episodes > 0 ? wins / (double)Episodes : null;
}
