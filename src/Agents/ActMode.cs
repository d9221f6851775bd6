namespace GmcRL.Agents;

/// <summary>How an agent chooses actions: deterministically (evaluation) or exploring at a given training step
/// (the step drives schedules such as DQN's epsilon and DDPG's noise decay).</summary>
/// <param name="Explore">Add the algorithm's exploration (sampling, epsilon-greedy or noise).</param>
/// <param name="Step">Environment steps taken so far in training.</param>
public readonly record struct ActMode(bool Explore, long Step)
{
    /// <summary>The greedy / mean action, for evaluation.</summary>
    public static ActMode Deterministic => new(false, 0);

    /// <summary>Exploring at training step <paramref name="step"/>.</summary>
    public static ActMode Exploring(long step) => new(true, step);
}
