using TorchSharp.Modules;
using static TorchSharp.torch;
using GmcRL.Representation;

namespace GmcRL.Agents.Optimization;

/// <summary>
/// A module's parameters moved into one contiguous buffer: each parameter becomes a view of <see cref="Values"/> (and,
/// when asked, its gradient a view of <see cref="Gradients"/>), so that an optimizer step, zeroing the gradients,
/// clipping them and Polyak averaging are one operator each instead of one per parameter tensor. At the agents' sizes
/// an update is dominated by the cost per operator call (docs/benchmarks/agents.md).
/// </summary>
/// <remarks>The module keeps working as before: its forward pass, <c>save</c> and <c>load</c> see the same
/// parameters, whose storage now lives in the buffer. Moving the module to another device afterwards would undo the
/// binding; the agents build their networks on the current device and never move them.</remarks>
internal sealed class FlatParameters : IDisposable
{
    /// <summary>Binds the parameters of <paramref name="module"/>; with <paramref name="gradients"/> their gradients
    /// too (for trained networks; a target network needs none).</summary>
    public FlatParameters(nn.Module module, bool gradients)
    {
        Parameters = module.parameters().ToArray();
        if (Parameters.Length == 0) throw new ArgumentException("FlatParameters: the module has no parameters.", nameof(module));
        var first = Parameters[0];
        if (Parameters.Any(p => p.dtype != first.dtype || p.device_type != first.device_type))
            throw new ArgumentException("FlatParameters: the parameters must share one element type and device.", nameof(module));
        long total = Parameters.Sum(p => p.numel());
        using var noGrad = no_grad();
        Values = empty(total, first.dtype, first.device).DetachFromDisposeScope();
        Gradients = gradients ? zeros(total, first.dtype, first.device).DetachFromDisposeScope() : null;
        long offset = 0;
        foreach (var p in Parameters)
        {
            long n = p.numel();
            using (var slot = Values.narrow(0, offset, n))
            using (var view = slot.view(p.shape))
            {
                view.copy_(p);
                p.set_(view);
            }
            if (Gradients is not null)
            {
                using var slot = Gradients.narrow(0, offset, n);
                using var view = slot.view(p.shape);
                p.grad = view;
            }
            offset += n;
        }
    }

    /// <summary>A target network: <paramref name="target"/>'s parameters frozen (no gradients), bound without
    /// gradients, and set to <paramref name="source"/>'s values.</summary>
    public static FlatParameters TargetOf(nn.Module target, FlatParameters source)
    {
        foreach (var p in target.parameters()) p.requires_grad = false;
        var flat = new FlatParameters(target, gradients: false);
        SoftUpdate.Apply(flat, source, 1);
        return flat;
    }

    /// <summary>The module's parameters, in <c>parameters()</c> order.</summary>
    public Parameter[] Parameters { get; }

    /// <summary>All parameter values, one after the other.</summary>
    public Tensor Values { get; }

    /// <summary>All gradients, in the same order (null when not bound).</summary>
    public Tensor? Gradients { get; }

    /// <summary>Zeroes every gradient in one operator.</summary>
    public void ZeroGradients() => Bound().zero_();

    /// <summary>Clamps every gradient element to [-<paramref name="value"/>, <paramref name="value"/>]
    /// (<c>clip_grad_value_</c>).</summary>
    public void ClipGradientsByValue(double value)
    {
        using var noGrad = no_grad();
        using var low = Scalars.Of(-value);
        using var high = Scalars.Of(value);
        Bound().clamp_(low, high);
    }

    /// <summary>Scales the gradients down so that their joint Euclidean norm is at most <paramref name="maxNorm"/>
    /// (<c>clip_grad_norm_</c>: by max_norm / (norm + 1e-6) where that is below 1).</summary>
    public void ClipGradientsByNorm(double maxNorm)
    {
        using var noGrad = no_grad();
        var g = Bound();
        double norm;
        using (var n = g.norm()) norm = n.item<float>();
        double coefficient = maxNorm / (norm + 1e-6);
        if (coefficient >= 1) return;
        using var scale = Scalars.Of(coefficient);
        g.mul_(scale);
    }

    private Tensor Bound() => Gradients ?? throw new InvalidOperationException("FlatParameters: these parameters have no bound gradients.");

    /// <inheritdoc/>
    public void Dispose()
    {
        Values.Dispose();
        Gradients?.Dispose();
    }
}
