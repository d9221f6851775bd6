using GmcRL.Envs;
namespace GmcRL.Agents.Evaluation;

/// <summary>How much of a controller's reward survives a condition: its lead over a random policy in that condition
/// as a share of its lead with every modality present, (R_condition - R_random) / (R_all - R_random), all three measured
/// on the same episodes. 1 keeps everything, 0 is no better than random actions.</summary>
public static class RewardKept
{
    /// <summary>The share kept in <paramref name="condition"/>; null unless the controller clearly beats the random policy
    /// with every modality present (their 95% intervals apart): a lead within the noise would make any share
    /// meaningless. Measured on the episodes' <paramref name="score"/>.</summary>
    public static double? Of(ConditionResult condition, ConditionResult all, ConditionResult random, EpisodeScore score = EpisodeScore.RewardPerStep)
    {
        double lead = all.Mean(score) - random.Mean(score);
        return lead > all.Ci95(score) + random.Ci95(score) ? (condition.Mean(score) - random.Mean(score)) / lead : null;
    }
}
