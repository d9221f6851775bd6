namespace GmcRL.Geometry.Dca;

/// <summary>An edge of an approximate Delaunay graph between points <paramref name="Source"/> &lt;
/// <paramref name="Target"/>, with its Euclidean <paramref name="Length"/> (in float, as the reference stores it) and the
/// number of rays, cast from either end, that crossed the bisector between them.</summary>
public readonly record struct DelaunayEdge(int Source, int Target, float Length, int Rays);
