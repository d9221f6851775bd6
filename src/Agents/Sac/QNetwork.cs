using GmcRL.Agents.Networks;
using static TorchSharp.torch;

namespace GmcRL.Agents.Sac;

/// <summary>A state-action value Q(s, a): the feature vector and the unit-box action concatenated, then an MLP to one value.</summary>
public sealed class QNetwork : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Mlp mlp;

    /// <summary>Q over <paramref name="featureSize"/> features and <paramref name="actionSize"/> action elements.</summary>
    public QNetwork(string name, int featureSize, int actionSize, IReadOnlyList<int> hidden) : base(name)
    {
        mlp = new Mlp("mlp", featureSize + actionSize, hidden, 1);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor features, Tensor actions) => mlp.forward(cat([features, actions], 1));
}
