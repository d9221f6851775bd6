using GmcRL.Agents.Optimization;
using TorchSharp;
using static TorchSharp.torch;

namespace GmcRL.Agents;

/// <summary>Polyak averaging of target networks (Lillicrap et al. 2016, Algorithm 1): target = tau * source + (1 - tau) * target.</summary>
public static class SoftUpdate
{
    /// <summary>Moves every parameter of <paramref name="target"/> towards <paramref name="source"/>'s by
    /// <paramref name="tau"/> in [0, 1]; tau = 1 copies. The two modules must have the same structure.</summary>
    public static void Apply(nn.Module target, nn.Module source, double tau)
    {
        var targets = target.parameters().ToArray();
        var sources = source.parameters().ToArray();
        if (targets.Length != sources.Length)
            throw new ArgumentException($"SoftUpdate: the target has {targets.Length} parameters, the source {sources.Length}.");
        Blend(targets, sources, tau);
    }

    /// <summary>The same for two networks whose parameters live in flat buffers of the same layout: one operator.</summary>
    internal static void Apply(FlatParameters target, FlatParameters source, double tau)
    {
        if (target.Values.numel() != source.Values.numel())
            throw new ArgumentException($"SoftUpdate: the target has {target.Values.numel()} parameter values, the source {source.Values.numel()}.");
        Blend([target.Values], [source.Values], tau);
    }

    private static void Blend(IReadOnlyList<Tensor> targets, IReadOnlyList<Tensor> sources, double tau)
    {
        if (!(tau >= 0 && tau <= 1)) throw new ArgumentOutOfRangeException(nameof(tau), tau, "Tau must lie in [0, 1].");
        if (targets.Count == 0) return;
        using var noGrad = no_grad();
        using var weight = tensor(tau, targets[0].dtype, targets[0].device);
        for (int i = 0; i < targets.Count; i++)
        {
            // target = target + tau * (source - target), the same as tau * source + (1 - tau) * target.
            if (tau == 1) targets[i].copy_(sources[i]);
            else targets[i].lerp_(sources[i], weight);
        }
    }
}
