using GmcRL.Envs;
using GmcRL.Envs.Registry;

namespace GmcRL.Representation;

/// <summary>
/// The true-state upper bound as a frozen encoder of multimodal observations: it ignores the modalities (so dropping
/// them changes nothing) and reads the state that <see cref="Envs.Wrappers.TrueStateAttached{TAction}"/> attached,
/// turned into features as the environment declares (<see cref="TrueState"/>; for the pendulum, as Pendulum-v1
/// observes it: cos theta, sin theta, theta_dot).
/// </summary>
public sealed class TrueStateFeatures : IFrozenEncoder
{
    private readonly TrueState _state;

    /// <summary>Features of observations of <paramref name="spec"/> from the environment's <paramref name="state"/>
    /// declaration; <paramref name="calibration"/> only sets up control-time environments (the features do not read the
    /// modalities).</summary>
    public TrueStateFeatures(ObservationSpec spec, TrueState state, Calibration? calibration = null)
    {
        Spec = spec;
        _state = state;
        Calibration = calibration;
    }

    /// <inheritdoc/>
    public ObservationSpec Spec { get; }

    /// <inheritdoc/>
    public Calibration? Calibration { get; }

    /// <inheritdoc/>
    public int FeatureSize => _state.FeatureNames.Count;

    /// <inheritdoc/>
    public void Encode(ReadOnlySpan<MultimodalObservation> observations, Span<float> features)
    {
        int size = FeatureSize;
        if (features.Length != observations.Length * size)
            throw new ArgumentException($"True-state features: the feature buffer holds {features.Length} values but {observations.Length} observation(s) of size {size} need {observations.Length * size}.", nameof(features));
        for (int i = 0; i < observations.Length; i++)
        {
            var state = observations[i].TrueState;
            if (state.Length != _state.Names.Count)
                throw new ArgumentException($"Observation {i} carries {(state.IsEmpty ? "no true state" : $"a true state of {state.Length} values")}; the true-state features need ({string.Join(", ", _state.Names)}): wrap the environment in TrueStateAttached.", nameof(observations));
            _state.Features(state, features.Slice(i * size, size));
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}
