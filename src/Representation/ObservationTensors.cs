using GmcRL.Envs;
using static TorchSharp.torch;

namespace GmcRL.Representation;

/// <summary>
/// The reusable float input tensors of a frozen encoder: observations are checked against the encoder's spec, then
/// chosen rows of a modality are written (bytes become floats here: the one conversion) straight into the memory of a
/// preallocated tensor that grows as needed, so a call per environment step allocates no tensors beyond the caller's
/// scope. The tensors live on the CPU, where .NET writes them; on another device a call copies the rows there.
/// </summary>
internal sealed class ObservationTensors(ObservationSpec spec) : IDisposable
{
    private Tensor[] _inputs = [];
    private int _capacity;

    /// <summary>The modalities the tensors hold.</summary>
    public ObservationSpec Spec => spec;

    /// <summary>Throws <see cref="ArgumentException"/> unless every observation has the spec and at least one of its
    /// modalities present, and the feature buffer holds <paramref name="featureSize"/> floats per observation;
    /// <paramref name="encoder"/> names the encoder in messages. Then makes room for the batch.</summary>
    public void Prepare(ReadOnlySpan<MultimodalObservation> observations, int featureSize, int featureLength, string encoder)
    {
        int n = observations.Length, count = spec.Count;
        if (featureLength != n * featureSize)
            throw new ArgumentException($"Features need {n} x {featureSize} = {n * featureSize} floats (got {featureLength}).", "features");
        for (int i = 0; i < n; i++)
        {
            var o = observations[i];
            if (!ReferenceEquals(o.Spec, spec) && !o.Spec.Equals(spec))
                throw new ArgumentException($"Observation {i} has modalities [{o.Spec}], but the encoder was trained on [{spec}] (build the environment with the checkpoint's sound normalisation).", nameof(observations));
            if (o.Mask.Count == 0 || (o.Mask.Bits & ~PresenceMask.All(count).Bits) != 0)
                throw new ArgumentException($"Observation {i} has presence mask {o.Mask}: {encoder} encodes observations with at least one of its {count} modalities present.", nameof(observations));
        }
        EnsureCapacity(n);
    }

    /// <summary>Copies modality <paramref name="m"/> of the listed observations into its input tensor (zeros where the
    /// observation's mask says it is missing) and returns a view of the filled rows, made in the current dispose scope.</summary>
    public Tensor Fill(int m, ReadOnlySpan<MultimodalObservation> observations, IReadOnlyList<int> rows)
    {
        var modality = spec.Modalities[m];
        int length = modality.Length;
        var memory = _inputs[m].HostFloats();
        for (int k = 0; k < rows.Count; k++)
        {
            var target = memory.Slice(k * length, length);
            var o = observations[rows[k]];
            if (!o.Mask.Has(m))
            {
                target.Clear();
            }
            else if (modality.ElementType == ElementType.UInt8)
            {
                ReadOnlySpan<byte> source = o.Bytes(m);
                for (int j = 0; j < length; j++) target[j] = source[j];
            }
            else
            {
                o.Floats(m).CopyTo(target);
            }
        }
        return _inputs[m].narrow(0, 0, rows.Count).OnDevice();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var t in _inputs) t.Dispose();
    }

    // Grows the reusable input tensors to hold at least n observations.
    private void EnsureCapacity(int n)
    {
        if (n <= _capacity) return;
        int capacity = Math.Max(n, 2 * _capacity);
        foreach (var t in _inputs) t.Dispose();
        _inputs = spec.Modalities.Select(m => zeros([capacity, .. m.Shape.Select(d => (long)d)], ScalarType.Float32, device: CPU).DetachFromDisposeScope()).ToArray();
        _capacity = capacity;
    }
}
