namespace GmcRL.Geometry.Maps;

/// <summary>
/// The k nearest neighbours of every point by Euclidean distance, umap-learn's knn_indices and knn_dists: row i holds
/// the point itself first (distance 0), then its k - 1 nearest others by ascending distance (ties to the lower index).
/// </summary>
internal sealed class NeighbourTable
{
    NeighbourTable(int count, int k, int[] index, float[] distance)
    {
        Count = count;
        K = k;
        Index = index;
        Distance = distance;
    }

    public int Count { get; }

    /// <summary>Neighbours per row, the point itself included.</summary>
    public int K { get; }

    /// <summary>Row-major <c>Count x K</c> neighbour indices.</summary>
    public int[] Index { get; }

    /// <summary>Row-major <c>Count x K</c> distances, ascending within a row.</summary>
    public float[] Distance { get; }

    /// <summary>
    /// Exact neighbours by brute force, O(n^2 d): fine up to some 10,000 points, where umap-learn would switch to
    /// approximate NN-descent. Rows are independent, so the parallel loop gives the same table on every run.
    /// </summary>
    public static NeighbourTable Exact(Points points, int k)
    {
        int n = points.Count;
        if (k < 1 || k > n) throw new ArgumentOutOfRangeException(nameof(k), k, $"k must lie in [1, {n}]");
        var index = new int[n * k];
        var distance = new float[n * k];
        Parallel.For(0, n, i =>
        {
            // The row's own slots serve as the sorted candidate list: slot 0 is the point itself, slots 1.. the others.
            Span<int> rowIndex = index.AsSpan(i * k, k);
            Span<float> rowSquared = distance.AsSpan(i * k, k);
            rowIndex[0] = i;
            rowSquared[0] = 0;
            int filled = 1;
            ReadOnlySpan<float> self = points[i];
            for (int j = 0; j < n; j++)
                if (j != i) NearestList.Offer(rowIndex, rowSquared, ref filled, j, NearestList.SquaredDistance(self, points[j]), fixedSlots: 1);
            for (int s = 0; s < k; s++) rowSquared[s] = MathF.Sqrt(rowSquared[s]);
        });
        return new NeighbourTable(n, k, index, distance);
    }
}
