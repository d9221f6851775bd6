using GmcRL.Agents;
using GmcRL.Agents.Evaluation;
using GmcRL.Agents.Training;
using GmcRL.Envs;
using GmcRL.Representation;

namespace GmcRL.Pipeline;

/// <summary>A trained controller as a policy over observations: the frozen encoder, then the agent's deterministic actor.</summary>
public sealed class EncodedPolicy<TAction>(IFeatureSource<MultimodalObservation> features, IAgent agent, IActionEncoding<TAction> encoding)
    : IPolicy<MultimodalObservation, TAction>
{
    private float[] _features = [];
    private float[] _rows = [];

    /// <summary>Size of one latent.</summary>
    public int FeatureSize => features.FeatureSize;

    /// <summary>The latent of row <paramref name="row"/> of the last batch.</summary>
    public ReadOnlySpan<float> Features(int row) => _features.AsSpan(row * features.FeatureSize, features.FeatureSize);

    /// <inheritdoc/>
    public void Act(ReadOnlySpan<MultimodalObservation> observations, Span<TAction> actions)
    {
        int n = observations.Length, width = agent.ActionSpec.Width;
        if (_features.Length != n * features.FeatureSize) _features = new float[n * features.FeatureSize];
        if (_rows.Length != n * width) _rows = new float[n * width];
        features.Encode(observations, _features);
        agent.Act(_features, _rows, ActMode.Deterministic);
        for (int i = 0; i < n; i++) actions[i] = encoding.Decode(_rows.AsSpan(i * width, width), i);
    }
}
