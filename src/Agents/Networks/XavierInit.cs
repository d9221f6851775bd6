using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GmcRL.Agents.Networks;

/// <summary>Glorot and Bengio's (2010) uniform initialisation of a linear layer's weights, with zero biases.</summary>
public static class XavierInit
{
    /// <summary>Re-initialises <paramref name="layer"/> in place.</summary>
    public static void Apply(Linear layer)
    {
        using var noGrad = no_grad();
        nn.init.xavier_uniform_(layer.weight);
        if (layer.bias is { } bias) nn.init.zeros_(bias);
    }
}
