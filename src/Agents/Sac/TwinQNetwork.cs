using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
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
        // [B, in] against [2, in, out] broadcasts to [2, B, out].
        var x = cat([features, actions], 1).matmul(weights[0]).add_(biases[0]);
        for (int i = 1; i < weights.Count; i++) x = nn.functional.relu(x).bmm(weights[i]).add_(biases[i]);
        return x.MoveToOuterDisposeScope();
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
