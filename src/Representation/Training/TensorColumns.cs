using GmcRL.Envs;
using GmcRL.Representation.Gmc;
using static TorchSharp.torch;

namespace GmcRL.Representation.Training;

/// <summary>
/// A dataset's observations as long-lived tensors, one per modality, kept in their stored element type (images as
/// uint8, in channels-last order [N, H, W, frames]), from which batches are gathered with one index_select and one
/// conversion to float per modality.
/// </summary>
internal sealed class TensorColumns : IDisposable
{
    private readonly Tensor[] _columns;
    private readonly bool[] _image;

    public TensorColumns(Data.MultimodalDataset dataset)
    {
        Spec = dataset.Spec;
        _columns = new Tensor[Spec.Count];
        _image = new bool[Spec.Count];
        for (int m = 0; m < Spec.Count; m++)
        {
            var modality = Spec.Modalities[m];
            long[] shape = [dataset.Count, .. modality.Shape.Select(d => (long)d)];
            if (modality.ElementType == ElementType.UInt8)
            {
                using var stored = tensor((byte[])dataset.ObservationColumn(m), shape);
                _image[m] = GmcModelOptions.KindOf(modality) == EncoderKind.Convolutional;
                // Channels-last storage: convolutions on CPU run about twice as fast on NHWC inputs (see
                // docs/benchmarks/representation.md), and storing it so avoids a reordering copy per batch.
                _columns[m] = _image[m] ? stored.permute(0, 2, 3, 1).contiguous() : stored.clone();
            }
            else
            {
                _columns[m] = tensor((float[])dataset.ObservationColumn(m), shape);
            }
        }
    }

    public ObservationSpec Spec { get; }

    /// <summary>The float inputs [B, ...modality shape] of the samples in <paramref name="indices"/> (int64), in the
    /// current dispose scope. Images come as channels-last strided views of the converted batch.</summary>
    public Tensor[] Batch(Tensor indices)
    {
        var inputs = new Tensor[_columns.Length];
        for (int m = 0; m < _columns.Length; m++)
        {
            var rows = _columns[m].index_select(0, indices);
            inputs[m] = _image[m] ? rows.to_type(ScalarType.Float32).permute(0, 3, 1, 2) : rows.to_type(ScalarType.Float32);
        }
        return inputs;
    }

    public void Dispose()
    {
        foreach (var c in _columns) c.Dispose();
    }
}
