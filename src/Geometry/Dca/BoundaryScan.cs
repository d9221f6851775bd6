using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GmcRL.Geometry.Dca;

/// <summary>
/// The inner loop of the ray caster: over one tile of <see cref="PointTiles.Size"/> points, the most negative
/// v_j = (g - G_j) * c_j, where G_j = u.x_j is point j's projection on the ray direction u, g = u.x_i the ray origin's,
/// and c_j = 2 / |x_j - x_i|^2 (0 for the origin itself and for padding). -v_j is 1 / t_j, the inverse distance along
/// the ray to the bisector of x_i and x_j, so the most negative v_j is the first bisector the ray crosses.
/// </summary>
internal static class BoundaryScan
{
    /// <summary>The tile's most negative v_j, or <paramref name="best"/> when none is lower: the caller keeps which tile
    /// gave its best and asks <see cref="Position"/> for the point only once, at the end of the ray.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Minimum(ref float projections, ref float weights, float g, float best)
    {
        // Plainly: for q in 0..63: best = min(best, (g - projections[q]) * weights[q]).
        var gv = Vector256.Create(g);
        var m = Vector256.MinNative(
            Vector256.MinNative(Term(gv, ref projections, ref weights, 0), Term(gv, ref projections, ref weights, 8)),
            Vector256.MinNative(Term(gv, ref projections, ref weights, 16), Term(gv, ref projections, ref weights, 24)));
        m = Vector256.MinNative(m, Vector256.MinNative(
            Vector256.MinNative(Term(gv, ref projections, ref weights, 32), Term(gv, ref projections, ref weights, 40)),
            Vector256.MinNative(Term(gv, ref projections, ref weights, 48), Term(gv, ref projections, ref weights, 56))));
        // A tile rarely improves on the best so far: one compare decides, the horizontal minimum is the rare path.
        if (!Vector256.LessThanAny(m, Vector256.Create(best))) return best;
        var h = Vector128.MinNative(m.GetLower(), m.GetUpper());
        h = Vector128.MinNative(h, Vector128.Shuffle(h, Vector128.Create(2, 3, 0, 1)));
        h = Vector128.MinNative(h, Vector128.Shuffle(h, Vector128.Create(1, 0, 3, 2)));
        return h.ToScalar();
    }

    /// <summary>The offset in the tile of the first point whose v_j equals <paramref name="value"/>, a value
    /// <see cref="Minimum"/> returned for this tile.</summary>
    public static int Position(ref float projections, ref float weights, float g, float value)
    {
        var gv = Vector256.Create(g);
        var target = Vector256.Create(value);
        for (nuint offset = 0; offset < PointTiles.Size; offset += 8)
        {
            uint lanes = Vector256.Equals(Term(gv, ref projections, ref weights, offset), target).ExtractMostSignificantBits();
            if (lanes != 0) return (int)offset + BitOperations.TrailingZeroCount(lanes);
        }
        throw new InvalidOperationException("the tile's minimum was not found in it again");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Term(Vector256<float> g, ref float projections, ref float weights, nuint offset) =>
        (g - Vector256.LoadUnsafe(ref projections, offset)) * Vector256.LoadUnsafe(ref weights, offset);
}
