using GmcRL.Agents.Networks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GmcRL.Agents.Ddpg;

/// <summary>DDPG's critic Q(s, a) in the GMC paper's shape: features -> first layer (ReLU), then that output and the
/// unit-box action concatenated -> second layer (ReLU) -> one value; Xavier-uniform weights and zero biases.</summary>
public sealed class DdpgCritic : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Linear state;
    private readonly Linear joint;
    private readonly Linear value;

    /// <summary>A critic over <paramref name="featureSize"/> features and <paramref name="actionSize"/> action elements.</summary>
    public DdpgCritic(string name, int featureSize, int actionSize, int stateHidden, int jointHidden) : base(name)
    {
        state = nn.Linear(featureSize, stateHidden);
        joint = nn.Linear(stateHidden + actionSize, jointHidden);
        value = nn.Linear(jointHidden, 1);
        foreach (var layer in new[] { state, joint, value }) XavierInit.Apply(layer);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor features, Tensor actions)
    {
        var h = nn.functional.relu(state.forward(features));
        return value.forward(nn.functional.relu(joint.forward(cat([h, actions], 1))));
    }
}
