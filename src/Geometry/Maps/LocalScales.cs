namespace GmcRL.Geometry.Maps;

/// <summary>
/// Each point's local metric (umap-learn's smooth_knn_dist; McInnes et al. 2018, section 3.1, graph construction):
/// rho, the distance to the nearest neighbour (so that every point is fully connected to at least one other), and
/// sigma, found by binary search so that the k - 1 neighbours' <c>exp(-max(0, d - rho) / sigma)</c> sum to log2 k.
/// </summary>
internal sealed class LocalScales
{
    const int Iterations = 64;
    const double Tolerance = 1e-5;

    /// <summary>Floor of sigma as a share of the mean neighbour distance, so that no kernel collapses to 0.</summary>
    const double MinScale = 1e-3;

    LocalScales(float[] rho, float[] sigma)
    {
        Rho = rho;
        Sigma = sigma;
    }

    public float[] Rho { get; }
    public float[] Sigma { get; }

    public static LocalScales Of(NeighbourTable table, double localConnectivity)
    {
        int n = table.Count, k = table.K;
        double target = Math.Log2(k);
        var rho = new float[n];
        var sigma = new float[n];
        double meanAll = Mean(table.Distance);

        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> row = table.Distance.AsSpan(i * k, k);
            rho[i] = NearestNonZero(row, localConnectivity);

            // Binary search on sigma, doubling while there is no upper bound yet.
            double lo = 0, hi = double.PositiveInfinity, mid = 1;
            for (int iteration = 0; iteration < Iterations; iteration++)
            {
                double sum = 0;
                for (int j = 1; j < k; j++)
                {
                    double d = row[j] - rho[i];
                    sum += d > 0 ? Math.Exp(-d / mid) : 1.0;
                }
                if (Math.Abs(sum - target) < Tolerance) break;
                if (sum > target)
                {
                    hi = mid;
                    mid = (lo + hi) / 2;
                }
                else
                {
                    lo = mid;
                    mid = double.IsPositiveInfinity(hi) ? mid * 2 : (lo + hi) / 2;
                }
            }

            double floor = MinScale * (rho[i] > 0 ? Mean(row) : meanAll);
            sigma[i] = (float)Math.Max(mid, floor);
        }
        return new LocalScales(rho, sigma);
    }

    /// <summary>
    /// The distance to the <paramref name="localConnectivity"/>-th nearest neighbour at a non-zero distance,
    /// interpolated for fractional values; the farthest non-zero one if there are fewer, 0 if all coincide.
    /// </summary>
    static float NearestNonZero(ReadOnlySpan<float> row, double localConnectivity)
    {
        int first = 0;
        while (first < row.Length && row[first] <= 0) first++;
        ReadOnlySpan<float> nonZero = row[first..];
        if (nonZero.Length == 0) return 0;
        if (nonZero.Length < localConnectivity) return nonZero[^1];

        int index = (int)Math.Floor(localConnectivity);
        double fraction = localConnectivity - index;
        if (index == 0) return (float)(fraction * nonZero[0]);
        double rho = nonZero[index - 1];
        if (fraction > Tolerance) rho += fraction * (nonZero[index] - nonZero[index - 1]);
        return (float)rho;
    }

    static double Mean(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float v in values) sum += v;
        return sum / values.Length;
    }
}
