using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GmcRL.Agents.Optimization;

/// <summary>The gradient tensor of a parameter, for hand-written backward passes that write into it.</summary>
internal static class ParameterGradients
{
    /// <summary><paramref name="parameter"/>'s gradient (bound by <see cref="FlatParameters"/>); an error when it has none.</summary>
    public static Tensor Of(Parameter parameter) => parameter.grad
        ?? throw new InvalidOperationException($"A parameter of shape [{string.Join(", ", parameter.shape)}] has no gradient tensor to write into; bind its module with FlatParameters(gradients: true) first.");
}
