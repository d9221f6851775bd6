namespace GmcRL.Representation;

/// <summary>
/// The seam between representations and agents: turns a batch of observations into feature vectors
/// (for GMC, the frozen latent; for the true-state baseline, the state itself). Plain arrays only, so
/// agents never see how features are computed.
/// </summary>
public interface IFeatureSource<TObservation>
{
    /// <summary>Length of one feature vector.</summary>
    int FeatureSize { get; }

    /// <summary>Writes one feature vector per observation into <paramref name="features"/>, row-major:
    /// row i (elements i * FeatureSize .. (i + 1) * FeatureSize - 1) belongs to observation i. The span must hold
    /// exactly observations.Length * FeatureSize values.</summary>
    void Encode(ReadOnlySpan<TObservation> observations, Span<float> features);
}
