namespace GmcRL.Geometry.Dca;

/// <summary>
/// What Delaunay Component Analysis finds for a reference set R and an evaluated set E (Poklukar et al., ICLR 2022,
/// definition 3.3): precision P = |F^E| / |E| and recall R = |F^R| / |R| over the points in fundamental components F,
/// network consistency c(G_D) = 1 - ||R| - |E|| / (|R| + |E|), network quality q(G_D) = the share of the distilled
/// graph's edges that join R and E, and the components with their local scores.
/// </summary>
public sealed record DcaResult
{
    /// <summary>|R|.</summary>
    public required int RCount { get; init; }

    /// <summary>|E|.</summary>
    public required int ECount { get; init; }

    /// <summary>P: the share of E points in fundamental components.</summary>
    public required double Precision { get; init; }

    /// <summary>R: the share of R points in fundamental components.</summary>
    public required double Recall { get; init; }

    /// <summary>c(G_D) = 1 - ||R| - |E|| / (|R| + |E|).</summary>
    public required double NetworkConsistency { get; init; }

    /// <summary>q(G_D): R-E edges over all edges of the distilled graph (0 when it has none).</summary>
    public required double NetworkQuality { get; init; }

    /// <summary>3 / (1/P + 1/R + 1/q(G_D)), 0 when any of the three is 0: one number for the three that can be low.</summary>
    public double HarmonicMean => Precision > 0 && Recall > 0 && NetworkQuality > 0
        ? 3 / (1 / Precision + 1 / Recall + 1 / NetworkQuality)
        : 0;

    /// <summary>The components by decreasing size: HDBSCAN's clusters, then one per noise point (outliers).</summary>
    public required IReadOnlyList<DcaComponent> Components { get; init; }

    /// <summary>Index in <see cref="Components"/> of each point, R's first, then E's.</summary>
    public required IReadOnlyList<int> ComponentOfPoint { get; init; }

    /// <summary>Edges of the distilled graph G_D: the approximate Delaunay graph's edges inside components.</summary>
    public required int DistilledEdgeCount { get; init; }

    /// <summary>Edges of the distilled graph between an R and an E point.</summary>
    public required int DistilledHeterogeneousEdgeCount { get; init; }

    /// <summary>The approximate Delaunay graph of R and E together (R's points first), after edge filtering.</summary>
    public required DelaunayGraph Graph { get; init; }

    /// <summary>Number of fundamental components |F|.</summary>
    public int FundamentalComponentCount => Components.Count(c => c.IsFundamental);

    /// <summary>Number of outlier components (single points HDBSCAN left as noise).</summary>
    public int OutlierComponentCount => Components.Count(c => c.IsOutlier);
}
