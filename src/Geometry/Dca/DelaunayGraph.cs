namespace GmcRL.Geometry.Dca;

/// <summary>
/// An approximate Delaunay graph: the Delaunay edges that rays cast through the Voronoi cells found (DCA's phase 1,
/// Poklukar et al., ICLR 2022, section 3.1, on Polianskii and Pokorny's ray sampling). Every edge it holds is a true
/// Delaunay edge (up to float rounding where a ray meets two bisectors at nearly one point); the edges it misses are
/// those between cells whose shared face is too small for any of the T rays per point to cross.
/// </summary>
public sealed class DelaunayGraph
{
    private readonly DelaunayEdge[] edges;

    private DelaunayGraph(int pointCount, int rayCount, DelaunayEdge[] edges)
    {
        PointCount = pointCount;
        RayCount = rayCount;
        this.edges = edges;
    }

    /// <summary>Number of vertices (points).</summary>
    public int PointCount { get; }

    /// <summary>Rays cast from each point (T).</summary>
    public int RayCount { get; }

    /// <summary>The edges, ordered by source then target.</summary>
    public IReadOnlyList<DelaunayEdge> Edges => edges;

    internal ReadOnlySpan<DelaunayEdge> EdgeSpan => edges;

    /// <summary>
    /// Casts <paramref name="rayCount"/> random rays from every point and joins it to each point whose Voronoi cell a
    /// ray enters when it leaves the point's own cell. The same seed gives the same graph.
    /// </summary>
    /// <param name="points">The vertices, in any dimension; no coordinate may be NaN or infinite.</param>
    /// <param name="rayCount">Rays per point (the reference's T, 10^4 by default).</param>
    /// <param name="seed">Seed of the ray directions.</param>
    /// <param name="maxDegreeOfParallelism">Worker threads; null uses every core.</param>
    public static DelaunayGraph Approximate(Points points, int rayCount = DcaOptions.DefaultRayCount, int seed = 0,
        int? maxDegreeOfParallelism = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentOutOfRangeException.ThrowIfLessThan(rayCount, 1);
        if (maxDegreeOfParallelism is int threads) ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1, nameof(maxDegreeOfParallelism));
        for (int i = 0; i < points.Data.Length; i++)
            if (!float.IsFinite(points.Data[i]))
                throw new ArgumentException($"point {i / points.Dimension} has a non-finite coordinate ({points.Data[i]})", nameof(points));
        if (points.Count == 0) return new DelaunayGraph(0, rayCount, []);

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism ?? -1 };
        var hits = VoronoiRayCaster.Cast(points.Data, points.Dimension, rayCount, seed, parallel);
        return new DelaunayGraph(points.Count, rayCount, Join(points, hits));
    }

    /// <summary>
    /// The reference's edge filter with sphere coverage B (section 3.2): each point keeps its shortest edges until the
    /// rays crossing them, each edge's count over 2T, add up to at least B; an edge survives if either end keeps it.
    /// B = 1 keeps every edge.
    /// </summary>
    public DelaunayGraph FilterBySphereCoverage(double coverage)
    {
        if (!(coverage > 0 && coverage <= 1))
            throw new ArgumentOutOfRangeException(nameof(coverage), coverage, "the sphere coverage must lie in (0, 1]");
        if (coverage == 1) return this;

        var incident = new List<int>[PointCount];
        for (int v = 0; v < PointCount; v++) incident[v] = [];
        for (int e = 0; e < edges.Length; e++)
        {
            incident[edges[e].Source].Add(e);
            incident[edges[e].Target].Add(e);
        }
        var kept = new bool[edges.Length];
        foreach (var list in incident)
        {
            // Shortest first; equal lengths in edge order (the reference leaves their order to an unstable sort).
            list.Sort((a, b) => edges[a].Length != edges[b].Length ? edges[a].Length.CompareTo(edges[b].Length) : a.CompareTo(b));
            double covered = 0;
            for (int q = 0; q < list.Count && covered < coverage; q++)
            {
                kept[list[q]] = true;
                covered += edges[list[q]].Rays / (2.0 * RayCount);
            }
        }
        return new DelaunayGraph(PointCount, RayCount, edges.Where((_, e) => kept[e]).ToArray());
    }

    /// <summary>Whether every point is reachable from every other along the edges.</summary>
    public bool IsConnected()
    {
        if (PointCount <= 1) return true;
        var sets = new DisjointSets(PointCount);
        int components = PointCount;
        foreach (var edge in edges)
            if (sets.Union(edge.Source, edge.Target)) components--;
        return components == 1;
    }

    /// <summary>The undirected edges, each with the rays from both ends that crossed it.</summary>
    private static DelaunayEdge[] Join(Points points, RayHits hits)
    {
        int n = points.Count;
        // Who, below index j, was entered from a later point i > j: rays from i alone found those edges.
        var fromAbove = new List<(int Point, int Rays)>[n];
        for (int i = 0; i < n; i++) fromAbove[i] = [];
        for (int i = 0; i < n; i++)
        {
            var neighbours = hits.Neighbours[i];
            for (int q = 0; q < neighbours.Length && neighbours[q] < i; q++)
                fromAbove[neighbours[q]].Add((i, hits.Counts[i][q]));
        }

        var result = new List<DelaunayEdge>();
        for (int s = 0; s < n; s++)
        {
            // Merge the targets s entered with those that entered s (both ascending).
            var own = hits.Neighbours[s];
            var ownRays = hits.Counts[s];
            var above = fromAbove[s];
            int q = Array.BinarySearch(own, s + 1) is var at && at < 0 ? ~at : at, r = 0;
            while (q < own.Length || r < above.Count)
            {
                int t = Math.Min(q < own.Length ? own[q] : int.MaxValue, r < above.Count ? above[r].Point : int.MaxValue);
                int rays = 0;
                if (q < own.Length && own[q] == t) rays += ownRays[q++];
                if (r < above.Count && above[r].Point == t) rays += above[r++].Rays;
                result.Add(new DelaunayEdge(s, t, Length(points[s], points[t]), rays));
            }
        }
        return [.. result];
    }

    private static float Length(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double t = (double)a[i] - b[i];
            s += t * t;
        }
        return (float)Math.Sqrt(s);
    }
}
