using GmcRL.Geometry;
using GmcRL.Geometry.Dca;

namespace GmcRL.Tests.Geometry.Dca;

public class DelaunayGraphTests
{
    // Over five random sets each (docs/benchmarks/dca.md), 10^4 rays per point found 100 % of the exact Delaunay edges
    // of 60 points in 2-D and 98.5 % (at least 97.7 %) of 40 points in 3-D, the rest having faces too small for any
    // ray to cross; 10 rays found 84 % and 58 %. No set gave a single edge that is not a Delaunay edge.
    [Theory]
    [InlineData(2, 60, 10_000, 1.0)]
    [InlineData(3, 40, 10_000, 0.95)]
    [InlineData(2, 60, 10, 0.75)]
    [InlineData(3, 40, 10, 0.45)]
    public void Rays_find_the_exact_delaunay_edges_and_nothing_else(int d, int n, int rays, double minimumShare)
    {
        var x = Uniform(n, d, seed: 5);
        var exact = ExactDelaunay.Edges(x.Select(v => (double)v).ToArray(), n, d);
        var graph = DelaunayGraph.Approximate(new Points(x, d), rays, seed: 0);
        var found = graph.Edges.Select(e => (e.Source, e.Target)).ToHashSet();

        Assert.Empty(found.Except(exact));
        double share = (double)found.Count / exact.Count;
        Assert.True(share >= minimumShare, $"{found.Count} of {exact.Count} Delaunay edges found ({share:P1})");
        if (rays < 100) Assert.True(share < 1, "10 rays per point should miss some edges, or this test shows nothing");
    }

    // The tiled, pruned float scan must pick the same neighbour as a plain double-precision scan over every point.
    [Theory]
    [InlineData(6, 300, false)]
    [InlineData(6, 300, true)]
    [InlineData(3, 200, true)]
    public void Ray_caster_agrees_with_a_plain_scan(int d, int n, bool clustered)
    {
        const int rays = 200;
        var x = clustered ? Clustered(n, d, seed: 2) : Uniform(n, d, seed: 2);
        var hits = VoronoiRayCaster.Cast(x, d, rays, seed: 4, new ParallelOptions());
        var u = RayDirections.Sample(rays, d, 4);

        int differences = 0;
        for (int i = 0; i < n; i++)
        {
            var counts = new Dictionary<int, int>();
            for (int k = 0; k < rays; k++)
            {
                int first = FirstCrossing(x, n, d, i, u.AsSpan(k * d, d));
                if (first >= 0) counts[first] = counts.GetValueOrDefault(first) + 1;
            }
            var cast = hits.Neighbours[i].Zip(hits.Counts[i]).ToDictionary(p => p.First, p => p.Second);
            foreach (int j in counts.Keys.Union(cast.Keys))
                differences += Math.Abs(counts.GetValueOrDefault(j) - cast.GetValueOrDefault(j));
        }
        Assert.Equal(0, differences);
    }

    [Fact]
    public void Same_seed_gives_the_same_graph_on_any_number_of_threads_and_another_seed_does_not()
    {
        var points = new Points(Clustered(500, 5, seed: 9), 5);
        var one = DelaunayGraph.Approximate(points, 300, seed: 1, maxDegreeOfParallelism: 1);
        var two = DelaunayGraph.Approximate(points, 300, seed: 1, maxDegreeOfParallelism: 2);
        var other = DelaunayGraph.Approximate(points, 300, seed: 2, maxDegreeOfParallelism: 2);
        Assert.Equal(one.Edges, two.Edges);
        Assert.NotEqual(one.Edges, other.Edges);
    }

    [Fact]
    public void Every_ray_is_counted_once_on_an_edge_or_lost_to_an_unbounded_cell()
    {
        var graph = DelaunayGraph.Approximate(new Points(Uniform(50, 2, seed: 3), 2), 500);
        long counted = graph.Edges.Sum(e => (long)e.Rays);
        Assert.True(counted <= 50L * 500);
        // Hull points lose about half their rays to their unbounded cells; interior points lose none.
        Assert.True(counted > 50L * 500 * 0.7, $"{counted} rays on edges");
        Assert.All(graph.Edges, e => Assert.True(e.Source < e.Target && e.Rays > 0));
    }

    [Fact]
    public void Sphere_coverage_keeps_each_points_shortest_edges()
    {
        var points = new Points(Uniform(80, 2, seed: 8), 2);
        var graph = DelaunayGraph.Approximate(points, 2000);
        Assert.Same(graph, graph.FilterBySphereCoverage(1.0));

        var filtered = graph.FilterBySphereCoverage(0.3);
        Assert.True(filtered.Edges.Count < graph.Edges.Count);
        Assert.Empty(filtered.Edges.Except(graph.Edges));
        for (int v = 0; v < points.Count; v++)
        {
            var shortest = graph.Edges.Where(e => e.Source == v || e.Target == v).MinBy(e => e.Length);
            Assert.Contains(shortest, filtered.Edges);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => graph.FilterBySphereCoverage(0));
    }

    [Fact]
    public void Copies_of_a_point_are_joined_through_their_common_neighbours()
    {
        // Point 3 repeats point 0: they share a Voronoi cell and have no bisector, so neither links to the other.
        var points = new Points([0, 0, 1, 0, 0, 1, 0, 0, 1, 1], 2);
        var graph = DelaunayGraph.Approximate(points, 1000);
        Assert.DoesNotContain(graph.Edges, e => (e.Source, e.Target) == (0, 3));
        Assert.True(graph.IsConnected());
    }

    /// <summary>The plain formula: argmin over j with u.(x_j - x_i) > 0 of |x_j - x_i|^2 / (2 u.(x_j - x_i)).</summary>
    private static int FirstCrossing(float[] x, int n, int d, int i, ReadOnlySpan<double> u)
    {
        int best = -1;
        double bestT = double.PositiveInfinity;
        for (int j = 0; j < n; j++)
        {
            double dot = 0, len2 = 0;
            for (int a = 0; a < d; a++)
            {
                double diff = (double)x[j * d + a] - x[i * d + a];
                dot += u[a] * diff;
                len2 += diff * diff;
            }
            if (dot <= 0 || len2 == 0) continue;
            double t = len2 / (2 * dot);
            if (t < bestT) (best, bestT) = (j, t);
        }
        return best;
    }

    internal static float[] Uniform(int n, int d, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n * d).Select(_ => (float)random.NextDouble()).ToArray();
    }

    internal static float[] Clustered(int n, int d, int seed)
    {
        var random = new Random(seed);
        var centres = Enumerable.Range(0, 4 * d).Select(_ => 6 * random.NextDouble()).ToArray();
        var x = new float[n * d];
        for (int i = 0; i < n; i++)
        {
            int c = random.Next(4);
            for (int a = 0; a < d; a++) x[i * d + a] = (float)(centres[c * d + a] + 0.5 * (random.NextDouble() - 0.5));
        }
        return x;
    }
}
