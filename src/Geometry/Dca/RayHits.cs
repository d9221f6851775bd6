namespace GmcRL.Geometry.Dca;

/// <summary>Per point, the Voronoi neighbours its rays entered (ascending point indices) and how many rays entered each.</summary>
internal sealed record RayHits(int[][] Neighbours, int[][] Counts);
