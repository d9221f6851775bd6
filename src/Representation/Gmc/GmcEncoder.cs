using GmcRL.Envs;
using GmcRL.Envs.Registry;
using GmcRL.Representation.Training;
using static TorchSharp.torch;

namespace GmcRL.Representation.Gmc;

/// <summary>
/// A frozen GMC encoder for any subset of modalities (docs/method.md §4): an observation with every modality present is
/// encoded by the joint path, z = g(f_1:M(x_1:M)); one with some missing by the mean of its present modalities'
/// latents g(f_m(x_m)) (not re-normalised). Runs under no_grad, in eval mode, with parameters frozen; input tensors
/// are preallocated and reused, so a call per environment step allocates no tensors beyond the call's own scope.
/// </summary>
public sealed class GmcEncoder : IFrozenEncoder
{
    private readonly GmcModel _model;
    private readonly ObservationTensors _tensors;
    private float[] _latents = [];
    private readonly List<int> _complete = [];
    private readonly List<int>[] _present;

    /// <summary>The encoder of a checkpoint's model.</summary>
    public GmcEncoder(GmcCheckpoint checkpoint)
    {
        _model = checkpoint.CreateModel();
        Calibration = checkpoint.Calibration;
        _model.eval();
        foreach (var p in _model.parameters()) p.requires_grad = false;
        _tensors = new ObservationTensors(Spec);
        _present = Spec.Modalities.Select(_ => new List<int>()).ToArray();
    }

    /// <summary>Loads the checkpoint at <paramref name="path"/> (see <see cref="GmcCheckpoint.Load"/>).</summary>
    public static GmcEncoder Load(string path) => new(GmcCheckpoint.Load(path));

    /// <summary>The modalities the encoder reads; observations must have exactly this spec.</summary>
    public ObservationSpec Spec => _model.Spec;

    /// <summary>Size of one latent: the feature size for a controller.</summary>
    public int FeatureSize => _model.LatentDim;

    /// <inheritdoc/>
    public Calibration? Calibration { get; }

    /// <summary>Encodes a batch of observations, each by the path its <see cref="MultimodalObservation.Mask"/> calls for,
    /// into <paramref name="features"/> (batch x <see cref="FeatureSize"/>, row-major).</summary>
    public void Encode(ReadOnlySpan<MultimodalObservation> observations, Span<float> features)
    {
        int n = observations.Length, size = FeatureSize, count = Spec.Count;
        _tensors.Prepare(observations, size, features.Length, "GMC");
        _complete.Clear();
        foreach (var list in _present) list.Clear();
        for (int i = 0; i < n; i++)
        {
            var mask = observations[i].Mask;
            if (mask.IsComplete(count)) _complete.Add(i);
            else for (int m = 0; m < count; m++) if (mask.Has(m)) _present[m].Add(i);
        }

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        if (_complete.Count > 0)
        {
            var inputs = new Tensor[count];
            for (int m = 0; m < count; m++) inputs[m] = _tensors.Fill(m, observations, _complete);
            using var z = _model.Complete(inputs);
            Scatter(z, _complete, features, accumulate: false);
        }
        for (int m = 0; m < count; m++)
        {
            if (_present[m].Count == 0) continue;
            foreach (int i in _present[m]) features.Slice(i * size, size).Clear();
        }
        for (int m = 0; m < count; m++)
        {
            if (_present[m].Count == 0) continue;
            using var z = _model.Single(m, _tensors.Fill(m, observations, _present[m]));
            Scatter(z, _present[m], features, accumulate: true);
        }
        // The mean of the present modalities' latents: divide each partial row by its number of modalities.
        for (int i = 0; i < n; i++)
        {
            int present = observations[i].Mask.Count;
            if (present == count) continue;
            var row = features.Slice(i * size, size);
            for (int k = 0; k < size; k++) row[k] /= present;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _tensors.Dispose();
        _model.Dispose();
    }

    private void Scatter(Tensor z, List<int> rows, Span<float> features, bool accumulate)
    {
        int size = FeatureSize;
        if (_latents.Length < rows.Count * size) _latents = new float[rows.Count * size];
        z.Host().data<float>().CopyTo(_latents.AsSpan(0, rows.Count * size), 0, 0);
        ReadOnlySpan<float> values = _latents;
        for (int k = 0; k < rows.Count; k++)
        {
            var source = values.Slice(k * size, size);
            var target = features.Slice(rows[k] * size, size);
            if (accumulate) for (int j = 0; j < size; j++) target[j] += source[j];
            else source.CopyTo(target);
        }
    }
}
