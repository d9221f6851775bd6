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
    private static readonly Scalar LogProbConstant = Scalars.Of(-0.5 * Math.Log(2 * Math.PI) - 2 * Math.Log(2));

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
        return (LinearPass.Forward(mean, h), LinearPass.Forward(logStd, h).clamp(LogStdMin, LogStdMax));
    }

    /// <summary>A reparameterised sample a = tanh(mean + std * eps) and its log-probability per row ([B, 1]):
    /// log N(u; mean, std) - sum log(1 - tanh(u)^2), the last term as 2 (log 2 - u - softplus(-2u)) for stability.</summary>
    public (Tensor Action, Tensor LogProb) Sample(Tensor features, Generator generator)
    {
        var (m, ls) = forward(features);
        var (u, _, _, logProb) = Reparameterised(m, ls, generator);
        return (u.tanh(), logProb);
    }

    // u = m + std eps with std = exp(ls), and log pi(tanh(u)). Written with long-lived scalars (see Scalars); the plain
    // formulas are in the comments.
    private static (Tensor U, Tensor Eps, Tensor Std, Tensor LogProb) Reparameterised(Tensor m, Tensor ls, Generator generator)
    {
        var eps = randn(m.shape, generator: generator);
        var std = ls.exp();
        var u = m.addcmul(std, eps, Scalars.One);
        // log pi = sum of the Gaussian's log-density, written in eps (-eps^2 / 2 - ls - log(2 pi) / 2), less
        // log(1 - tanh(u)^2) = 2 (log 2 - u - softplus(-2u)) (so written for stability): per element
        // 2 (u + softplus(-2u)) - ls - eps^2 / 2 + c with c = -log(2 pi) / 2 - 2 log 2, in as few operators as that takes.
        var perElement = nn.functional.softplus(u.mul(Scalars.MinusTwo)).add_(u, Scalars.One).mul_(Scalars.Two).sub_(ls)
            .addcmul_(eps, eps, Scalars.MinusHalf).add_(LogProbConstant, Scalars.One);
        return (u, eps, std, perElement.sum(1, keepdim: true));
    }

    /// <summary>What <see cref="SampleKeeping"/> keeps for <see cref="Backward"/>: each body layer's input, the body's
    /// output after its last ReLU (the heads' input), the noise and standard deviation of the sample, where the log
    /// standard deviation was inside its clamp, and the sample itself.</summary>
    internal sealed record Pass(Tensor[] Inputs, Tensor Hidden, Tensor Eps, Tensor Std, Tensor LogStdFree, Tensor Action, Tensor LogProb);

    /// <summary><see cref="Sample"/> without autograd (call it under <c>no_grad</c>): the same values, the same draw
    /// from <paramref name="generator"/>, and what <see cref="Backward"/> needs.</summary>
    internal Pass SampleKeeping(Tensor features, Generator generator)
    {
        var (x, inputs) = body.ForwardKeeping(features, reluAfterLast: true);
        var m = LinearPass.Forward(mean, x);
        var raw = LinearPass.Forward(logStd, x);
        var ls = raw.clamp(LogStdMin, LogStdMax);
        var (u, eps, std, logProb) = Reparameterised(m, ls, generator);
        return new Pass(inputs, x, eps, std, ls.eq(raw).to_type(ScalarType.Float32), u.tanh(), logProb);
    }

    /// <summary>Writes into the parameters' gradients those of a loss whose gradient is
    /// <paramref name="actionGradient"/> ([B, A]) with respect to the sampled actions and
    /// <paramref name="logProbGradient"/> with respect to every row's log-probability; the gradients are replaced, not
    /// added to. The hand-written chain rule of <see cref="Sample"/>, checked against autograd's in the tests.</summary>
    internal void Backward(Pass pass, Tensor actionGradient, double logProbGradient)
    {
        using var scope = NewDisposeScope();
        using var perLogProb = Scalars.Of(logProbGradient);
        using var twicePerLogProb = Scalars.Of(2 * logProbGradient);
        var a = pass.Action;
        // a = tanh(u), so da/du = 1 - a^2; log pi depends on u through -log(1 - tanh(u)^2), whose derivative is 2a.
        var gu = a.square().neg_().add_(Scalars.One, Scalars.One).mul_(actionGradient).add_(a, twicePerLogProb);
        // u = m + exp(ls) eps; log pi holds -ls (its Gaussian term is written in eps); the clamp passes gradients
        // only where ls was inside it.
        var gls = gu.mul(pass.Std).mul_(pass.Eps).sub_(perLogProb).mul_(pass.LogStdFree);
        var h = pass.Hidden;
        LinearPass.WriteGradients(mean, gu, h);
        LinearPass.WriteGradients(logStd, gls, h);
        var g = LinearPass.InputGradient(mean, gu).add_(LinearPass.InputGradient(logStd, gls), Scalars.One);
        body.Backward(g, pass.Inputs, reluOutput: h);
    }

    /// <summary>The deterministic action tanh(mean).</summary>
    public Tensor Greedy(Tensor features) => forward(features).Mean.tanh();
}
