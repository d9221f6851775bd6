namespace GmcRL.Envs.Pendulum;

/// <summary>
/// The state machine both pendulum environments share: the true state, seeded start states, the episode's step
/// count, and the checks on actions and on stepping before reset. The environments only add what they observe.
/// </summary>
internal sealed class PendulumSimulation
{
    private readonly string _env;
    private Random _rng;
    private bool _started;

    public PendulumSimulation(PendulumSettings settings, int seed, string env)
    {
        Settings = settings.Validated();
        float maxTorque = (float)Settings.MaxTorque;
        ActionSpace = new Box([-maxTorque], [maxTorque]);
        _rng = new Random(seed);
        _env = env;
    }

    public PendulumSettings Settings { get; }

    public Box ActionSpace { get; }

    /// <summary>(theta, theta_dot); the environments hand this array out as <see cref="StepInfo.State"/>.</summary>
    public double[] State { get; } = new double[2];

    public int EpisodeStep { get; private set; }

    public StepInfo Info => new(State, EpisodeStep);

    public void SetState(double theta, double thetaDot)
    {
        State[0] = theta;
        State[1] = thetaDot;
        _started = true;
        EpisodeStep = 0;
    }

    public void Reset(int? seed)
    {
        if (seed is int s) _rng = new Random(s);
        var (theta, thetaDot) = PendulumPhysics.RandomStart(_rng);
        SetState(theta, thetaDot);
    }

    /// <summary>Checks the action, advances the physics and returns the reward.</summary>
    public double Step(float[] action)
    {
        if (!_started) throw ResetNeededException.BeforeFirstReset(_env);
        ActionSpace.CheckAction(action, _env);
        double reward;
        (State[0], State[1], reward) = PendulumPhysics.Step(Settings, State[0], State[1], action[0]);
        EpisodeStep++;
        return reward;
    }
}
