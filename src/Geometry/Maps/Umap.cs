namespace GmcRL.Geometry.Maps;

/// <summary>
/// Uniform Manifold Approximation and Projection to two dimensions (McInnes, Healy &amp; Melville 2018,
/// arXiv 1802.03426), following umap-learn with the Euclidean metric: exact nearest neighbours, each point's local
/// fuzzy set, their fuzzy union, a spectral initial layout, then SGD on the fuzzy cross-entropy. Deterministic: the
/// same points and options give the same map, bit for bit, on one machine.
/// </summary>
public static class Umap
{
    /// <summary>umap-learn's epoch defaults: more epochs for small data sets.</summary>
    const int SmallDataEpochs = 500, LargeDataEpochs = 200, LargeData = 10_000;

    /// <summary>The initial layout is stretched onto [0, MapExtent]^2 before SGD, as umap-learn does.</summary>
    const double MapExtent = 10;

    /// <summary>Deviation of the noise umap-learn adds to the initial layout, to break ties and symmetries.</summary>
    const double InitialNoise = 1e-4;

    /// <summary>
    /// A 2-D map of <paramref name="data"/>: one point per input point, in the input's order. Needs at least three
    /// points; with fewer than <see cref="UmapOptions.NNeighbors"/> + 1 the neighbourhood shrinks to all the other
    /// points, as in umap-learn.
    /// </summary>
    public static Points Embed(Points data, UmapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        options = (options ?? new UmapOptions()).Validated();
        CheckFinite(data, "Point");
        int n = data.Count;
        if (n < 3) throw new ArgumentException($"UMAP needs at least 3 points to map (got {n}).", nameof(data));

        int k = Math.Min(options.NNeighbors, n - 1);
        int defaultEpochs = n <= LargeData ? SmallDataEpochs : LargeDataEpochs;
        int epochs = options.NEpochs ?? defaultEpochs;
        var curve = MembershipCurve.Fit(options.Spread, options.MinDist);
        var random = new Xoshiro256(options.Seed);

        // The graph: neighbours, local metrics, fuzzy union.
        var neighbours = NeighbourTable.Exact(data, k);
        var scales = LocalScales.Of(neighbours, options.LocalConnectivity);
        var graph = FuzzyGraph.FromNeighbours(neighbours, scales, options.SetOpMixRatio);

        // Edges that would be sampled less than once in the whole run are dropped, before the layout sees them.
        graph = graph.Without(graph.MaxWeight() / (epochs > 10 ? epochs : defaultEpochs));

        // Initial layout: spectral, scaled to extent 10 with a little noise, then stretched onto [0, 10]^2.
        double[] initial = SpectralLayout.Of(graph, data, random);
        double expansion = MapExtent / Math.Max(initial.Max(Math.Abs), double.Epsilon);
        for (int i = 0; i < initial.Length; i++)
            initial[i] = initial[i] * expansion + InitialNoise * random.NextGaussian();
        float[] embedding = StretchedOntoMap(initial);

        CrossEntropyLayout.Optimise(embedding, graph, curve, epochs, options, random);
        return new Points(embedding, 2);
    }

    /// <summary>
    /// One shared map of several point sets, one 2-D <see cref="Points"/> per set in the given order. The sets are
    /// mapped as their union, so that positions are comparable across sets: whether a modality's latents z(m) land
    /// where the complete latents z(1:M) do shows only in a common map (separate fits have unrelated positions and
    /// orientations). The GMC authors draw their latent maps this way: plot_DCA_components_with_UMAP in
    /// miguelsvasco/gmc fits one umap.UMAP on the joint representations stacked on one modality's. Pass that pair to
    /// draw their figure, or all the sets for a single map.
    /// </summary>
    public static IReadOnlyList<Points> EmbedTogether(IReadOnlyList<Points> sets, UmapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sets);
        if (sets.Count == 0) throw new ArgumentException("There are no point sets to map.", nameof(sets));
        for (int s = 0; s < sets.Count; s++)
        {
            if (sets[s] is null) throw new ArgumentException($"Point set {s} is null.", nameof(sets));
            if (sets[s].Dimension != sets[0].Dimension)
                throw new ArgumentException(
                    $"Point set {s} has dimension {sets[s].Dimension}, set 0 has {sets[0].Dimension}: "
                    + "a shared map needs one space.", nameof(sets));
            CheckFinite(sets[s], $"Point set {s}, point");
        }

        var union = new float[sets.Sum(set => set.Data.Length)];
        int offset = 0;
        foreach (var set in sets)
        {
            set.Data.CopyTo(union, offset);
            offset += set.Data.Length;
        }
        Points map = Embed(new Points(union, sets[0].Dimension), options);

        var maps = new Points[sets.Count];
        int first = 0;
        for (int s = 0; s < sets.Count; s++)
        {
            maps[s] = new Points(map.Data[(first * 2)..((first + sets[s].Count) * 2)], 2);
            first += sets[s].Count;
        }
        return maps;
    }

    /// <summary>Throws naming the first coordinate that is NaN or infinite, as "{point} i, coordinate d".</summary>
    static void CheckFinite(Points data, string point)
    {
        int index = Array.FindIndex(data.Data, v => !float.IsFinite(v));
        if (index >= 0)
            throw new ArgumentException(
                $"{point} {index / data.Dimension}, coordinate {index % data.Dimension} is {data.Data[index]}: "
                + "UMAP needs finite values.", nameof(data));
    }

    /// <summary>Each axis stretched linearly onto [0, 10], as umap-learn does before optimising.</summary>
    static float[] StretchedOntoMap(double[] coordinates)
    {
        var result = new float[coordinates.Length];
        for (int d = 0; d < 2; d++)
        {
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (int i = d; i < coordinates.Length; i += 2)
            {
                min = Math.Min(min, coordinates[i]);
                max = Math.Max(max, coordinates[i]);
            }
            double range = max > min ? max - min : 1;
            for (int i = d; i < coordinates.Length; i += 2)
                result[i] = (float)(MapExtent * (coordinates[i] - min) / range);
        }
        return result;
    }
}
