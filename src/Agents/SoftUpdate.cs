using TorchSharp;
using static TorchSharp.torch;

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
}
