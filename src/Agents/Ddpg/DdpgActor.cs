using GmcRL.Agents.Networks;
using static TorchSharp.torch;

namespace GmcRL.Agents.Ddpg;

/// <summary>DDPG's deterministic policy mu(s): features -> hidden layers (ReLU) -> action, tanh into the unit box;
/// Xavier-uniform weights and zero biases (docs/method.md §6).</summary>
public sealed class DdpgActor : nn.Module<Tensor, Tensor>
{
    private readonly Mlp mlp;

    /// <summary>A policy over <paramref name="actionSize"/> action elements.</summary>
    public DdpgActor(int featureSize, IReadOnlyList<int> hidden, int actionSize) : base(nameof(DdpgActor))
    {
        mlp = new Mlp("mlp", featureSize, hidden, actionSize);
        foreach (var layer in mlp.Layers) XavierInit.Apply(layer);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor features) => mlp.forward(features).tanh();
}
