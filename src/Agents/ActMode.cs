namespace GmcRL.Agents;

/// <summary>How an agent chooses actions: deterministically (evaluation) or exploring at a given training step
/// (the step drives schedules such as DQN's epsilon and DDPG's noise decay).</summary>
/// <param name="Explore">Add the algorithm's exploration (sampling, epsilon-greedy or noise).</param>
/// <param name="Step">Environment steps taken so far in training.</param>
/// <param name="LearningStarts">The step from which the agent chooses (before it, the training loop plays random
/// actions): DQN's epsilon ramp starts there, as in MUSE's DQN.</param>
public readonly record struct ActMode(bool Explore, long Step, long LearningStarts = 0)
{
    /// <summary>The greedy / mean action, for evaluation.</summary>
    public static ActMode Deterministic => new(false, 0);

    /// <summary>Exploring at training step <paramref name="step"/>, the agent choosing from step
    /// <paramref name="learningStarts"/> on.</summary>
    public static ActMode Exploring(long step, long learningStarts = 0) => new(true, step, learningStarts);

    /// <summary>Steps since the agent began to choose: <see cref="Step"/> - <see cref="LearningStarts"/>, at least 0.</summary>
    public long StepsSinceLearningStarts => Math.Max(0, Step - LearningStarts);
}
