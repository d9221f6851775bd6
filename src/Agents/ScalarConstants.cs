using TorchSharp;

namespace GmcRL.Agents;

/// <summary>
/// Scalars that live as long as the process. TorchSharp turns a bare number (and the implicit alpha of
/// <c>a + b</c>) into a temporary <see cref="Scalar"/> that only its finalizer frees, and that finalizer can run
/// while the native call still reads it (a use-after-free that crashed a 20-minute SAC run with "toFloat: Expected
/// false to be true"; TorchSharp pull requests 1434 and 1496). Per-step code here passes these instead, and
/// <c>using</c>-scoped scalars for values that change.
/// </summary>
internal static class ScalarConstants
{
    public static readonly Scalar One = 1.0.ToScalar();
    public static readonly Scalar MinusOne = (-1.0).ToScalar();
    public static readonly Scalar Half = 0.5.ToScalar();
    public static readonly Scalar MinusHalf = (-0.5).ToScalar();
    public static readonly Scalar Two = 2.0.ToScalar();
    public static readonly Scalar MinusTwo = (-2.0).ToScalar();
}
