namespace GmcRL.Agents.Evaluation;

/// <summary>How much of a controller's reward survives a condition: its lead over a random policy in that condition
/// as a share of its lead with every modality present, (R_condition - R_random) / (R_all - R_random), all three measured
/// on the same episodes. 1 keeps everything, 0 is no better than random actions.</summary>
public static class RewardKept
{
    /// <summary>The share kept in <paramref name="condition"/>; null unless the controller clearly beats the random policy
    /// with every modality present (their 95% intervals apart): a lead within the noise would make any share
    /// meaningless.</summary>
    public static double? Of(ConditionResult condition, ConditionResult all, ConditionResult random)
    {
        double lead = all.MeanRewardPerStep - random.MeanRewardPerStep;
        return lead > all.Ci95RewardPerStep + random.Ci95RewardPerStep ? (condition.MeanRewardPerStep - random.MeanRewardPerStep) / lead : null;
    }
}
