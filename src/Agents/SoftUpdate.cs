using GmcRL.Agents.Optimization;
using TorchSharp;
using static TorchSharp.torch;
using GmcRL.Representation;

namespace GmcRL.Agents;

/// <summary>Polyak averaging of target networks (Lillicrap et al. 2016, Algorithm 1): target = tau * source + (1 - tau) * target.</summary>
public static class SoftUpdate
{
    /// <summary>Moves every parameter and buffer of <paramref name="target"/> towards <paramref name="source"/>'s by
    /// <paramref name="tau"/> in [0, 1]; tau = 1 copies. The two modules must have the same structure.</summary>
    public static void Apply(nn.Module target, nn.Module source, double tau)
    {
        if (!(tau >= 0 && tau <= 1)) throw new ArgumentOutOfRangeException(nameof(tau), tau, "Tau must lie in [0, 1].");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var weight = tensor(tau, ScalarType.Float32);
        var targets = target.parameters().ToArray();
        var sources = source.parameters().ToArray();
        if (targets.Length != sources.Length)
            throw new ArgumentException($"SoftUpdate: the target has {targets.Length} parameters, the source {sources.Length}.");
        for (int i = 0; i < targets.Length; i++)
        {
            // target = target + tau * (source - target), the same as tau * source + (1 - tau) * target.
            if (tau == 1) targets[i].copy_(sources[i]);
            else targets[i].lerp_(sources[i], weight);
        }
    }

    /// <summary>The same for two networks whose parameters live in flat buffers of the same layout: one operator.</summary>
    internal static void Apply(FlatParameters target, FlatParameters source, double tau)
    {
        if (!(tau >= 0 && tau <= 1)) throw new ArgumentOutOfRangeException(nameof(tau), tau, "Tau must lie in [0, 1].");
        if (target.Values.numel() != source.Values.numel())
            throw new ArgumentException($"SoftUpdate: the target has {target.Values.numel()} parameter values, the source {source.Values.numel()}.");
        using var noGrad = no_grad();
        if (tau == 1) target.Values.copy_(source.Values);
        else
        {
            using var weight = tensor(tau, target.Values.dtype, target.Values.device);
            target.Values.lerp_(source.Values, weight);
        }
    }
}
