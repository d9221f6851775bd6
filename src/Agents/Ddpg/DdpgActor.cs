using GmcRL.Agents.Networks;
using GmcRL.Representation;
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

    /// <summary><see cref="forward"/> without autograd (call it under <c>no_grad</c>): the actions, with each layer's
    /// input kept for <see cref="Backward"/>.</summary>
    internal (Tensor Action, Tensor[] Inputs) ForwardKeeping(Tensor features)
    {
        var (z, inputs) = mlp.ForwardKeeping(features, reluAfterLast: false);
        return (z.tanh_(), inputs);
    }

    /// <summary>Writes into the parameters' gradients (replacing them) those of a loss whose gradient with respect to
    /// the actions of a <see cref="ForwardKeeping"/> pass is <paramref name="actionGradient"/> ([B, A]).</summary>
    internal void Backward(Tensor action, Tensor[] inputs, Tensor actionGradient)
    {
        using var scope = NewDisposeScope();
        // a = tanh(z): da/dz = 1 - a^2.
        var g = action.square().neg_().add_(Scalars.One, Scalars.One).mul_(actionGradient);
        mlp.Backward(g, inputs, reluOutput: null);
    }
}
