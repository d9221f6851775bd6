namespace GmcRL.Geometry.Dca;

/// <summary>
/// Delaunay Component Analysis (Poklukar, Polianskii, Varava, Pokorny and Kragic, "Delaunay Component Analysis for
/// Evaluation of Data Representations", ICLR 2022): how well an evaluated set of representations E covers a
/// reference set R, judged on the Delaunay graph of R and E together. Follows the authors' implementation
/// (petrapoklukar/DCA) step by step, with their defaults.
/// </summary>
public static class Dca
{
    /// <summary>
    /// Runs DCA: (1) approximates the Delaunay graph of R and E by ray casting and filters its edges, (2) distils it
    /// into components with HDBSCAN on its minimum spanning tree, (3) scores each component and the whole. The same
    /// inputs, options and seed give the same result on any number of threads.
    /// </summary>
    /// <param name="r">The reference representations R.</param>
    /// <param name="e">The evaluated representations E, of R's dimension.</param>
    /// <param name="options">Parameters; null takes the reference's defaults.</param>
    /// <param name="seed">Seed of the ray directions.</param>
    /// <exception cref="ArgumentException">A set is empty, the dimensions differ, a coordinate is not finite, or an
    /// option is out of range.</exception>
    /// <exception cref="InvalidOperationException">The sampled graph is not connected (the reference stops there
    /// too): more rays, or a larger sphere coverage, connect it.</exception>
    public static DcaResult Compute(Points r, Points e, DcaOptions? options = null, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(e);
        if (r.Count == 0) throw new ArgumentException("R has no points; DCA needs at least one in each set.", nameof(r));
        if (e.Count == 0) throw new ArgumentException("E has no points; DCA needs at least one in each set.", nameof(e));
        if (r.Dimension != e.Dimension)
            throw new ArgumentException($"R's points have {r.Dimension} coordinates but E's have {e.Dimension}.", nameof(e));
        CheckFinite(r, "R", nameof(r));
        CheckFinite(e, "E", nameof(e));
        options = (options ?? new DcaOptions()).Validated();

        // Phase 1: the approximate Delaunay graph of R and E together (R's points first), filtered.
        var all = new float[r.Data.Length + e.Data.Length];
        r.Data.CopyTo(all, 0);
        e.Data.CopyTo(all, r.Data.Length);
        var graph = DelaunayGraph.Approximate(new Points(all, r.Dimension), options.RayCount, seed, options.MaxDegreeOfParallelism)
            .FilterBySphereCoverage(options.SphereCoverage);
        if (!graph.IsConnected())
            throw new InvalidOperationException(
                $"The approximate Delaunay graph of R and E is not connected ({options.RayCount} rays per point, sphere coverage " +
                $"{options.SphereCoverage}); the reference stops here too. Cast more rays or raise the sphere coverage.");

        // Phase 2: distillation into components, by HDBSCAN on the graph's minimum spanning tree.
        var tree = CondensedTree.Condense(SingleLinkage.Build(graph), graph.PointCount, options.MinClusterSize);
        var labels = ClusterSelection.Labels(tree, options.ClusterSelectionEpsilon);

        // Phase 3: local and global scores.
        return ComponentAnalysis.Analyse(graph, labels, r.Count, options);
    }

    private static void CheckFinite(Points points, string name, string parameter)
    {
        var data = points.Data;
        for (int i = 0; i < data.Length; i++)
            if (!float.IsFinite(data[i]))
                throw new ArgumentException(
                    $"{name}'s point {i / points.Dimension} has a non-finite coordinate ({data[i]}) at position {i % points.Dimension}.", parameter);
    }
}
