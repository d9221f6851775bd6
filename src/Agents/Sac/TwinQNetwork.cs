using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using GmcRL.Agents.Optimization;
using GmcRL.Representation;

namespace GmcRL.Agents.Sac;

/// <summary>
/// SAC's two state-action value networks Q1 and Q2 computed as one: each layer holds both critics' weights stacked
/// ([2, in, out]) and runs as one batched matrix product, so a forward or backward pass costs half the operator
/// calls of two separate MLPs (the update is dominated by per-call overhead at these sizes; see
/// docs/benchmarks/agents.md). The critics stay independent: they share no weights, and each is initialised like
/// <c>nn.Linear</c> (uniform in +-1/sqrt(fan_in) for weights and biases). Layers: [features, action] -> hidden ->
/// ... -> 1 with ReLU between.
/// </summary>
public sealed class TwinQNetwork : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly ParameterList weights = new();
    private readonly ParameterList biases = new();

    /// <summary>Twin critics over <paramref name="featureSize"/> features and <paramref name="actionSize"/> action elements.</summary>
    public TwinQNetwork(string name, int featureSize, int actionSize, IReadOnlyList<int> hidden) : base(name)
    {
        if (featureSize <= 0 || actionSize <= 0 || hidden.Count == 0 || hidden.Any(h => h <= 0))
            throw new ArgumentException($"{name}: layer sizes must be positive (features {featureSize}, action {actionSize}, hidden [{string.Join(", ", hidden)}]).");
        int[] sizes = [featureSize + actionSize, .. hidden, 1];
        using var noGrad = no_grad();
        for (int i = 0; i + 1 < sizes.Length; i++)
        {
            double bound = 1 / Math.Sqrt(sizes[i]);
            weights.Add(new Parameter(Uniform([2, sizes[i], sizes[i + 1]], bound)));
            biases.Add(new Parameter(Uniform([2, 1, sizes[i + 1]], bound)));
        }
        RegisterComponents();
    }

    /// <summary>Both critics' values, shape [2, B, 1]: row 0 is Q1, row 1 is Q2.</summary>
    public override Tensor forward(Tensor features, Tensor actions)
    {
        using var scope = NewDisposeScope();
        var x = Layer(0, cat([features, actions], 1));
        for (int i = 1; i < weights.Count; i++) x = Layer(i, nn.functional.relu(x));
        return x.MoveToOuterDisposeScope();
    }

    // Layer i on its input x. The first layer's input [B, in] against [2, in, out] broadcasts to [2, B, out]. A layer
    // of one output (the value) is a product and a sum over the inputs: on these processors a batched matrix-vector
    // product costs four times that (docs/benchmarks/agents.md).
    private Tensor Layer(int i, Tensor x)
    {
        if (i > 0 && weights[i].shape[2] == 1)
        {
            using var row = weights[i].transpose(1, 2);
            return x.mul(row).sum(2, keepdim: true).add_(biases[i], Scalars.One);
        }
        return x.matmul(weights[i]).add_(biases[i], Scalars.One);
    }

    // The gradient with respect to layer i's input (i > 0) from that with respect to its output.
    private Tensor Back(int i, Tensor g)
    {
        using var transposed = weights[i].transpose(1, 2);
        return weights[i].shape[2] == 1 ? g.mul(transposed) : g.matmul(transposed);
    }

    /// <summary><see cref="forward"/> without autograd (call it under <c>no_grad</c>): the same values, with each layer's
    /// input kept (one per layer) for <see cref="WeightGradients"/> and <see cref="InputGradient"/>.</summary>
    internal (Tensor Values, Tensor[] Inputs) ForwardKeeping(Tensor features, Tensor actions)
    {
        var inputs = new Tensor[weights.Count];
        var x = cat([features, actions], 1);
        inputs[0] = x;
        var y = Layer(0, x);
        for (int i = 1; i < weights.Count; i++)
        {
            var h = y.relu_();
            inputs[i] = h;
            y = Layer(i, h);
        }
        return (y, inputs);
    }

    /// <summary>Writes into the weights' and biases' gradients (replacing them) those of a loss whose gradient with
    /// respect to both critics' values ([2, B, 1]) is <paramref name="valueGradient"/>, from the inputs a
    /// <see cref="ForwardKeeping"/> pass kept.</summary>
    internal void WeightGradients(Tensor valueGradient, Tensor[] inputs)
    {
        using var scope = NewDisposeScope();
        var g = valueGradient;
        for (int i = weights.Count - 1; i >= 0; i--)
        {
            var x = inputs[i];
            // The first layer's input [B, in] is shared by both critics: [in, B] x [2, B, out] broadcasts to [2, in, out].
            // A one-output layer's weights take the sum over the batch of input times gradient.
            var weightGradient = i == 0 ? x.t().matmul(g)
                : weights[i].shape[2] == 1 ? x.mul(g).sum(1, keepdim: true).transpose(1, 2)
                : x.transpose(1, 2).matmul(g);
            ParameterGradients.Of(weights[i]).copy_(weightGradient);
            ParameterGradients.Of(biases[i]).copy_(g.sum(1, keepdim: true));
            // Through the ReLU before layer i: its output x is positive exactly where it passed its input on (sign(x) is
            // 1 there, 0 elsewhere; a float mask, as a comparison's boolean one costs several times more here).
            if (i > 0) g = Back(i, g).mul_(x.sign());
        }
    }

    /// <summary>The gradient of such a loss with respect to the input columns <paramref name="from"/> ..
    /// <paramref name="from"/> + <paramref name="count"/> - 1 of the kept pass (the actions start after the features),
    /// summed over both critics: [B, count]. The weights' gradients are left alone.</summary>
    internal Tensor InputGradient(Tensor valueGradient, Tensor[] inputs, int from, int count)
    {
        using var scope = NewDisposeScope();
        var g = valueGradient;
        for (int i = weights.Count - 1; i >= 1; i--) g = Back(i, g).mul_(inputs[i].sign());
        return g.matmul(weights[0].narrow(1, from, count).transpose(1, 2)).sum(0, keepdim: false).MoveToOuterDisposeScope();
    }

    /// <summary>min(Q1, Q2) per row, shape [B, 1].</summary>
    public Tensor Min(Tensor features, Tensor actions)
    {
        using var q = forward(features, actions);
        return q.amin([0]);
    }

    private static Tensor Uniform(long[] shape, double bound)
    {
        using var u = rand(shape);
        using var width = Scalars.Of(2 * bound);
        using var low = Scalars.Of(bound);
        return u.mul(width).sub_(low);
    }
}
