using GmcRL.Representation;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GmcRL.Agents.Sac;

/// <summary>
/// SAC's tuned temperature: log alpha and its Adam optimizer, computed on the host. The loss
/// -log alpha (log pi(a|s) + target entropy), averaged over the batch, has the gradient -(mean log pi + target entropy),
/// so a step needs one number from the batch instead of a graph, a backward pass and an optimizer's operators. The
/// arithmetic is Adam's in single precision, and a checkpoint stores it as before: a one-element parameter and the
/// TorchSharp Adam state over it (<see cref="Save"/>, <see cref="Load"/>).
/// </summary>
internal sealed class EntropyTemperature : IDisposable
{
    private readonly Parameter _logAlphaLayout;
    private readonly Adam _layout;
    private readonly Adam.State _state;
    private readonly double _learningRate;
    private readonly double _beta1;
    private readonly double _beta2;
    private const double Eps = 1e-8;
    private float _logAlpha;
    private float _expAvg;
    private float _expAvgSq;
    private long _step;

    /// <summary>log alpha starting at log <paramref name="initialAlpha"/>, aiming at <paramref name="targetEntropy"/>,
    /// with Adam's usual betas.</summary>
    public EntropyTemperature(double initialAlpha, double targetEntropy, double learningRate, double beta1 = 0.9, double beta2 = 0.999)
    {
        _logAlpha = (float)Math.Log(initialAlpha);
        TargetEntropy = targetEntropy;
        _learningRate = learningRate;
        _beta1 = beta1;
        _beta2 = beta2;
        using (NewDisposeScope())
            _logAlphaLayout = new Parameter(zeros(1).DetachFromDisposeScope());
        _layout = new Adam([_logAlphaLayout], learningRate, beta1, beta2, Eps);
        _state = (Adam.State)_layout.state_dict().State[0];
    }

    /// <summary>The entropy the policy is pushed towards.</summary>
    public double TargetEntropy { get; }

    /// <summary>alpha = exp(log alpha).</summary>
    public double Alpha => Math.Exp(_logAlpha);

    /// <summary>One Adam step on log alpha, given the batch's mean log pi(a|s).</summary>
    public void Step(double meanLogProb)
    {
        float gradient = (float)-(meanLogProb + TargetEntropy);
        _step++;
        double correction1 = 1 - Math.Pow(_beta1, _step);
        double correction2 = 1 - Math.Pow(_beta2, _step);
        _expAvg = (float)(_expAvg * _beta1 + gradient * (1 - _beta1));
        _expAvgSq = (float)(_expAvgSq * _beta2 + (double)gradient * gradient * (1 - _beta2));
        double denom = Math.Sqrt(_expAvgSq) / Math.Sqrt(correction2) + Eps;
        _logAlpha = (float)(_logAlpha - _learningRate / correction1 * _expAvg / denom);
    }

    /// <summary>Writes log alpha's optimizer state (TorchSharp's Adam layout), then log alpha.</summary>
    public void Save(BinaryWriter writer)
    {
        using var noGrad = no_grad();
        _state.step = _step;
        using (var average = Scalars.Of(_expAvg)) _state.exp_avg.fill_(average);
        using (var squares = Scalars.Of(_expAvgSq)) _state.exp_avg_sq.fill_(squares);
        _layout.save_state_dict(writer);
        writer.Write(_logAlpha);
    }

    /// <summary>Reads what <see cref="Save"/> wrote.</summary>
    public void Load(BinaryReader reader)
    {
        _layout.load_state_dict(reader);
        _step = _state.step;
        _expAvg = _state.exp_avg.item<float>();
        _expAvgSq = _state.exp_avg_sq.item<float>();
        _logAlpha = reader.ReadSingle();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _layout.Dispose();
        _logAlphaLayout.Dispose();
    }
}
