namespace GmcRL.Geometry.Dca;

/// <summary>
/// What every worker of the ray caster reads: the points centred on their mean, in tile order, and, for the current
/// chunk of rays, the directions and every position's projection on each of them.
/// </summary>
internal sealed class RayGeometry
{
    public RayGeometry(ReadOnlySpan<float> points, int pointCount, int dimension, int chunkRays)
    {
        PointCount = pointCount;
        Dimension = dimension;

        // Centring first: a projection difference G_j - g is then taken between numbers of the data's own spread,
        // which float keeps to about 1e-7 of it, however far the data sit from the origin.
        var mean = new double[dimension];
        for (int i = 0; i < pointCount; i++)
            for (int a = 0; a < dimension; a++) mean[a] += points[i * dimension + a];
        for (int a = 0; a < dimension; a++) mean[a] /= pointCount;
        var centred = new double[pointCount * dimension];
        for (int i = 0; i < centred.Length; i++) centred[i] = points[i] - mean[i % dimension];

        TileSet = PointTiles.Build(centred, pointCount, dimension);
        Tiles = TileSet.Count;
        Positions = Tiles * PointTiles.Size;
        Coordinates = new double[Positions * dimension];
        for (int p = 0; p < pointCount; p++)
            centred.AsSpan(TileSet.Order[p] * dimension, dimension).CopyTo(Coordinates.AsSpan(p * dimension, dimension));
        for (int i = 0; i < pointCount; i++)
            Scale = Math.Max(Scale, Math.Sqrt(Dot(Coordinates.AsSpan(i * dimension, dimension), Coordinates.AsSpan(i * dimension, dimension))));
        RayStride = (chunkRays + RayBlock.Rays - 1) / RayBlock.Rays * RayBlock.Rays;
        Projections = new float[chunkRays * Positions];
        Directions = new float[dimension * RayStride];
    }

    public int PointCount { get; }
    public int Dimension { get; }

    /// <summary>The tiling; its <see cref="PointTiles.Order"/> maps a position to the caller's point index.</summary>
    public PointTiles TileSet { get; }

    public int Tiles { get; }

    /// <summary>Tiles times <see cref="PointTiles.Size"/>: positions from <see cref="PointCount"/> on are padding.</summary>
    public int Positions { get; }

    /// <summary>Centred coordinates by position, row by row (padding rows are zero).</summary>
    public double[] Coordinates { get; }

    /// <summary>The largest distance of a point from the mean: the scale of projection rounding errors.</summary>
    public double Scale { get; }

    /// <summary>Row length of <see cref="Directions"/>: the chunk's rays rounded up to whole ray groups.</summary>
    public int RayStride { get; }

    /// <summary>G[k, p] = u_k . x_p for the chunk's rays k, row by row (padding positions are 0).</summary>
    public float[] Projections { get; }

    /// <summary>The chunk's ray directions by coordinate: u_k[a] at [a * <see cref="RayStride"/> + k].</summary>
    public float[] Directions { get; }

    /// <summary>Fills the projections of rays [<paramref name="first"/>, <paramref name="first"/> + count) of
    /// <paramref name="directions"/>.</summary>
    public void Project(double[] directions, int first, int count, ParallelOptions parallel)
    {
        int d = Dimension;
        Parallel.For(0, count, parallel, k =>
        {
            var u = directions.AsSpan((first + k) * d, d);
            var row = Projections.AsSpan(k * Positions, Positions);
            for (int p = 0; p < PointCount; p++) row[p] = (float)Dot(u, Coordinates.AsSpan(p * d, d));
            for (int a = 0; a < d; a++) Directions[a * RayStride + k] = (float)u[a];
        });
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }
}
