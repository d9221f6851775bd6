using GmcRL.Envs;

namespace GmcRL.Benchmarks;

/// <summary>
/// Stand-in for the environment layer's DiscreteActions wrapper, which has not landed on this branch yet:
/// N evenly spaced values of a one-element Box action, action i = Low + i (High - Low) / (N - 1). Delete this file and
/// use GmcRL.Envs.Wrappers.DiscreteActions once it is merged.
/// </summary>
internal sealed class TorqueChoices<TObservation> : IEnvironment<TObservation, int>
{
    private readonly IEnvironment<TObservation, float[]> _inner;
    private readonly Discrete _space;
    private readonly float[] _values;
    private readonly float[] _action = new float[1];

    public TorqueChoices(IEnvironment<TObservation, float[]> inner, int count)
    {
        if (inner.ActionSpace is not Box box || box.Size != 1)
            throw new ArgumentException($"TorqueChoices needs a one-element Box action space (got {inner.ActionSpace}).", nameof(inner));
        _inner = inner;
        _space = new Discrete(count);
        _values = Enumerable.Range(0, count).Select(i => box.Low[0] + i * (box.High[0] - box.Low[0]) / (count - 1)).ToArray();
    }

    public ISpace<TObservation> ObservationSpace => _inner.ObservationSpace;

    public ISpace<int> ActionSpace => _space;

    public ResetResult<TObservation> Reset(int? seed = null) => _inner.Reset(seed);

    public StepResult<TObservation> Step(int action)
    {
        _space.CheckAction(action, nameof(TorqueChoices<TObservation>));
        _action[0] = _values[action];
        return _inner.Step(_action);
    }
}
