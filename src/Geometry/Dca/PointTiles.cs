namespace GmcRL.Geometry.Dca;

/// <summary>
/// The points reordered so that each run of <see cref="Size"/> consecutive positions (a tile) is spatially compact:
/// ranges are split in halves, whole tiles each, along their widest coordinate until a range fits one tile. The ray
/// caster bounds a whole tile at once (see <see cref="RayBlock"/>), which prunes well when its points are close
/// together; each tile's centre and radius order the tiles from near to far.
/// </summary>
internal sealed class PointTiles
{
    /// <summary>Points per tile: eight vectors of eight floats.</summary>
    public const int Size = 64;

    private PointTiles(int[] order, int count, double[] centres, double[] radii)
    {
        Order = order;
        Count = count;
        Centres = centres;
        Radii = radii;
    }

    /// <summary>Point index at each position; positions from the point count up to <see cref="Count"/> * Size are padding.</summary>
    public int[] Order { get; }

    /// <summary>Number of tiles.</summary>
    public int Count { get; }

    /// <summary>Tile centres (the mean of its points), row by row.</summary>
    public double[] Centres { get; }

    /// <summary>Distance from each tile's centre to its farthest point.</summary>
    public double[] Radii { get; }

    /// <summary>Tiles <paramref name="n"/> points of dimension <paramref name="d"/> (row-major <paramref name="x"/>).</summary>
    public static PointTiles Build(double[] x, int n, int d)
    {
        var order = Enumerable.Range(0, n).ToArray();
        var keys = new double[n];
        var ranges = new Stack<(int Lo, int Hi)>();
        ranges.Push((0, n));
        while (ranges.Count > 0)
        {
            var (lo, hi) = ranges.Pop();
            if (hi - lo <= Size) continue;
            int axis = WidestAxis(x, d, order, lo, hi);
            for (int p = lo; p < hi; p++) keys[p] = x[order[p] * d + axis];
            Array.Sort(keys, order, lo, hi - lo);
            // The left half takes whole tiles, so every tile but the last is full.
            int mid = lo + ((hi - lo) / 2 + Size - 1) / Size * Size;
            ranges.Push((mid, hi));
            ranges.Push((lo, mid));
        }

        int count = (n + Size - 1) / Size;
        var centres = new double[count * d];
        var radii = new double[count];
        for (int t = 0; t < count; t++)
        {
            int lo = t * Size, hi = Math.Min(n, lo + Size);
            var centre = centres.AsSpan(t * d, d);
            for (int p = lo; p < hi; p++)
                for (int a = 0; a < d; a++) centre[a] += x[order[p] * d + a];
            for (int a = 0; a < d; a++) centre[a] /= hi - lo;
            double r2 = 0;
            for (int p = lo; p < hi; p++) r2 = Math.Max(r2, Distance2(x.AsSpan(order[p] * d, d), centre));
            radii[t] = Math.Sqrt(r2);
        }
        return new PointTiles(order, count, centres, radii);
    }

    /// <summary>Squared Euclidean distance.</summary>
    public static double Distance2(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double t = a[i] - b[i];
            s += t * t;
        }
        return s;
    }

    private static int WidestAxis(double[] x, int d, int[] order, int lo, int hi)
    {
        int best = 0;
        double widest = -1;
        for (int a = 0; a < d; a++)
        {
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (int p = lo; p < hi; p++)
            {
                double v = x[order[p] * d + a];
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
            if (max - min > widest)
            {
                widest = max - min;
                best = a;
            }
        }
        return best;
    }
}
