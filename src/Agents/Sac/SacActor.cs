using GmcRL.Agents.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using GmcRL.Representation;

namespace GmcRL.Agents.Sac;

/// <summary>
/// SAC's squashed Gaussian policy (Haarnoja et al. 2018, appendix C): features -> hidden layers -> mean and log
/// standard deviation of u; the action is tanh(u) in the unit box.
/// </summary>
public sealed class SacActor : nn.Module<Tensor, (Tensor Mean, Tensor LogStd)>
{
    private static readonly Scalar LogStdMin = Scalars.Of(-20.0);
    private static readonly Scalar LogStdMax = Scalars.Of(2.0);
    private static readonly Scalar MinusHalfLog2Pi = Scalars.Of(-0.5 * Math.Log(2 * Math.PI));
    private static readonly Scalar Log2 = Scalars.Of(Math.Log(2));

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
        var u = m.add(ls.exp().mul(eps), Scalars.One);
        // gaussian = sum(-0.5 eps^2 - ls - 0.5 log(2 pi))
        var gaussian = eps.square().mul(Scalars.MinusHalf).add(ls, Scalars.MinusOne)
            .add(MinusHalfLog2Pi, Scalars.One).sum(1, keepdim: true);
        // squash = sum(2 (log 2 - u - softplus(-2u)))
        var squash = u.add(nn.functional.softplus(u.mul(Scalars.MinusTwo)), Scalars.One).neg()
            .add(Log2, Scalars.One).mul(Scalars.Two).sum(1, keepdim: true);
        return (u.tanh(), gaussian.add(squash, Scalars.MinusOne));
    }

    /// <summary>The deterministic action tanh(mean).</summary>
    public Tensor Greedy(Tensor features) => forward(features).Mean.tanh();
}
