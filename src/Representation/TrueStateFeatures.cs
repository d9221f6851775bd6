using GmcRL.Envs;
using GmcRL.Envs.Pendulum;

namespace GmcRL.Representation;

/// <summary>
/// The true-state upper bound as a frozen encoder of multimodal observations: it ignores the modalities (so dropping
/// them changes nothing) and reads the pendulum's state that <see cref="Envs.Wrappers.TrueStateAttached{TAction}"/>
/// attached, as Pendulum-v1 observes it: (cos theta, sin theta, theta_dot), passed on by <see cref="StateFeatures"/>.
/// </summary>
public sealed class TrueStateFeatures : IFrozenEncoder
{
    private readonly StateFeatures _state = new(3);
    private float[][] _rows = [];

    /// <summary>Features of observations of <paramref name="spec"/>; <paramref name="soundNormalization"/> only sets up
    /// control-time environments (the features do not hear the sound).</summary>
    public TrueStateFeatures(ObservationSpec spec, SoundNormalization? soundNormalization = null)
    {
        Spec = spec;
        SoundNormalization = soundNormalization;
    }

    /// <inheritdoc/>
    public ObservationSpec Spec { get; }

    /// <inheritdoc/>
    public SoundNormalization? SoundNormalization { get; }

    /// <inheritdoc/>
    public int FeatureSize => _state.FeatureSize;

    /// <inheritdoc/>
    public void Encode(ReadOnlySpan<MultimodalObservation> observations, Span<float> features)
    {
        if (_rows.Length < observations.Length) _rows = Enumerable.Range(0, observations.Length).Select(_ => new float[3]).ToArray();
        for (int i = 0; i < observations.Length; i++)
        {
            var state = observations[i].TrueState;
            if (state.Length != 2)
                throw new ArgumentException($"Observation {i} carries {(state.IsEmpty ? "no true state" : $"a true state of {state.Length} values")}; the true-state features need the pendulum's (theta, theta_dot): wrap the environment in TrueStateAttached.", nameof(observations));
            _rows[i][0] = (float)Math.Cos(state[0]);
            _rows[i][1] = (float)Math.Sin(state[0]);
            _rows[i][2] = (float)state[1];
        }
        _state.Encode(_rows.AsSpan(0, observations.Length), features);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}
