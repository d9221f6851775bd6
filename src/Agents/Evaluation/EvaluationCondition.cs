using GmcRL.Envs;
using GmcRL.Envs.Wrappers;

namespace GmcRL.Agents.Evaluation;

/// <summary>One test-time condition of a missing-modality evaluation: which modalities the controller gets.</summary>
/// <param name="Name">A short identifier, e.g. "all", "image_only", "per_step_p0.3".</param>
/// <param name="Present">For a fixed subset, the modalities present; null for random schedules.</param>
/// <param name="Schedule">How modalities are dropped.</param>
public sealed record EvaluationCondition(string Name, IReadOnlyList<string>? Present, DropSchedule Schedule)
{
    /// <summary>The standard conditions for <paramref name="spec"/>: all modalities; each single modality; every other
    /// non-empty proper subset when there are more than two; a per-episode random drop (p = 0.3); per-step dropout at
    /// p = 0.1, 0.3 and 0.5 (those possible with at least one modality kept); blackout windows (p = 0.05, 20 steps).</summary>
    public static IReadOnlyList<EvaluationCondition> Standard(ObservationSpec spec)
    {
        var names = spec.Modalities.Select(m => m.Name).ToArray();
        var conditions = new List<EvaluationCondition> { new("all", names, new DropSchedule.None()) };
        // Proper non-empty subsets, singles first, then by size.
        var subsets = PresenceMask.ProperSubsets(names.Length).Select(mask => names.Where((_, i) => mask.Has(i)).ToArray());
        conditions.AddRange(subsets.Select(Subset));
        if (names.Length > 1)
        {
            double max = (names.Length - 1) / (double)names.Length;
            conditions.Add(new("per_episode_p0.3", null, new DropSchedule.PerEpisode(Math.Min(0.3, max))));
            foreach (double p in new[] { 0.1, 0.3, 0.5 }.Where(p => p <= max))
                conditions.Add(new($"per_step_p{p:0.0}", null, new DropSchedule.PerStep(p)));
            conditions.Add(new("blackout_p0.05_k20", null, new DropSchedule.Blackout(0.05, 20)));
        }
        return conditions;
    }

    /// <summary>The condition in which exactly <paramref name="present"/> are observed.</summary>
    public static EvaluationCondition Subset(IReadOnlyList<string> present) =>
        new(present.Count == 1 ? $"{present[0]}_only" : string.Join("+", present), present.ToArray(),
            new DropSchedule.Fixed(present.ToArray()));

    /// <summary>Whether this is the all-modalities condition for a spec with <paramref name="modalities"/> modalities.</summary>
    public bool IsComplete(int modalities) => Present is not null && Present.Count == modalities;
}
