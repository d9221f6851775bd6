namespace GmcRL.Representation;

/// <summary>The identity representation: a float[] observation (a true state vector) is its own feature vector.</summary>
public sealed class StateFeatures : IFeatureSource<float[]>
{
    /// <summary>Passes through observations of <paramref name="featureSize"/> (positive) elements.</summary>
    public StateFeatures(int featureSize)
    {
        if (featureSize <= 0) throw new ArgumentOutOfRangeException(nameof(featureSize), featureSize, "A feature vector needs at least one element.");
        FeatureSize = featureSize;
    }

    /// <inheritdoc/>
    public int FeatureSize { get; }

    /// <inheritdoc/>
    public void Encode(ReadOnlySpan<float[]> observations, Span<float> features)
    {
        if (features.Length != observations.Length * FeatureSize)
            throw new ArgumentException($"StateFeatures: the feature buffer holds {features.Length} values but {observations.Length} observation(s) of size {FeatureSize} need {observations.Length * FeatureSize}.", nameof(features));
        for (int i = 0; i < observations.Length; i++)
        {
            var o = observations[i];
            if (o.Length != FeatureSize)
                throw new ArgumentException($"StateFeatures: observation {i} has {o.Length} element(s); this source was made for {FeatureSize}.", nameof(observations));
            o.CopyTo(features.Slice(i * FeatureSize, FeatureSize));
        }
    }
}
