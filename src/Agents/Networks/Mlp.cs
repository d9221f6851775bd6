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
}
