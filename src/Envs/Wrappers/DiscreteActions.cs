namespace GmcRL.Envs.Wrappers;

/// <summary>
/// Offers <see cref="Count"/> evenly spaced values of a one-dimensional continuous action (for the pendulum:
/// torques from -2 to 2), so that discrete-action agents such as DQN can drive it. Changes only the action space,
/// to <c>Discrete(Count)</c>; action i is Low + i (High - Low) / (Count - 1).
/// </summary>
public sealed class DiscreteActions<TObservation> : IEnvironment<TObservation, int>, IWrapper
{
    private readonly IEnvironment<TObservation, float[]> _inner;

    /// <inheritdoc/>
    public object Inner => _inner;
    private readonly Discrete _space;
    private readonly float[] _values;
    private readonly float[] _action = new float[1];

    /// <summary>Wraps <paramref name="inner"/>, whose action space must be a one-element <see cref="Box"/>, with
    /// <paramref name="count"/> (at least 2) actions.</summary>
    public DiscreteActions(IEnvironment<TObservation, float[]> inner, int count)
    {
        if (inner.ActionSpace is not Box box || box.Size != 1)
            throw new ArgumentException($"DiscreteActions needs a one-dimensional Box action space (got {inner.ActionSpace}).", nameof(inner));
        if (count < 2) throw new ArgumentOutOfRangeException(nameof(count), count, "DiscreteActions needs at least 2 actions.");
        _inner = inner;
        _space = new Discrete(count);
        double low = box.Low[0], high = box.High[0];
        _values = Enumerable.Range(0, count).Select(i => (float)(low + i * (high - low) / (count - 1))).ToArray();
    }

    /// <summary>Number of actions.</summary>
    public int Count => _values.Length;

    /// <summary>The continuous value of each discrete action.</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <inheritdoc/>
    public ISpace<TObservation> ObservationSpace => _inner.ObservationSpace;

    /// <inheritdoc/>
    public ISpace<int> ActionSpace => _space;

    /// <inheritdoc/>
    public ResetResult<TObservation> Reset(int? seed = null) => _inner.Reset(seed);

    /// <inheritdoc/>
    public StepResult<TObservation> Step(int action)
    {
        _space.CheckAction(action, nameof(DiscreteActions<TObservation>));
        _action[0] = _values[action];
        return _inner.Step(_action);
    }
}
