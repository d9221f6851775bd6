using GmcRL.Envs;
using GmcRL.Representation.Training;
using static TorchSharp.torch;

namespace GmcRL.Tests.Representation;

public class TensorColumnsTests
{
    [Fact]
    public void Batches_hold_the_dataset_observations_in_model_order_whatever_the_memory_layout()
    {
        var data = Tiny.Small;
        using var columns = new TensorColumns(data, capacity: 8);
        long[] indices = [5, 0, 299, 17];
        using var scope = NewDisposeScope();
        var batch = columns.Batch(indices);
        var observation = new MultimodalObservation(data.Spec);
        for (int m = 0; m < data.Spec.Count; m++)
        {
            long[] shape = [indices.Length, .. data.Spec.Modalities[m].Shape.Select(d => (long)d)];
            Assert.Equal(shape, batch[m].shape);
            // Reading through contiguous() gives the elements in logical [B, frames, H, W] order.
            var values = batch[m].contiguous().data<float>().ToArray();
            int length = data.Spec.Modalities[m].Length;
            for (int k = 0; k < indices.Length; k++)
            {
                data.CopyObservation((int)indices[k], observation);
                for (int j = 0; j < length; j++) Assert.Equal(observation.Get(m, j), values[k * length + j]);
            }
        }
        Assert.Contains(1f, batch[0].contiguous().data<float>().ToArray());
    }
}
