using GmcRL.Agents.Optimization;
using GmcRL.Representation;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GmcRL.Agents.Networks;

/// <summary>
/// A linear layer's forward and backward passes written out, for the agents whose updates differentiate by hand
/// (no autograd graph: at these sizes an update is dominated by the cost per operator, docs/benchmarks/agents.md).
/// A layer of one output is a product and a row sum: on these processors a matrix-vector product costs several
/// times that.
/// </summary>
internal static class LinearPass
{
    /// <summary>x W^T + b.</summary>
    public static Tensor Forward(Linear layer, Tensor x) => layer.weight!.shape[0] == 1
        ? x.mul(layer.weight!).sum(1, keepdim: true).add_(layer.bias!, Scalars.One)
        : addmm(layer.bias!, x, layer.weight!.t(), 1, 1);

    /// <summary>The gradient with respect to the layer's input from <paramref name="g"/>, that with respect to its
    /// output: g W.</summary>
    public static Tensor InputGradient(Linear layer, Tensor g) => layer.weight!.shape[0] == 1 ? g.mul(layer.weight!) : g.mm(layer.weight!);

    /// <summary>Writes the weight and bias gradients for output gradient <paramref name="g"/> and input
    /// <paramref name="x"/> (g^T x and the sum of g's rows), replacing what the gradients held.</summary>
    public static void WriteGradients(Linear layer, Tensor g, Tensor x)
    {
        if (layer.weight!.shape[0] == 1) ParameterGradients.Of(layer.weight!).copy_(x.mul(g).sum(0, keepdim: true));
        else ParameterGradients.Of(layer.weight!).addmm_(g.t(), x, beta: 0, alpha: 1);
        ParameterGradients.Of(layer.bias!).copy_(g.sum(0, keepdim: false));
    }
}
