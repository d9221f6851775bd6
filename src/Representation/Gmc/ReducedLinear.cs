using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GmcRL.Representation.Gmc;

/// <summary>A Linear layer computed in a reduced precision from its float32 weights (the master copies: cast for each
/// pass, their gradients come back in float32).</summary>
internal static class ReducedLinear
{
    /// <summary>y = x W^T + b with x, W and b in <paramref name="type"/>; the result is in that type.</summary>
    public static Tensor Forward(Linear layer, Tensor x, ScalarType type)
    {
        using var weight = layer.weight!.to(type);
        using var bias = layer.bias?.to(type);
        return nn.functional.linear(x, weight, bias);
    }
}
