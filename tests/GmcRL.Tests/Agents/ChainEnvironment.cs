using GmcRL.Envs;

namespace GmcRL.Tests.Agents;

/// <summary>
/// A tiny deterministic chain for learning tests. States 0 .. Length-1, observed one-hot; start at 0. Action 1 moves
/// right, action 0 moves left (clamped at 0). Reaching the last state terminates with reward +1; every other step
/// costs 0.01. The shortest episode takes Length - 1 steps.
/// </summary>
internal sealed class ChainEnvironment(int length) : IEnvironment<float[], int>
{
    private readonly float[] _observation = new float[length];
    private int _position;

    public ISpace<float[]> ObservationSpace { get; } = new Box(length, 0, 1);

    public ISpace<int> ActionSpace { get; } = new Discrete(2);

    public ResetResult<float[]> Reset(int? seed = null)
    {
        _position = 0;
        return new ResetResult<float[]>(Observe(), new StepInfo(ReadOnlyMemory<double>.Empty, 0));
    }

    public StepResult<float[]> Step(int action)
    {
        ((Discrete)ActionSpace).CheckAction(action, nameof(ChainEnvironment));
        _position = Math.Max(0, _position + (action == 1 ? 1 : -1));
        bool goal = _position == length - 1;
        return new StepResult<float[]>(Observe(), goal ? 1 : -0.01, goal, false, new StepInfo(ReadOnlyMemory<double>.Empty, 0));
    }

    private float[] Observe()
    {
        Array.Clear(_observation);
        _observation[_position] = 1;
        return _observation;
    }
}
