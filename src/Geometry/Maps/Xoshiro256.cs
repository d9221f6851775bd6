using System.Numerics;

namespace GmcRL.Geometry.Maps;

/// <summary>
/// xoshiro256** (Blackman &amp; Vigna 2018), seeded through SplitMix64: a small generator of our own, so a map depends
/// only on its seed and not on the runtime's <see cref="Random"/>, and cheap enough for the layout's negative samples.
/// </summary>
internal sealed class Xoshiro256
{
    ulong s0, s1, s2, s3;

    public Xoshiro256(long seed)
    {
        ulong x = unchecked((ulong)seed);
        s0 = SplitMix(ref x); s1 = SplitMix(ref x); s2 = SplitMix(ref x); s3 = SplitMix(ref x);
    }

    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3;
        s2 ^= t;
        s3 = BitOperations.RotateLeft(s3, 45);
        return result;
    }

    /// <summary>A uniform integer in [0, n): the high word of a 64 x 64-bit product (Lemire's, no rejection).</summary>
    public int NextInt(int n) => (int)Math.BigMul(NextUInt64(), (ulong)n, out _);

    /// <summary>A uniform double in [0, 1) from the top 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A standard normal sample by Box-Muller (one of the pair: simple, and rarely called).</summary>
    public double NextGaussian()
    {
        double u = 1.0 - NextDouble(), v = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v);
    }

    static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
