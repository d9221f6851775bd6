using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GmcRL.Agents.Networks;

/// <summary>A multilayer perceptron: Linear layers with ReLU between them and no activation after the last.</summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<Linear> layers;

    /// <summary>input -> hidden[0] -> ... -> output.</summary>
    public Mlp(string name, int input, IReadOnlyList<int> hidden, int output) : base(name)
    {
        if (input <= 0 || output <= 0 || hidden.Any(h => h <= 0))
            throw new ArgumentException($"{name}: layer sizes must be positive (input {input}, hidden [{string.Join(", ", hidden)}], output {output}).");
        var sizes = new[] { input }.Concat(hidden).Append(output).ToArray();
        layers = new ModuleList<Linear>();
        for (int i = 0; i + 1 < sizes.Length; i++) layers.Add(nn.Linear(sizes[i], sizes[i + 1]));
        RegisterComponents();
    }

    /// <summary>The linear layers in order.</summary>
    public IReadOnlyList<Linear> Layers => layers.ToArray();

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        for (int i = 0; i < layers.Count - 1; i++) x = nn.functional.relu(layers[i].forward(x));
        return layers[^1].forward(x);
    }

    /// <summary><see cref="forward"/> without autograd (call it under <c>no_grad</c>), with a ReLU after the last layer
    /// too when <paramref name="reluAfterLast"/>: the output, and each layer's input kept for <see cref="Backward"/>.</summary>
    internal (Tensor Output, Tensor[] Inputs) ForwardKeeping(Tensor x, bool reluAfterLast)
    {
        var inputs = new Tensor[layers.Count];
        for (int i = 0; i < layers.Count; i++)
        {
            inputs[i] = x;
            x = LinearPass.Forward(layers[i], x);
            if (i < layers.Count - 1 || reluAfterLast) x = x.relu_();
        }
        return (x, inputs);
    }

    /// <summary>Writes into the layers' gradients (replacing them) those of a loss whose gradient with respect to the
    /// output of a <see cref="ForwardKeeping"/> pass is <paramref name="g"/> (which it overwrites);
    /// <paramref name="reluOutput"/> is that output when the pass had a ReLU after the last layer, else null.</summary>
    internal void Backward(Tensor g, Tensor[] inputs, Tensor? reluOutput)
    {
        using var scope = NewDisposeScope();
        // Through a ReLU: its output is positive exactly where it passed its input on (sign(x) is 1 there, 0
        // elsewhere; a float mask, as a comparison's boolean one costs several times more here).
        if (reluOutput is not null) g.mul_(reluOutput.sign());
        for (int i = layers.Count - 1; i >= 0; i--)
        {
            LinearPass.WriteGradients(layers[i], g, inputs[i]);
            if (i > 0) g = LinearPass.InputGradient(layers[i], g).mul_(inputs[i].sign());
        }
    }
}
