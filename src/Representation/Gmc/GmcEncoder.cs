using GmcRL.Envs;
using GmcRL.Envs.Pendulum;
using GmcRL.Representation.Training;
using static TorchSharp.torch;

namespace GmcRL.Representation.Gmc;

/// <summary>
/// A frozen GMC encoder for any subset of modalities (GMC-SPEC §4): an observation with every modality present is
/// encoded by the joint path, z = g(f_1:M(x_1:M)); one with some missing by the mean of its present modalities'
/// latents g(f_m(x_m)) (not re-normalised). Runs under no_grad, in eval mode, with parameters frozen; input tensors
/// are preallocated and reused, so a call per environment step allocates no tensors beyond the call's own scope.
/// </summary>
public sealed class GmcEncoder : IFeatureSource<MultimodalObservation>, IDisposable
{
    private readonly GmcModel _model;
    private readonly float[][] _staging;
    private float[] _latents = [];
    private readonly List<int> _complete = [];
    private readonly List<int>[] _present;
    private Tensor[] _inputs;
    private int _capacity;

    /// <summary>The encoder of a checkpoint's model.</summary>
    public GmcEncoder(GmcCheckpoint checkpoint)
    {
        _model = checkpoint.CreateModel();
        SoundNormalization = checkpoint.SoundNormalization;
        _model.eval();
        foreach (var p in _model.parameters()) p.requires_grad = false;
        _staging = Spec.Modalities.Select(_ => Array.Empty<float>()).ToArray();
        _present = Spec.Modalities.Select(_ => new List<int>()).ToArray();
        _inputs = [];
    }

    /// <summary>Loads the checkpoint at <paramref name="path"/> (see <see cref="GmcCheckpoint.Load"/>).</summary>
    public static GmcEncoder Load(string path) => new(GmcCheckpoint.Load(path));

    /// <summary>The modalities the encoder reads; observations must have exactly this spec.</summary>
    public ObservationSpec Spec => _model.Spec;

    /// <summary>Size of one latent: the feature size for a controller.</summary>
    public int FeatureSize => _model.LatentDim;

    /// <summary>The sound normalisation of the training data: build control-time environments with it.</summary>
    public SoundNormalization? SoundNormalization { get; }

    /// <summary>Encodes a batch of observations, each by the path its <see cref="MultimodalObservation.Mask"/> calls for,
    /// into <paramref name="features"/> (batch x <see cref="FeatureSize"/>, row-major).</summary>
    public void Encode(ReadOnlySpan<MultimodalObservation> observations, Span<float> features)
    {
        int n = observations.Length, size = FeatureSize, count = Spec.Count;
        if (features.Length != n * size)
            throw new ArgumentException($"Features need {n} x {size} = {n * size} floats (got {features.Length}).", nameof(features));
        _complete.Clear();
        foreach (var list in _present) list.Clear();
        for (int i = 0; i < n; i++)
        {
            var o = observations[i];
            if (!ReferenceEquals(o.Spec, Spec) && !o.Spec.Equals(Spec))
                throw new ArgumentException($"Observation {i} has modalities [{o.Spec}], but the encoder was trained on [{Spec}] (build the environment with the checkpoint's sound normalisation).", nameof(observations));
            if (o.Mask.Count == 0 || (o.Mask.Bits & ~PresenceMask.All(count).Bits) != 0)
                throw new ArgumentException($"Observation {i} has presence mask {o.Mask}: GMC encodes observations with at least one of its {count} modalities present.", nameof(observations));
            if (o.Mask.IsComplete(count)) _complete.Add(i);
            else for (int m = 0; m < count; m++) if (o.Mask.Has(m)) _present[m].Add(i);
        }
        EnsureCapacity(n);

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        if (_complete.Count > 0)
        {
            var inputs = new Tensor[count];
            for (int m = 0; m < count; m++) inputs[m] = Fill(m, observations, _complete);
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
            using var z = _model.Single(m, Fill(m, observations, _present[m]));
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
        foreach (var t in _inputs) t.Dispose();
        _model.Dispose();
    }

    // Grows the reusable input tensors to hold at least n observations.
    private void EnsureCapacity(int n)
    {
        if (n <= _capacity) return;
        int capacity = Math.Max(n, 2 * _capacity);
        foreach (var t in _inputs) t.Dispose();
        _inputs = Spec.Modalities.Select(m => zeros([capacity, .. m.Shape.Select(d => (long)d)], ScalarType.Float32)).ToArray();
        for (int m = 0; m < Spec.Count; m++) _staging[m] = new float[capacity * Spec.Modalities[m].Length];
        _capacity = capacity;
    }

    // Copies modality m of the listed observations into its input tensor (bytes become floats here: the one
    // conversion) and returns a view of the filled rows.
    private Tensor Fill(int m, ReadOnlySpan<MultimodalObservation> observations, List<int> rows)
    {
        int length = Spec.Modalities[m].Length;
        var staging = _staging[m];
        for (int k = 0; k < rows.Count; k++)
        {
            var target = staging.AsSpan(k * length, length);
            var o = observations[rows[k]];
            if (Spec.Modalities[m].ElementType == ElementType.UInt8)
            {
                ReadOnlySpan<byte> source = o.Bytes(m);
                for (int j = 0; j < length; j++) target[j] = source[j];
            }
            else
            {
                o.Floats(m).CopyTo(target);
            }
        }
        _inputs[m].data<float>().CopyFrom(staging.AsSpan(0, rows.Count * length), 0, 0);
        return _inputs[m].narrow(0, 0, rows.Count);
    }

    private void Scatter(Tensor z, List<int> rows, Span<float> features, bool accumulate)
    {
        int size = FeatureSize;
        if (_latents.Length < rows.Count * size) _latents = new float[rows.Count * size];
        z.data<float>().CopyTo(_latents.AsSpan(0, rows.Count * size), 0, 0);
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
