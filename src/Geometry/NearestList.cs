using System.Numerics;
using System.Runtime.InteropServices;

namespace GmcRL.Geometry;

/// <summary>
/// Brute-force nearest neighbours, one query at a time: a list of the k nearest candidates so far, kept sorted by
/// ascending squared distance in two caller-owned spans (no allocation per query). Ties keep the earlier candidate
/// first, so rows computed in parallel come out the same on every run.
/// </summary>
internal static class NearestList
{
    /// <summary>Offers <paramref name="candidate"/> at squared distance <paramref name="squared"/> to the list in
    /// <paramref name="index"/> and <paramref name="distance"/>, of which the first <paramref name="filled"/> slots are
    /// in use (at most index.Length); the first <paramref name="fixedSlots"/> slots never move (a point's own).</summary>
    public static void Offer(Span<int> index, Span<float> distance, ref int filled, int candidate, float squared, int fixedSlots = 0)
    {
        int k = index.Length;
        if (filled < k) filled++;
        else if (!(squared < distance[k - 1])) return;
        int slot = filled - 1;
        while (slot > fixedSlots && distance[slot - 1] > squared)
        {
            distance[slot] = distance[slot - 1];
            index[slot] = index[slot - 1];
            slot--;
        }
        distance[slot] = squared;
        index[slot] = candidate;
    }

    /// <summary>Sum over dimensions of (x - y)^2, a SIMD vector at a time.</summary>
    public static float SquaredDistance(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        float sum = 0;
        int d = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<float>.Count)
        {
            var xs = MemoryMarshal.Cast<float, Vector<float>>(x);
            var ys = MemoryMarshal.Cast<float, Vector<float>>(y);
            var acc = Vector<float>.Zero;
            for (int v = 0; v < xs.Length; v++)
            {
                var diff = xs[v] - ys[v];
                acc += diff * diff;
            }
            sum = Vector.Sum(acc);
            d = xs.Length * Vector<float>.Count;
        }
        for (; d < x.Length; d++)
        {
            float diff = x[d] - y[d];
            sum += diff * diff;
        }
        return sum;
    }
}
