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

    /// <summary>What <see cref="ForwardKeeping"/> keeps: the features, the second layer's input (the first layer's output
    /// and the actions) and its output.</summary>
    internal sealed record Pass(Tensor Features, Tensor JointInput, Tensor JointOutput);

    /// <summary><see cref="forward"/> without autograd (call it under <c>no_grad</c>): the values [B, 1] and what
    /// <see cref="WeightGradients"/> and <see cref="ActionGradient"/> need.</summary>
    internal (Tensor Values, Pass Pass) ForwardKeeping(Tensor features, Tensor actions)
    {
        var h = LinearPass.Forward(state, features).relu_();
        var x = cat([h, actions], 1);
        var j = LinearPass.Forward(joint, x).relu_();
        return (LinearPass.Forward(value, j), new Pass(features, x, j));
    }

    /// <summary>Writes into the weights' and biases' gradients (replacing them) those of a loss whose gradient with
    /// respect to the values of a <see cref="ForwardKeeping"/> pass is <paramref name="valueGradient"/> ([B, 1]).</summary>
    internal void WeightGradients(Tensor valueGradient, Pass pass)
    {
        using var scope = NewDisposeScope();
        LinearPass.WriteGradients(value, valueGradient, pass.JointOutput);
        var g = JointGradient(valueGradient, pass);
        LinearPass.WriteGradients(joint, g, pass.JointInput);
        int hidden = (int)state.weight!.shape[0];
        // Through the ReLU after the first layer: its output is the first columns of the second layer's input.
        using var h = pass.JointInput.narrow(1, 0, hidden);
        using var stateColumns = joint.weight!.narrow(1, 0, hidden);
        var gh = g.mm(stateColumns).mul_(h.sign());
        LinearPass.WriteGradients(state, gh, pass.Features);
    }

    /// <summary>The gradient of such a loss with respect to the actions of the pass ([B, A]); the weights' gradients
    /// are left alone.</summary>
    internal Tensor ActionGradient(Tensor valueGradient, Pass pass)
    {
        using var scope = NewDisposeScope();
        int hidden = (int)state.weight!.shape[0], actions = (int)joint.weight!.shape[1] - hidden;
        using var weights = joint.weight!.narrow(1, hidden, actions);
        return JointGradient(valueGradient, pass).mm(weights).MoveToOuterDisposeScope();
    }

    // The gradient with respect to the second layer's pre-activation: through the value layer and the ReLU after the
    // second layer (its output is positive exactly where it passed its input on).
    private Tensor JointGradient(Tensor valueGradient, Pass pass) =>
        LinearPass.InputGradient(value, valueGradient).mul_(pass.JointOutput.sign());
}
