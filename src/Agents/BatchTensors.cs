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
            tensor(batch.Terminated, [b, 1]).to_type(ScalarType.Float32).neg().add(Scalars.One, Scalars.One));
    }

    /// <summary>The one-step TD target y = r + gamma * (1 - terminated) * nextValue: truncated transitions bootstrap,
    /// terminated ones do not (Gymnasium's termination/truncation split).</summary>
    public Tensor Target(double gamma, Tensor nextValue)
    {
        using var g = Scalars.Of(gamma);
        return Rewards.add(NotTerminated.mul(nextValue), g);
    }
}
