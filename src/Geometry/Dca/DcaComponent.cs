namespace GmcRL.Geometry.Dca;

/// <summary>
/// One component of the distilled Delaunay graph G_D with its local scores (Poklukar et al., ICLR 2022, definition
/// 3.2): consistency c = 1 - |n_R - n_E| / (n_R + n_E) over its vertices, and quality q = the share of its edges that
/// join an R point to an E point (0 when it has no edges).
/// </summary>
/// <param name="Index">Position in the list: components are ordered by decreasing size.</param>
/// <param name="RIndices">Its R points, as indices into R.</param>
/// <param name="EIndices">Its E points, as indices into E.</param>
/// <param name="Consistency">c(G_i).</param>
/// <param name="Quality">q(G_i).</param>
/// <param name="HeterogeneousEdgeCount">Its edges between an R and an E point.</param>
/// <param name="EdgeCount">Its edges (both ends inside it).</param>
/// <param name="IsFundamental">Whether c and q both exceed their thresholds (eta_c, eta_q): its points count towards
/// precision and recall.</param>
/// <param name="IsOutlier">Whether HDBSCAN left its single point as noise (the reference's trivial components).</param>
public sealed record DcaComponent(
    int Index,
    IReadOnlyList<int> RIndices,
    IReadOnlyList<int> EIndices,
    double Consistency,
    double Quality,
    int HeterogeneousEdgeCount,
    int EdgeCount,
    bool IsFundamental,
    bool IsOutlier)
{
    /// <summary>Number of R points in the component.</summary>
    public int RCount => RIndices.Count;

    /// <summary>Number of E points in the component.</summary>
    public int ECount => EIndices.Count;
}
