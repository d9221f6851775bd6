using GmcRL.Envs;
using GmcRL.Representation.Data;
using GmcRL.Representation.Gmc;
using static TorchSharp.torch;

namespace GmcRL.Representation.Training;

/// <summary>
/// Assembles training batches from a dataset's columns into reused input tensors, one per modality: each sample's
/// row is decoded from its storage form (bits, bytes or floats) to floats once, straight into the tensor's memory.
/// Images are laid out channels-last ([B, H, W, frames], presented as a [B, frames, H, W] view), since the CPU
/// convolutions run faster on NHWC inputs (docs/benchmarks/representation.md). The tensors live on the CPU,
/// where .NET writes them; on another device each batch is copied there.
/// </summary>
internal sealed class TensorColumns : IDisposable
{
    private readonly MultimodalDataset _dataset;
    private readonly bool[] _image;
    private readonly Tensor[] _inputs;
    private readonly int _capacity;

    public TensorColumns(MultimodalDataset dataset, int capacity)
    {
        _dataset = dataset;
        _capacity = capacity;
        var spec = dataset.Spec;
        _image = spec.Modalities.Select(m => GmcModelOptions.KindOf(m) == EncoderKind.Convolutional).ToArray();
        _inputs = spec.Modalities.Select((m, i) =>
        {
            long[] shape = _image[i]
                ? [capacity, m.Shape[1], m.Shape[2], m.Shape[0]]
                : [capacity, .. m.Shape.Select(d => (long)d)];
            return zeros(shape, ScalarType.Float32, device: CPU).DetachFromDisposeScope();
        }).ToArray();
    }

    /// <summary>The float inputs [B, ...modality shape] of the samples <paramref name="indices"/>, as views (made in the
    /// current dispose scope) of the reused input tensors; valid until the next call.</summary>
    public Tensor[] Batch(ReadOnlySpan<long> indices)
    {
        int count = indices.Length;
        if (count > _capacity) throw new ArgumentException($"A batch holds at most {_capacity} samples (got {count}).");
        var batch = new Tensor[_inputs.Length];
        for (int m = 0; m < _inputs.Length; m++)
        {
            var column = _dataset.ObservationColumn(m);
            int length = column.Spec.Length;
            var rowsMemory = _inputs[m].HostFloats();
            for (int k = 0; k < count; k++) column.ReadFloats((int)indices[k], rowsMemory.Slice(k * length, length), _image[m]);
            var rows = _inputs[m].narrow(0, 0, count).OnDevice();
            batch[m] = _image[m] ? rows.permute(0, 3, 1, 2) : rows;
        }
        return batch;
    }

    public void Dispose()
    {
        foreach (var t in _inputs) t.Dispose();
    }
}
