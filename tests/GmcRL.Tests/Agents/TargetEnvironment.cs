using GmcRL.Envs;

namespace GmcRL.Tests.Agents;

/// <summary>
/// A one-step continuous task for learning tests whose best action is known: act on the target you are shown.
/// <para>Action space: Box(1, [-2, 2]); actions outside it are clipped.</para>
/// <para>Observation: the target s, Box(1, [-1, 1]).</para>
/// <para>Reward: -(a - s)^2, so 0 for the optimal action a = s. Uniformly random actions score -(4/3 + 1/3) = -5/3
/// on average, and the best action that ignores s (a = 0) scores -1/3.</para>
/// <para>Start state: s uniform in [-1, 1], drawn from the environment's generator (reseeded by a seeded reset).</para>
/// <para>Episode end: terminated after the one step.</para>
/// </summary>
internal sealed class TargetEnvironment(int seed = 0) : IEnvironment<float[], float[]>
{
    private readonly Box _actions = new(1, -2, 2);
    private readonly float[] _observation = new float[1];
    private Random _rng = new(seed);
    private bool _started, _ended;

    public ISpace<float[]> ObservationSpace { get; } = new Box(1, -1, 1);

    public ISpace<float[]> ActionSpace => _actions;

    public ResetResult<float[]> Reset(int? seed = null)
    {
        if (seed is int s) _rng = new Random(s);
        _observation[0] = (float)(2 * _rng.NextDouble() - 1);
        (_started, _ended) = (true, false);
        return new ResetResult<float[]>(_observation, new StepInfo(ReadOnlyMemory<double>.Empty, 0));
    }

    public StepResult<float[]> Step(float[] action)
    {
        if (!_started) throw new ResetNeededException($"{nameof(TargetEnvironment)}: Step was called before Reset; call Reset() first.");
        if (_ended) throw new ResetNeededException($"{nameof(TargetEnvironment)}: Step was called after the one-step episode ended; call Reset().");
        _actions.CheckAction(action, nameof(TargetEnvironment));
        double error = Math.Clamp(action[0], -2f, 2f) - _observation[0];
        _ended = true;
        return new StepResult<float[]>(_observation, -error * error, true, false, new StepInfo(ReadOnlyMemory<double>.Empty, 1));
    }
}
