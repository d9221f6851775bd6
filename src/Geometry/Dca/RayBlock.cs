using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GmcRL.Geometry.Dca;

/// <summary>
/// One worker's state for casting rays from a block of consecutive positions (half a tile): the block's bisector
/// weights c_ij = 2 / |x_j - x_i|^2 against every position, per tile the ball that bounds what a ray can find there,
/// and the best crossing so far of each (point, ray) in the current group of rays. Reused from block to block.
/// </summary>
/// <remarks>
/// Work goes tile by tile: one tile's slice of the group's projections (64 rays x 256 B) and of the block's weights
/// (32 points x 256 B) stay in the L1 cache while every (point, ray) pair that may still be hit there is scanned.
/// </remarks>
internal sealed class RayBlock
{
    /// <summary>Positions per block; a divisor of <see cref="PointTiles.Size"/>, so a block lies in one tile.</summary>
    public const int Points = 32;

    /// <summary>Rays per group: one bit each in a 64-bit mask.</summary>
    public const int Rays = 64;

    // Ball radii are widened by these so that float rounding never prunes the tile holding the hit: relative to the
    // ball's size, and relative to the largest score error a tile's rounded projections can cause.
    private const double BallSlack = 1e-4;
    private const double ProjectionSlack = 1e-5;

    private readonly RayGeometry geometry;
    private readonly float[] weights;
    private readonly float[] ballCentres;
    private readonly float[] ballRadii;
    private readonly int[] tileOrder;
    private readonly double[] tileDistances;
    private readonly float[] origins = new float[Points * Rays];
    private readonly float[] best = new float[Points * Rays];
    private readonly int[] bestTile = new int[Points * Rays];
    private int start;
    private int count;

    public RayBlock(RayGeometry geometry)
    {
        this.geometry = geometry;
        weights = new float[Points * geometry.Positions];
        ballCentres = new float[Points * geometry.Tiles * geometry.Dimension];
        ballRadii = new float[Points * geometry.Tiles];
        tileOrder = new int[geometry.Tiles];
        tileDistances = new double[geometry.Tiles];
    }

    /// <summary>Prepares positions [<paramref name="first"/>, <paramref name="first"/> + <paramref name="points"/>)
    /// (at most <see cref="Points"/>): weight rows, tile bounds, and the order in which their rays visit tiles.</summary>
    public void Load(int first, int points)
    {
        start = first;
        count = points;
        var g = geometry;
        int d = g.Dimension;
        for (int b = 0; b < points; b++)
        {
            var xi = g.Coordinates.AsSpan((first + b) * d, d);
            var row = weights.AsSpan(b * g.Positions, g.Positions);
            row.Clear();
            for (int q = 0; q < g.PointCount; q++)
            {
                double c = 2 / PointTiles.Distance2(xi, g.Coordinates.AsSpan(q * d, d));
                // The origin (and any copy of it) has no bisector: weight 0 keeps it out of the minimum.
                row[q] = c < float.MaxValue ? (float)c : 0f;
            }

            for (int t = 0; t < g.Tiles; t++)
            {
                if (b == 0) tileDistances[t] = Math.Sqrt(PointTiles.Distance2(xi, g.TileSet.Centres.AsSpan(t * d, d))) - g.TileSet.Radii[t];
                Ball(xi, row, t, ballCentres.AsSpan((b * g.Tiles + t) * d, d), out ballRadii[b * g.Tiles + t]);
            }
        }

        // The own tile first, then the nearest (seen from the block's first point, the others being close by): rays
        // that find a close boundary early prune more of the rest.
        for (int t = 0; t < g.Tiles; t++) tileOrder[t] = t;
        tileDistances[first / PointTiles.Size] = double.NegativeInfinity;
        tileDistances.AsSpan().Sort(tileOrder.AsSpan());
    }

    /// <summary>Casts rays [<paramref name="firstRay"/>, <paramref name="firstRay"/> + <paramref name="rays"/>) of the
    /// chunk (at most <see cref="Rays"/>) from every block point; hits[b * stride + k] becomes the position whose cell
    /// ray k enters on leaving point b's cell, or -1 when it never leaves (an unbounded cell).</summary>
    public void Cast(int firstRay, int rays, Span<int> hits, int stride)
    {
        var g = geometry;
        for (int b = 0; b < count; b++)
            for (int r = 0; r < rays; r++)
            {
                origins[b * Rays + r] = g.Projections[(firstRay + r) * g.Positions + start + b];
                best[b * Rays + r] = 0;
                bestTile[b * Rays + r] = -1;
            }
        ulong live = rays == Rays ? ulong.MaxValue : (1UL << rays) - 1;

        foreach (int t in tileOrder)
        {
            int offset = t * PointTiles.Size;
            for (int b = 0; b < count; b++)
            {
                ulong candidates = live & Candidates(firstRay, b, t);
                ref float row = ref weights[b * g.Positions + offset];
                while (candidates != 0)
                {
                    int r = BitOperations.TrailingZeroCount(candidates);
                    candidates &= candidates - 1;
                    int at = b * Rays + r;
                    float tile = BoundaryScan.Minimum(ref g.Projections[(firstRay + r) * g.Positions + offset], ref row, origins[at], best[at]);
                    if (tile < best[at]) (best[at], bestTile[at]) = (tile, t);
                }
            }
        }

        for (int b = 0; b < count; b++)
            for (int r = 0; r < rays; r++)
            {
                int at = b * Rays + r, t = bestTile[at];
                if (t < 0)
                {
                    hits[b * stride + firstRay + r] = -1;
                    continue;
                }
                int offset = t * PointTiles.Size;
                hits[b * stride + firstRay + r] = offset + BoundaryScan.Position(ref g.Projections[(firstRay + r) * g.Positions + offset],
                    ref weights[b * g.Positions + offset], origins[at], best[at]);
            }
    }

    /// <summary>
    /// The ball holding the inverted points w_j = c_ij (x_j - x_i) of tile <paramref name="t"/> (centre: their mean).
    /// A ray u crosses the bisector of x_i and x_j at 1 / t_j = u.w_j &lt;= u.centre + radius, so a tile whose bound is
    /// no better than a ray's best so far cannot hold its first crossing. A tile without bisectors gets radius -inf.
    /// </summary>
    private void Ball(ReadOnlySpan<double> xi, ReadOnlySpan<float> row, int t, Span<float> centre, out float radius)
    {
        var g = geometry;
        int d = g.Dimension, lo = t * PointTiles.Size, hi = Math.Min(g.PointCount, lo + PointTiles.Size);
        Span<double> mean = stackalloc double[d];
        mean.Clear();
        int members = 0;
        double heaviest = 0;
        for (int j = lo; j < hi; j++)
        {
            if (row[j] == 0) continue;
            members++;
            heaviest = Math.Max(heaviest, row[j]);
            for (int a = 0; a < d; a++) mean[a] += row[j] * (g.Coordinates[j * d + a] - xi[a]);
        }
        if (members == 0)
        {
            centre.Clear();
            radius = float.NegativeInfinity;
            return;
        }
        for (int a = 0; a < d; a++) mean[a] /= members;
        double r2 = 0, m2 = 0;
        for (int j = lo; j < hi; j++)
        {
            if (row[j] == 0) continue;
            double s = 0;
            for (int a = 0; a < d; a++)
            {
                double e = row[j] * (g.Coordinates[j * d + a] - xi[a]) - mean[a];
                s += e * e;
            }
            r2 = Math.Max(r2, s);
        }
        for (int a = 0; a < d; a++)
        {
            centre[a] = (float)mean[a];
            m2 += mean[a] * mean[a];
        }
        radius = (float)(Math.Sqrt(r2) + BallSlack * (Math.Sqrt(r2) + Math.Sqrt(m2)) + ProjectionSlack * heaviest * g.Scale);
    }

    /// <summary>Bit r set when tile <paramref name="t"/> may hold a crossing nearer than point b's best so far on ray
    /// r: u_r.centre + radius of its ball exceeds -best.</summary>
    private ulong Candidates(int firstRay, int b, int t)
    {
        var g = geometry;
        int d = g.Dimension;
        ref float centre = ref ballCentres[(b * g.Tiles + t) * d];
        ref float directions = ref g.Directions[firstRay];
        // Plainly: bound[r] = radius + sum over a of centre[a] * u_r[a], for the group's 64 rays at once.
        var b0 = Vector256.Create(ballRadii[b * g.Tiles + t]);
        Vector256<float> b1 = b0, b2 = b0, b3 = b0, b4 = b0, b5 = b0, b6 = b0, b7 = b0;
        for (int a = 0; a < d; a++)
        {
            var c = Vector256.Create(Unsafe.Add(ref centre, a));
            ref float u = ref Unsafe.Add(ref directions, a * g.RayStride);
            b0 = Vector256.FusedMultiplyAdd(c, Vector256.LoadUnsafe(ref u, 0), b0);
            b1 = Vector256.FusedMultiplyAdd(c, Vector256.LoadUnsafe(ref u, 8), b1);
            b2 = Vector256.FusedMultiplyAdd(c, Vector256.LoadUnsafe(ref u, 16), b2);
            b3 = Vector256.FusedMultiplyAdd(c, Vector256.LoadUnsafe(ref u, 24), b3);
            b4 = Vector256.FusedMultiplyAdd(c, Vector256.LoadUnsafe(ref u, 32), b4);
            b5 = Vector256.FusedMultiplyAdd(c, Vector256.LoadUnsafe(ref u, 40), b5);
            b6 = Vector256.FusedMultiplyAdd(c, Vector256.LoadUnsafe(ref u, 48), b6);
            b7 = Vector256.FusedMultiplyAdd(c, Vector256.LoadUnsafe(ref u, 56), b7);
        }
        ref float bestSoFar = ref best[b * Rays];
        return Above(b0, ref bestSoFar, 0) | Above(b1, ref bestSoFar, 8) | Above(b2, ref bestSoFar, 16) | Above(b3, ref bestSoFar, 24)
            | Above(b4, ref bestSoFar, 32) | Above(b5, ref bestSoFar, 40) | Above(b6, ref bestSoFar, 48) | Above(b7, ref bestSoFar, 56);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Above(Vector256<float> bound, ref float bestSoFar, int r) =>
        (ulong)Vector256.GreaterThan(bound, -Vector256.LoadUnsafe(ref bestSoFar, (nuint)r)).ExtractMostSignificantBits() << r;
}
