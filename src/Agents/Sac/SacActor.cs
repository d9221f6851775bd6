using GmcRL.Agents.Networks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GmcRL.Agents.Sac;

/// <summary>
/// SAC's squashed Gaussian policy (Haarnoja et al. 2018, appendix C): features -> hidden layers -> mean and log
/// standard deviation of u; the action is tanh(u) in the unit box.
/// </summary>
public sealed class SacActor : nn.Module<Tensor, (Tensor Mean, Tensor LogStd)>
{
    private const double LogStdMin = -20, LogStdMax = 2;
    private static readonly double HalfLog2Pi = 0.5 * Math.Log(2 * Math.PI);

    private readonly Mlp body;
    private readonly Linear mean;
    private readonly Linear logStd;

    /// <summary>A policy over <paramref name="actionSize"/> action elements.</summary>
    public SacActor(int featureSize, IReadOnlyList<int> hidden, int actionSize) : base(nameof(SacActor))
    {
        body = new Mlp("body", featureSize, hidden.Take(hidden.Count - 1).ToArray(), hidden[^1]);
        mean = nn.Linear(hidden[^1], actionSize);
        logStd = nn.Linear(hidden[^1], actionSize);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override (Tensor Mean, Tensor LogStd) forward(Tensor features)
    {
        var h = nn.functional.relu(body.forward(features));
        return (mean.forward(h), logStd.forward(h).clamp(LogStdMin, LogStdMax));
    }

    /// <summary>A reparameterised sample a = tanh(mean + std * eps) and its log-probability per row ([B, 1]):
    /// log N(u; mean, std) - sum log(1 - tanh(u)^2), the last term as 2 (log 2 - u - softplus(-2u)) for stability.</summary>
    public (Tensor Action, Tensor LogProb) Sample(Tensor features, Generator generator)
    {
        var (m, ls) = forward(features);
        var eps = randn(m.shape, generator: generator);
        var u = m + ls.exp() * eps;
        var gaussian = (-0.5 * eps.square() - ls - HalfLog2Pi).sum(1, keepdim: true);
        var squash = (2 * (Math.Log(2) - u - nn.functional.softplus(-2 * u))).sum(1, keepdim: true);
        return (u.tanh(), gaussian - squash);
    }

    /// <summary>The deterministic action tanh(mean).</summary>
    public Tensor Greedy(Tensor features) => forward(features).Mean.tanh();
}
