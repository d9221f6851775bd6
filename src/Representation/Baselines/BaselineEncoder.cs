using GmcRL.Envs;
using GmcRL.Envs.Registry;
using static TorchSharp.torch;

namespace GmcRL.Representation.Baselines;

/// <summary>
/// A frozen baseline encoder: every observation goes through the model's own way of handling missing modalities (the
/// autoencoder sees zeros in their place; the MVAE multiplies only the present experts with the prior and gives the
/// posterior mean). Runs under no_grad, in eval mode, with parameters frozen; input tensors are reused between calls.
/// </summary>
public sealed class BaselineEncoder : IFrozenEncoder
{
    private readonly BaselineModel _model;
    private readonly ObservationTensors _tensors;
    private readonly List<int> _rows = [];
    private float[] _presence = [];

    /// <summary>The encoder of a checkpoint's model.</summary>
    public BaselineEncoder(BaselineCheckpoint checkpoint)
    {
        _model = checkpoint.CreateModel();
        Calibration = checkpoint.Calibration;
        _model.eval();
        foreach (var p in _model.parameters()) p.requires_grad = false;
        _tensors = new ObservationTensors(Spec);
    }

    /// <summary>Loads the checkpoint at <paramref name="path"/>, which must be of kind <paramref name="kind"/> when given
    /// (see <see cref="BaselineCheckpoint.Load"/>).</summary>
    public static BaselineEncoder Load(string path, BaselineKind? kind = null) => new(BaselineCheckpoint.Load(path, kind));

    /// <summary>Which baseline.</summary>
    public BaselineKind Kind => _model.Kind;

    /// <inheritdoc/>
    public ObservationSpec Spec => _model.Spec;

    /// <summary>Size of one latent: the feature size for a controller.</summary>
    public int FeatureSize => _model.LatentDim;

    /// <inheritdoc/>
    public Calibration? Calibration { get; }

    /// <inheritdoc/>
    public void Encode(ReadOnlySpan<MultimodalObservation> observations, Span<float> features)
    {
        int n = observations.Length, count = Spec.Count;
        _tensors.Prepare(observations, FeatureSize, features.Length, BaselineCheckpoint.Describe(Kind));
        while (_rows.Count < n) _rows.Add(_rows.Count);
        if (_rows.Count > n) _rows.RemoveRange(n, _rows.Count - n);
        if (_presence.Length != n * count) _presence = new float[n * count];
        for (int i = 0; i < n; i++)
            for (int m = 0; m < count; m++) _presence[i * count + m] = observations[i].Mask.Has(m) ? 1 : 0;

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var inputs = new Tensor[count];
        for (int m = 0; m < count; m++) inputs[m] = _tensors.Fill(m, observations, _rows);
        var presence = tensor(_presence, [n, count]);
        var z = _model.Features(inputs, presence);
        z.Host().data<float>().CopyTo(features);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _tensors.Dispose();
        _model.Dispose();
    }
}
