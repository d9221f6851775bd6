using System.Globalization;

namespace GmcRL.Agents.Training;

/// <summary>Where a training run is, reported after every environment step (see <see cref="Trainer{TObs, TAction}.Run"/>).</summary>
/// <param name="Step">Environment steps taken in all, counting those before a resume.</param>
/// <param name="RecentReturn">Mean return of the recently finished episodes; null before the first ends.</param>
/// <param name="LastEvaluation">The latest evaluation; null before the first.</param>
public readonly record struct TrainingProgress(long Step, double? RecentReturn, TrainingEvaluation? LastEvaluation)
{
    /// <summary>The key figures for a progress display, e.g. "return -812.2  eval -150.5".</summary>
    public string Figure => string.Create(CultureInfo.InvariantCulture,
        $"return {(RecentReturn is double r ? r.ToString("F1", CultureInfo.InvariantCulture) : "-")}  eval {(LastEvaluation is { } e ? e.MeanReturn.ToString("F1", CultureInfo.InvariantCulture) : "-")}");
}
