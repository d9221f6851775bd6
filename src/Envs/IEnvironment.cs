namespace GmcRL.Envs;

/// <summary>
/// A reinforcement-learning environment with Gymnasium's conventions: <see cref="Reset"/> starts an
/// episode (optionally reseeding), <see cref="Step"/> advances it and reports termination (the MDP's own
/// end) and truncation (an outside limit such as a time limit) as separate facts.
/// </summary>
/// <remarks>
/// The observation returned by <see cref="Reset"/> and <see cref="Step"/> may be a buffer that the
/// environment owns and overwrites on the next call (see <see cref="MultimodalObservation"/>); copy it to keep it.
/// </remarks>
public interface IEnvironment<TObservation, TAction>
{
    /// <summary>The space every observation lies in.</summary>
    ISpace<TObservation> ObservationSpace { get; }

    /// <summary>The space of valid actions.</summary>
    ISpace<TAction> ActionSpace { get; }

    /// <summary>Starts a new episode. A seed reseeds the environment's random generator; null continues it.</summary>
    ResetResult<TObservation> Reset(int? seed = null);

    /// <summary>Applies an action. Throws <see cref="InvalidActionException"/> for an action outside the action
    /// space's shape or a non-finite value, and <see cref="ResetNeededException"/> before the first reset or after
    /// the episode ended.</summary>
    StepResult<TObservation> Step(TAction action);
}
