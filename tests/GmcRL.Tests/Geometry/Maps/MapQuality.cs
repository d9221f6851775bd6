using GmcRL.Geometry;

namespace GmcRL.Tests.Geometry.Maps;

/// <summary>How well a 2-D map keeps the neighbourhoods of the points it maps.</summary>
static class MapQuality
{
    /// <summary>The share of each point's k nearest map neighbours that carry its own label.</summary>
    public static double LabelAgreement(Points map, int[] labels, int k)
    {
        int agreeing = 0;
        for (int i = 0; i < map.Count; i++)
            foreach (int j in Nearest(map, i).Take(k))
                if (labels[j] == labels[i]) agreeing++;
        return (double)agreeing / (map.Count * k);
    }

    /// <summary>
    /// Trustworthiness (Venna &amp; Kaski 2001; scikit-learn's trustworthiness): 1 minus a normalised penalty for
    /// map neighbours that were no neighbours in the data, weighted by how far down the data's ranking they were;
    /// 1 is perfect.
    /// </summary>
    public static double Trustworthiness(Points data, Points map, int k)
    {
        int n = data.Count;
        double penalty = 0;
        var rank = new int[n];
        for (int i = 0; i < n; i++)
        {
            var byData = Nearest(data, i).ToArray();
            for (int r = 0; r < byData.Length; r++) rank[byData[r]] = r + 1;
            foreach (int j in Nearest(map, i).Take(k))
                if (rank[j] > k) penalty += rank[j] - k;
        }
        return 1 - 2.0 / (n * k * (2.0 * n - 3.0 * k - 1.0)) * penalty;
    }

    /// <summary>The largest extent of the map along either axis.</summary>
    public static double Extent(Points map)
    {
        double extent = 0;
        for (int d = 0; d < 2; d++)
        {
            var axis = Enumerable.Range(0, map.Count).Select(i => map[i][d]).ToArray();
            extent = Math.Max(extent, axis.Max() - axis.Min());
        }
        return extent;
    }

    public static double Distance(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        double sum = 0;
        for (int d = 0; d < x.Length; d++) sum += (x[d] - y[d]) * (double)(x[d] - y[d]);
        return Math.Sqrt(sum);
    }

    /// <summary>The other points by ascending distance from point i.</summary>
    static IEnumerable<int> Nearest(Points points, int i) =>
        Enumerable.Range(0, points.Count).Where(j => j != i)
            .OrderBy(j => Distance(points[i], points[j])).ThenBy(j => j);
}
