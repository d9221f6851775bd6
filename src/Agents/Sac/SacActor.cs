using GmcRL.Agents.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GmcRL.Agents.Sac;

/// <summary>
/// SAC's squashed Gaussian policy (Haarnoja et al. 2018, appendix C): features -> hidden layers -> mean and log
/// standard deviation of u; the action is tanh(u) in the unit box.
/// </summary>
public sealed class SacActor : nn.Module<Tensor, (Tensor Mean, Tensor LogStd)>
{
    private static readonly Scalar LogStdMin = (-20.0).ToScalar();
    private static readonly Scalar LogStdMax = 2.0.ToScalar();
    private static readonly Scalar MinusHalfLog2Pi = (-0.5 * Math.Log(2 * Math.PI)).ToScalar();
    private static readonly Scalar Log2 = Math.Log(2).ToScalar();

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
        // Written with long-lived scalars (see ScalarConstants); the plain formulas are in the comments.
        var (m, ls) = forward(features);
        var eps = randn(m.shape, generator: generator);
        // u = m + exp(ls) eps
        var u = m.add(ls.exp().mul(eps), ScalarConstants.One);
        // gaussian = sum(-0.5 eps^2 - ls - 0.5 log(2 pi))
        var gaussian = eps.square().mul(ScalarConstants.MinusHalf).add(ls, ScalarConstants.MinusOne)
            .add(MinusHalfLog2Pi, ScalarConstants.One).sum(1, keepdim: true);
        // squash = sum(2 (log 2 - u - softplus(-2u)))
        var squash = u.add(nn.functional.softplus(u.mul(ScalarConstants.MinusTwo)), ScalarConstants.One).neg()
            .add(Log2, ScalarConstants.One).mul(ScalarConstants.Two).sum(1, keepdim: true);
        return (u.tanh(), gaussian.add(squash, ScalarConstants.MinusOne));
    }

    /// <summary>The deterministic action tanh(mean).</summary>
    public Tensor Greedy(Tensor features) => forward(features).Mean.tanh();
}
