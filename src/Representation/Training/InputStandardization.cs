using GmcRL.Representation.Data;
using GmcRL.Representation.Gmc;
using static TorchSharp.torch;

namespace GmcRL.Representation.Training;

/// <summary>
/// Fits the input standardisation of a fresh model's vector trunks (<see cref="GmcModelOptions.StandardizeVectors"/>):
/// per element of the flattened modality, the mean and standard deviation over the training split (the first
/// samples), so the trunk sees (x - mean) / std. An element that never varies keeps a scale of 1.
/// </summary>
internal static class InputStandardization
{
    /// <summary>Sets every trunk of <paramref name="model"/> that asks for it from the first
    /// <paramref name="trainCount"/> samples of <paramref name="dataset"/>.</summary>
    public static void Fit(nn.Module model, MultimodalDataset dataset, int trainCount)
    {
        var trunks = model.modules().OfType<MlpTrunk>().Where(t => t.Standardizes).ToList();
        foreach (var group in trunks.GroupBy(t => t.Modality))
        {
            int m = dataset.Spec.IndexOf(group.Key);
            var (shift, scale) = Statistics(dataset.ObservationColumn(m), trainCount);
            foreach (var trunk in group) trunk.SetStandardization(shift, scale);
        }
    }

    /// <summary>Per element: the mean, and 1 / standard deviation (1 where the deviation is below 1e-6).</summary>
    internal static (float[] Shift, float[] Scale) Statistics(ModalityColumn column, int count)
    {
        int length = column.Spec.Length;
        var row = new float[length];
        var sum = new double[length];
        var squares = new double[length];
        for (int i = 0; i < count; i++)
        {
            column.ReadFloats(i, row, channelsLast: false);
            for (int j = 0; j < length; j++) { sum[j] += row[j]; squares[j] += (double)row[j] * row[j]; }
        }
        var shift = new float[length];
        var scale = new float[length];
        for (int j = 0; j < length; j++)
        {
            double mean = sum[j] / count;
            double std = Math.Sqrt(Math.Max(0, squares[j] / count - mean * mean));
            shift[j] = (float)mean;
            scale[j] = std < 1e-6 ? 1f : (float)(1 / std);
        }
        return (shift, scale);
    }
}
