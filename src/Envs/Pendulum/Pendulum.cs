namespace GmcRL.Envs.Pendulum;

/// <summary>
/// The classic pendulum swing-up with its true state as the observation (Gymnasium Pendulum-v1).
/// </summary>
/// <remarks>
/// <para><b>Description.</b> A rod hangs from a frictionless axle; the agent applies a torque to swing it up and keep it upright.</para>
/// <para><b>Action space.</b> <c>Box(1, [-2, 2])</c>: the torque; larger values are clipped, non-finite ones rejected.</para>
/// <para><b>Observation.</b> <c>Box(3)</c>: (cos theta, sin theta, theta_dot) as float32, theta_dot in [-8, 8].</para>
/// <para><b>Reward.</b> -(norm(theta)^2 + 0.1 theta_dot^2 + 0.001 u^2), in [-16.2736044, 0].</para>
/// <para><b>Start state.</b> theta uniform in [-pi, pi], theta_dot uniform in [-1, 1].</para>
/// <para><b>Episode end.</b> Never terminates; wrap it in <see cref="Wrappers.TimeLimit{TObservation, TAction}"/> (200 steps in Gymnasium).</para>
/// </remarks>
public sealed class Pendulum : IEnvironment<float[], float[]>
{
    private readonly PendulumSimulation _sim;
    private readonly Box _observationSpace;
    private readonly float[] _observation = new float[3];

    /// <summary>A pendulum with the given (validated) physics, Pendulum-v1's by default.</summary>
    public Pendulum(PendulumSettings? settings = null, int seed = 0)
    {
        _sim = new PendulumSimulation(settings ?? new PendulumSettings(), seed, nameof(Pendulum));
        float maxSpeed = (float)_sim.Settings.MaxSpeed;
        _observationSpace = new Box([-1, -1, -maxSpeed], [1, 1, maxSpeed]);
    }

    /// <inheritdoc/>
    public ISpace<float[]> ObservationSpace => _observationSpace;

    /// <inheritdoc/>
    public ISpace<float[]> ActionSpace => _sim.ActionSpace;

    /// <summary>The true state (theta, theta_dot).</summary>
    public ReadOnlySpan<double> State => _sim.State;

    /// <summary>Sets the state directly (for tests and replays), as if the episode had just been reset there.</summary>
    public float[] SetState(double theta, double thetaDot)
    {
        _sim.SetState(theta, thetaDot);
        return Observe();
    }

    /// <inheritdoc/>
    public ResetResult<float[]> Reset(int? seed = null)
    {
        _sim.Reset(seed);
        return new ResetResult<float[]>(Observe(), _sim.Info);
    }

    /// <inheritdoc/>
    public StepResult<float[]> Step(float[] action)
    {
        double reward = _sim.Step(action);
        return new StepResult<float[]>(Observe(), reward, false, false, _sim.Info);
    }

    private float[] Observe()
    {
        _observation[0] = (float)Math.Cos(_sim.State[0]);
        _observation[1] = (float)Math.Sin(_sim.State[0]);
        _observation[2] = (float)_sim.State[1];
        return _observation;
    }
}
