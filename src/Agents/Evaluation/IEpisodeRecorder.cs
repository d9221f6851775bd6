using GmcRL.Envs;

namespace GmcRL.Agents.Evaluation;

/// <summary>
/// Watches chosen evaluation episodes step by step (for example to save them as replays). The evaluator calls
/// <see cref="Step"/> with what the policy saw and chose, before the environment steps (it overwrites its
/// observation buffers then), and <see cref="Rewarded"/> after.
/// </summary>
public interface IEpisodeRecorder<TAction>
{
    /// <summary>Whether to record episode <paramref name="episode"/> of <paramref name="condition"/>.</summary>
    bool Records(EvaluationCondition condition, int episode);

    /// <summary>A recorded episode starts, from seed <paramref name="seed"/>.</summary>
    void Begin(EvaluationCondition condition, int episode, int seed);

    /// <summary>One step: the observation the policy got (row <paramref name="batchRow"/> of its batch), the
    /// environment's true state and the action chosen.</summary>
    void Step(EvaluationCondition condition, int episode, MultimodalObservation observation, ReadOnlySpan<double> state, TAction action, int batchRow);

    /// <summary>The reward of the step just recorded.</summary>
    void Rewarded(EvaluationCondition condition, int episode, double reward);

    /// <summary>The episode ended.</summary>
    void End(EvaluationCondition condition, int episode);
}
