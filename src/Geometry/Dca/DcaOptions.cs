namespace GmcRL.Geometry.Dca;

/// <summary>
/// DCA's parameters, with the defaults of the reference implementation (petrapoklukar/DCA, dca/schemes.py:
/// DelaunayGraphParams, HDBSCANParams, GeomCAParams).
/// </summary>
public sealed record DcaOptions
{
    /// <summary>The reference's default T.</summary>
    public const int DefaultRayCount = 10_000;

    /// <summary>Rays cast from each point to sample the Delaunay graph (T).</summary>
    public int RayCount { get; init; } = DefaultRayCount;

    /// <summary>Sphere coverage B of the edge filter, in (0, 1]; 1 keeps every sampled edge.</summary>
    public double SphereCoverage { get; init; } = 1.0;

    /// <summary>HDBSCAN's smallest cluster; smaller groups split off a cluster are noise (outlier components).</summary>
    public int MinClusterSize { get; init; } = 10;

    /// <summary>HDBSCAN's cluster_selection_epsilon: clusters split below this edge length are merged; 0 turns it off.</summary>
    public double ClusterSelectionEpsilon { get; init; }

    /// <summary>A component is fundamental when its consistency exceeds this threshold (eta_c).</summary>
    public double ComponentConsistencyThreshold { get; init; }

    /// <summary>A component is fundamental when its quality exceeds this threshold (eta_q).</summary>
    public double ComponentQualityThreshold { get; init; }

    /// <summary>Worker threads of the ray caster; null uses every core. The result does not depend on it.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid property.</summary>
    public DcaOptions Validated()
    {
        if (RayCount < 1) Fail(nameof(RayCount), "must be at least 1", RayCount);
        if (!(SphereCoverage > 0 && SphereCoverage <= 1)) Fail(nameof(SphereCoverage), "must lie in (0, 1]", SphereCoverage);
        if (MinClusterSize < 2) Fail(nameof(MinClusterSize), "must be at least 2", MinClusterSize);
        if (!(ClusterSelectionEpsilon >= 0) || !double.IsFinite(ClusterSelectionEpsilon))
            Fail(nameof(ClusterSelectionEpsilon), "must be a finite number >= 0", ClusterSelectionEpsilon);
        if (!(ComponentConsistencyThreshold >= 0 && ComponentConsistencyThreshold <= 1))
            Fail(nameof(ComponentConsistencyThreshold), "must lie in [0, 1]", ComponentConsistencyThreshold);
        if (!(ComponentQualityThreshold >= 0 && ComponentQualityThreshold <= 1))
            Fail(nameof(ComponentQualityThreshold), "must lie in [0, 1]", ComponentQualityThreshold);
        if (MaxDegreeOfParallelism is < 1) Fail(nameof(MaxDegreeOfParallelism), "must be at least 1 (or null for every core)", MaxDegreeOfParallelism);
        return this;
    }

    private static void Fail(string name, string rule, object? value) =>
        throw new ArgumentException($"{nameof(DcaOptions)}.{name} {rule} (got {value}).");
}
