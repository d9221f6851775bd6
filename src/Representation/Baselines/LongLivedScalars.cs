using TorchSharp;

namespace GmcRL.Representation.Baselines;

/// <summary>
/// The constants the baselines' per-step maths passes to libtorch, made once. A bare number (or the implicit alpha of
/// <c>a + b</c>) would become a temporary <see cref="Scalar"/> that only its finalizer frees, possibly while the
/// native call still reads it (docs/benchmarks/agents.md, "Notes"). Values that change per call are
/// <c>using</c>-scoped instead.
/// </summary>
internal static class LongLivedScalars
{
    public static readonly Scalar One = 1.0.ToScalar();
    public static readonly Scalar MinusOne = (-1.0).ToScalar();
    public static readonly Scalar Half = 0.5.ToScalar();
    public static readonly Scalar MinusHalf = (-0.5).ToScalar();
}
