namespace GmcRL.Envs.Wrappers;

/// <summary>
/// Attaches the environment's true state (<see cref="StepInfo.State"/>) to every observation as
/// <see cref="MultimodalObservation.TrueState"/>, so that an upper-bound controller on the true state can run through
/// the same pipeline, dropout and evaluation as the controllers on the senses. Changes only the attached state: spec,
/// data and mask are unchanged. Put it inside <see cref="ModalityDropout{TAction}"/>, which carries the state over.
/// </summary>
public sealed class TrueStateAttached<TAction> : IEnvironment<MultimodalObservation, TAction>, IWrapper
{
    private readonly IEnvironment<MultimodalObservation, TAction> _inner;

    /// <inheritdoc/>
    public object Inner => _inner;

    /// <summary>Attaches the state of <paramref name="inner"/> to its observations.</summary>
    public TrueStateAttached(IEnvironment<MultimodalObservation, TAction> inner)
    {
        if (inner.ObservationSpace is not MultimodalSpace)
            throw new ArgumentException("TrueStateAttached needs an environment whose observation space is a MultimodalSpace.", nameof(inner));
        _inner = inner;
    }

    /// <inheritdoc/>
    public ISpace<MultimodalObservation> ObservationSpace => _inner.ObservationSpace;

    /// <inheritdoc/>
    public ISpace<TAction> ActionSpace => _inner.ActionSpace;

    /// <inheritdoc/>
    public ResetResult<MultimodalObservation> Reset(int? seed = null)
    {
        var r = _inner.Reset(seed);
        r.Observation.AttachTrueState(r.Info.State.Span);
        return r;
    }

    /// <inheritdoc/>
    public StepResult<MultimodalObservation> Step(TAction action)
    {
        var r = _inner.Step(action);
        r.Observation.AttachTrueState(r.Info.State.Span);
        return r;
    }
}
