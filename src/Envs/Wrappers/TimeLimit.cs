namespace GmcRL.Envs.Wrappers;

/// <summary>
/// Ends episodes after <see cref="MaxSteps"/> steps by truncation (not termination: a learner should
/// bootstrap through it). Changes only the episode's end. Stepping after the end throws until Reset.
/// </summary>
public sealed class TimeLimit<TObservation, TAction> : IEnvironment<TObservation, TAction>, IWrapper
{
    private readonly IEnvironment<TObservation, TAction> _inner;

    /// <inheritdoc/>
    public object Inner => _inner;
    private int _elapsed;
    private bool _started;
    private bool _ended;

    /// <summary>Wraps <paramref name="inner"/> with a limit of <paramref name="maxSteps"/> (positive) steps per episode.</summary>
    public TimeLimit(IEnvironment<TObservation, TAction> inner, int maxSteps)
    {
        if (maxSteps <= 0) throw new ArgumentOutOfRangeException(nameof(maxSteps), maxSteps, "A time limit must be at least one step.");
        _inner = inner;
        MaxSteps = maxSteps;
    }

    /// <summary>Steps per episode before truncation.</summary>
    public int MaxSteps { get; }

    /// <inheritdoc/>
    public ISpace<TObservation> ObservationSpace => _inner.ObservationSpace;

    /// <inheritdoc/>
    public ISpace<TAction> ActionSpace => _inner.ActionSpace;

    /// <inheritdoc/>
    public ResetResult<TObservation> Reset(int? seed = null)
    {
        _elapsed = 0;
        _started = true;
        _ended = false;
        return _inner.Reset(seed);
    }

    /// <inheritdoc/>
    public StepResult<TObservation> Step(TAction action)
    {
        if (!_started) throw ResetNeededException.BeforeFirstReset(nameof(TimeLimit<TObservation, TAction>));
        if (_ended) throw ResetNeededException.AfterEnd(nameof(TimeLimit<TObservation, TAction>));
        var result = _inner.Step(action);
        _elapsed++;
        if (_elapsed >= MaxSteps) result = result with { Truncated = true };
        _ended = result.Done;
        return result;
    }
}
