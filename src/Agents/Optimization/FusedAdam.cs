using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using GmcRL.Representation;

namespace GmcRL.Agents.Optimization;

/// <summary>
/// Adam over a <see cref="FlatParameters"/> buffer: the same arithmetic as TorchSharp's <c>optim.Adam</c>, element by
/// element, but as six operators over all parameters at once instead of six per parameter tensor (the agents' update
/// is bound by operator calls; docs/benchmarks/agents.md). A TorchSharp <see cref="Adam"/> over the same parameters
/// holds the moment estimates, as views of the flat ones, so a checkpoint keeps TorchSharp's optimizer layout and
/// checkpoints written before this class load unchanged.
/// </summary>
internal sealed class FusedAdam : IDisposable
{
    private readonly FlatParameters _flat;
    private readonly Adam _layout;
    private readonly Adam.State[] _states;
    private readonly Tensor _expAvg;
    private readonly Tensor _expAvgSq;
    private readonly Scalar _beta1;
    private readonly Scalar _oneMinusBeta1;
    private readonly Scalar _beta2;
    private readonly Scalar _oneMinusBeta2;
    private readonly Scalar _eps;
    private readonly double _b1;
    private readonly double _b2;
    private long _step;

    /// <summary>Adam with learning rate <paramref name="learningRate"/> over <paramref name="flat"/>, whose gradients
    /// must be bound; the defaults are PyTorch's and TorchSharp's.</summary>
    public FusedAdam(FlatParameters flat, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
    {
        if (flat.Gradients is null) throw new ArgumentException("FusedAdam needs parameters with bound gradients.", nameof(flat));
        _flat = flat;
        LearningRate = learningRate;
        _b1 = beta1;
        _b2 = beta2;
        _layout = new Adam(flat.Parameters, learningRate, beta1, beta2, eps);
        using var noGrad = no_grad();
        _expAvg = zeros_like(flat.Values).DetachFromDisposeScope();
        _expAvgSq = zeros_like(flat.Values).DetachFromDisposeScope();
        _states = _layout.state_dict().State.Cast<Adam.State>().ToArray();
        long offset = 0;
        for (int i = 0; i < _states.Length; i++)
        {
            var p = flat.Parameters[i];
            long n = p.numel();
            _states[i].exp_avg.Dispose();
            _states[i].exp_avg_sq.Dispose();
            using (var slot = _expAvg.narrow(0, offset, n)) _states[i].exp_avg = slot.view(p.shape).DetachFromDisposeScope();
            using (var slot = _expAvgSq.narrow(0, offset, n)) _states[i].exp_avg_sq = slot.view(p.shape).DetachFromDisposeScope();
            offset += n;
        }
        _beta1 = Scalars.Of(beta1);
        _oneMinusBeta1 = Scalars.Of(1 - beta1);
        _beta2 = Scalars.Of(beta2);
        _oneMinusBeta2 = Scalars.Of(1 - beta2);
        _eps = Scalars.Of(eps);
    }

    /// <summary>The step size.</summary>
    public double LearningRate { get; }

    /// <summary>Steps taken so far.</summary>
    public long Steps => _step;

    /// <summary>Zeroes the gradients (one operator).</summary>
    public void ZeroGrad() => _flat.ZeroGradients();

    /// <summary>One Adam step from the current gradients.</summary>
    public void Step()
    {
        _step++;
        double correction1 = 1 - Math.Pow(_b1, _step);
        double correction2 = 1 - Math.Pow(_b2, _step);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var rootCorrection2 = Scalars.Of(Math.Sqrt(correction2));
        using var stepSize = Scalars.Of(-LearningRate / correction1);
        var g = _flat.Gradients!;
        _expAvg.mul_(_beta1).add_(g, _oneMinusBeta1);
        _expAvgSq.mul_(_beta2).addcmul_(g, g, _oneMinusBeta2);
        var denom = _expAvgSq.sqrt().div_(rootCorrection2).add_(_eps, Scalars.One);
        _flat.Values.addcdiv_(_expAvg, denom, stepSize);
    }

    /// <summary>Writes the optimizer state in TorchSharp's Adam layout.</summary>
    public void Save(BinaryWriter writer)
    {
        foreach (var s in _states) s.step = _step;
        _layout.save_state_dict(writer);
    }

    /// <summary>Reads what <see cref="Save"/> (or a TorchSharp Adam over the same parameters) wrote.</summary>
    public void Load(BinaryReader reader)
    {
        _layout.load_state_dict(reader);
        long step = _states[0].step;
        if (_states.Any(s => s.step != step))
            throw new InvalidDataException($"Optimizer state: the parameters have taken different numbers of steps ({string.Join(", ", _states.Select(s => s.step).Distinct())}); this optimizer steps them together.");
        _step = step;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _layout.Dispose();
        _expAvg.Dispose();
        _expAvgSq.Dispose();
        foreach (var s in new[] { _beta1, _oneMinusBeta1, _beta2, _oneMinusBeta2, _eps }) s.Dispose();
    }
}
