using TorchSharp;
using static TorchSharp.torch;
using GmcRL.Representation;

namespace GmcRL.Agents;

/// <summary>A <see cref="Batch"/> as tensors in the current dispose scope (NotTerminated as 1 - terminated in
/// floats, shaped [B, 1] like rewards so that targets broadcast per row).</summary>
internal readonly record struct BatchTensors(Tensor Features, Tensor Actions, Tensor Rewards, Tensor NextFeatures, Tensor NotTerminated)
{
    public static BatchTensors From(Batch batch)
    {
        long b = batch.Size;
        return new BatchTensors(
            tensor(batch.Features, [b, batch.FeatureSize]),
            tensor(batch.Actions, [b, batch.ActionWidth]),
            tensor(batch.Rewards, [b, 1]),
            tensor(batch.NextFeatures, [b, batch.FeatureSize]),
            tensor(NotTerminatedRows(batch), [b, 1]));
    }

    // 1 - terminated, on the host: one tensor instead of four operators.
    private static float[] NotTerminatedRows(Batch batch)
    {
        var values = new float[batch.Size];
        for (int i = 0; i < values.Length; i++) values[i] = batch.Terminated[i] ? 0f : 1f;
        return values;
    }

    /// <summary>The one-step TD target y = r + gamma * (1 - terminated) * nextValue: truncated transitions bootstrap,
    /// terminated ones do not (Gymnasium's termination/truncation split).</summary>
    public Tensor Target(double gamma, Tensor nextValue)
    {
        using var g = Scalars.Of(gamma);
        return Rewards.add(NotTerminated.mul(nextValue), g);
    }
}
