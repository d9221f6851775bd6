namespace GmcRL.Geometry.Dca;

/// <summary>
/// Samples the Delaunay graph by casting rays through Voronoi cells (Polianskii and Pokorny's first-order ray
/// sampling, the builder behind DCA's approximate Delaunay graph), on the CPU. From every point x_i the same T unit
/// directions u are cast; each ray leaves the cell of x_i through the bisector of x_i and x_j that it meets first,
/// at t_j = |x_j - x_i|^2 / (2 u.(x_j - x_i)) over the j with u.(x_j - x_i) > 0, and x_j is then a Voronoi (hence
/// Delaunay) neighbour of x_i. A ray meeting no bisector (an unbounded cell) records nothing.
/// </summary>
/// <remarks>
/// The search is exact in float (as the reference's GPU kernel is): rays are scanned against tiles of compact points (<see cref="BoundaryScan"/>), and a tile is
/// skipped only when a bound proves none of its points can beat the best crossing found so far. Each point's rays
/// depend on nothing but the data and the seed, so the result does not depend on how threads are scheduled.
/// </remarks>
internal static class VoronoiRayCaster
{
    /// <summary>Floats of ray projections held at once (128 MB): rays are cast in chunks beyond it.</summary>
    private const long ChunkFloats = 32L << 20;

    /// <summary>For each point of <paramref name="points"/> (row-major, <paramref name="dimension"/> coordinates), the
    /// neighbours its <paramref name="rays"/> rays entered, ascending, and how many rays entered each.</summary>
    public static RayHits Cast(float[] points, int dimension, int rays, int seed, ParallelOptions parallel)
    {
        int n = points.Length / dimension;
        int chunkRays = (int)Math.Clamp(ChunkFloats / ((n + PointTiles.Size - 1) / PointTiles.Size * PointTiles.Size), 1, rays);
        var geometry = new RayGeometry(points, n, dimension, chunkRays);
        var directions = RayDirections.Sample(rays, dimension, seed);
        var neighbours = new int[]?[n];
        var counts = new int[]?[n];
        int blocks = (n + RayBlock.Points - 1) / RayBlock.Points;

        for (int first = 0; first < rays; first += chunkRays)
        {
            int chunk = Math.Min(chunkRays, rays - first);
            geometry.Project(directions, first, chunk, parallel);
            Parallel.For(0, blocks, parallel, () => new Worker(geometry, chunkRays), (block, _, worker) =>
            {
                int start = block * RayBlock.Points, count = Math.Min(RayBlock.Points, n - start);
                worker.Block.Load(start, count);
                for (int k = 0; k < chunk; k += RayBlock.Rays)
                    worker.Block.Cast(k, Math.Min(RayBlock.Rays, chunk - k), worker.Hits, chunk);
                for (int b = 0; b < count; b++)
                    worker.Merge(worker.Hits.AsSpan(b * chunk, chunk), ref neighbours[start + b], ref counts[start + b]);
                return worker;
            }, _ => { });
        }

        // Back from tile positions to the caller's point indices.
        var order = geometry.TileSet.Order;
        var byPoint = new int[n][];
        var countsByPoint = new int[n][];
        for (int p = 0; p < n; p++)
        {
            var mapped = neighbours[p] ?? [];
            var weights = counts[p] ?? [];
            var keys = new int[mapped.Length];
            for (int q = 0; q < mapped.Length; q++) keys[q] = order[mapped[q]];
            var sortedCounts = (int[])weights.Clone();
            Array.Sort(keys, sortedCounts);
            byPoint[order[p]] = keys;
            countsByPoint[order[p]] = sortedCounts;
        }
        return new RayHits(byPoint, countsByPoint);
    }

    /// <summary>One worker's block state, hit buffer and dense counters for merging.</summary>
    private sealed class Worker(RayGeometry geometry, int chunkRays)
    {
        private readonly int[] tally = new int[geometry.PointCount];
        private readonly List<int> touched = [];

        public RayBlock Block { get; } = new(geometry);
        public int[] Hits { get; } = new int[RayBlock.Points * chunkRays];

        /// <summary>Adds one point's chunk of hits to its neighbours and counts so far (both ascending by position).</summary>
        public void Merge(ReadOnlySpan<int> hits, ref int[]? neighbours, ref int[]? counts)
        {
            touched.Clear();
            if (neighbours is not null && counts is not null)
                for (int q = 0; q < neighbours.Length; q++) Add(neighbours[q], counts[q]);
            foreach (int hit in hits)
                if (hit >= 0) Add(hit, 1);
            touched.Sort();
            neighbours = [.. touched];
            counts = new int[touched.Count];
            for (int q = 0; q < touched.Count; q++)
            {
                counts[q] = tally[touched[q]];
                tally[touched[q]] = 0;
            }
        }

        private void Add(int position, int count)
        {
            if (tally[position] == 0) touched.Add(position);
            tally[position] += count;
        }
    }
}
