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
    private readonly PendulumSettings _settings;
    private readonly Box _actionSpace;
    private readonly Box _observationSpace;
    private readonly float[] _observation = new float[3];
    private readonly double[] _state = new double[2];
    private Random _rng;
    private bool _started;
    private int _step;

    /// <summary>A pendulum with the given (validated) physics, Pendulum-v1's by default.</summary>
    public Pendulum(PendulumSettings? settings = null, int seed = 0)
    {
        _settings = (settings ?? new PendulumSettings()).Validated();
        float maxTorque = (float)_settings.MaxTorque;
        _actionSpace = new Box([-maxTorque], [maxTorque]);
        float maxSpeed = (float)_settings.MaxSpeed;
        _observationSpace = new Box([-1, -1, -maxSpeed], [1, 1, maxSpeed]);
        _rng = new Random(seed);
    }

    /// <inheritdoc/>
    public ISpace<float[]> ObservationSpace => _observationSpace;

    /// <inheritdoc/>
    public ISpace<float[]> ActionSpace => _actionSpace;

    /// <summary>The true state (theta, theta_dot).</summary>
    public ReadOnlySpan<double> State => _state;

    /// <summary>Sets the state directly (for tests and replays), as if the episode had just been reset there.</summary>
    public void SetState(double theta, double thetaDot)
    {
        _state[0] = theta;
        _state[1] = thetaDot;
        _started = true;
        _step = 0;
        Observe();
    }

    /// <inheritdoc/>
    public ResetResult<float[]> Reset(int? seed = null)
    {
        if (seed is int s) _rng = new Random(s);
        (_state[0], _state[1]) = PendulumPhysics.RandomStart(_rng);
        _started = true;
        _step = 0;
        Observe();
        return new ResetResult<float[]>(_observation, new StepInfo(_state, 0));
    }

    /// <inheritdoc/>
    public StepResult<float[]> Step(float[] action)
    {
        if (!_started) throw ResetNeededException.BeforeFirstReset(nameof(Pendulum));
        _actionSpace.CheckAction(action, nameof(Pendulum));
        double reward;
        (_state[0], _state[1], reward) = PendulumPhysics.Step(_settings, _state[0], _state[1], action[0]);
        _step++;
        Observe();
        return new StepResult<float[]>(_observation, reward, false, false, new StepInfo(_state, _step));
    }

    private void Observe()
    {
        _observation[0] = (float)Math.Cos(_state[0]);
        _observation[1] = (float)Math.Sin(_state[0]);
        _observation[2] = (float)_state[1];
    }
}
