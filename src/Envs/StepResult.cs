namespace GmcRL.Envs;

/// <summary>The outcome of one environment step.</summary>
/// <param name="Observation">The observation after the step.</param>
/// <param name="Reward">The reward for the step.</param>
/// <param name="Terminated">The MDP reached a terminal state: do not bootstrap from it.</param>
/// <param name="Truncated">The episode was cut short from outside (for example a time limit): bootstrap through it.</param>
/// <param name="Info">Diagnostics that are not part of the observation.</param>
public readonly record struct StepResult<TObservation>(
    TObservation Observation, double Reward, bool Terminated, bool Truncated, StepInfo Info)
{
    /// <summary>True when the episode is over for either reason; the next call must be a reset.</summary>
    public bool Done => Terminated || Truncated;
}

/// <summary>The outcome of <see cref="IEnvironment{TObservation, TAction}.Reset"/>.</summary>
public readonly record struct ResetResult<TObservation>(TObservation Observation, StepInfo Info);

/// <summary>Diagnostics reported with each observation.</summary>
/// <param name="State">The environment's true physical state after the step (for the pendulum: theta, theta_dot).
/// Owned by the environment and overwritten by the next call.</param>
/// <param name="EpisodeStep">Steps taken in the current episode (0 after reset).</param>
public readonly record struct StepInfo(ReadOnlyMemory<double> State, int EpisodeStep);
