using TorchSharp;

namespace GmcRL.Representation;

/// <summary>
/// Every <see cref="Scalar"/> GmcRL hands to libtorch is made here. TorchSharp turns a bare number (and the implicit
/// alpha of <c>a + b</c> or <c>a - b</c>) into a temporary Scalar that only its finalizer frees, and that finalizer
/// can run while the native call still reads it: a use-after-free that crashed a 20-minute SAC run with "toFloat:
/// Expected false to be true" (TorchSharp pull requests 1434 and 1496). So per-step maths passes the constants below,
/// which live as long as the process, and a value that changes is made with <see cref="Of"/> and disposed by its
/// caller (<c>using var s = Scalars.Of(x);</c>).
/// </summary>
public static class Scalars
{
    /// <summary>0.</summary>
    public static readonly Scalar Zero = 0.0.ToScalar();

    /// <summary>1 (also the explicit alpha of an addition or a subtraction).</summary>
    public static readonly Scalar One = 1.0.ToScalar();

    /// <summary>-1.</summary>
    public static readonly Scalar MinusOne = (-1.0).ToScalar();

    /// <summary>0.5.</summary>
    public static readonly Scalar Half = 0.5.ToScalar();

    /// <summary>-0.5.</summary>
    public static readonly Scalar MinusHalf = (-0.5).ToScalar();

    /// <summary>2.</summary>
    public static readonly Scalar Two = 2.0.ToScalar();

    /// <summary>-2.</summary>
    public static readonly Scalar MinusTwo = (-2.0).ToScalar();

    /// <summary>Negative infinity (a masked logit).</summary>
    public static readonly Scalar NegativeInfinity = double.NegativeInfinity.ToScalar();

    /// <summary>A Scalar of <paramref name="value"/> for its caller to dispose.</summary>
    public static Scalar Of(double value) => value.ToScalar();
}
