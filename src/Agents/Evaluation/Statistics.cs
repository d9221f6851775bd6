namespace GmcRL.Agents.Evaluation;

/// <summary>Summary statistics over episodes.</summary>
public static class Statistics
{
    // Student's t quantile at 0.975 for 1..30 degrees of freedom; beyond 30 the normal 1.96 is within 2%.
    private static readonly double[] T975 =
    [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];

    /// <summary>Mean of <paramref name="values"/> (non-empty).</summary>
    public static double Mean(IReadOnlyList<double> values) => values.Sum() / values.Count;

    /// <summary>Sample standard deviation (n - 1 in the denominator); 0 for a single value.</summary>
    public static double StandardDeviation(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return 0;
        double mean = Mean(values);
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    /// <summary>Half-width of the 95% confidence interval of the mean: t(0.975, n-1) * std / sqrt(n); 0 for n &lt; 2.</summary>
    public static double ConfidenceHalfWidth95(IReadOnlyList<double> values)
    {
        return ConfidenceHalfWidth95(StandardDeviation(values), values.Count);
    }

    /// <summary>The same from a sample standard deviation <paramref name="std"/> of <paramref name="n"/> values.</summary>
    public static double ConfidenceHalfWidth95(double std, int n)
    {
        if (n < 2) return 0;
        double t = n - 1 <= T975.Length ? T975[n - 2] : 1.96;
        return t * std / Math.Sqrt(n);
    }

    /// <summary>The mean of the episode-by-episode differences <paramref name="b"/>[i] - <paramref name="a"/>[i] of two
    /// controllers scored on the same episodes, with the half-width of its 95% interval (paired t).</summary>
    public static (double Mean, double Ci95) PairedDifference(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count != b.Count) throw new ArgumentException($"Paired scores need as many episodes on each side ({a.Count} and {b.Count}).", nameof(b));
        if (a.Count == 0) throw new ArgumentException("Paired scores need at least one episode.", nameof(a));
        var d = new double[a.Count];
        for (int i = 0; i < d.Length; i++) d[i] = b[i] - a[i];
        return (Mean(d), ConfidenceHalfWidth95(d));
    }

    /// <summary>Exact two-sided McNemar test: of the episodes on which two controllers disagree, <paramref name="onlyA"/>
    /// were won by the first alone and <paramref name="onlyB"/> by the second alone; the probability, were both equally
    /// good, of a split at least this uneven (twice the smaller binomial tail with p = 1/2, at most 1).</summary>
    public static double McNemarExact(int onlyA, int onlyB)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(onlyA);
        ArgumentOutOfRangeException.ThrowIfNegative(onlyB);
        int n = onlyA + onlyB, k = Math.Min(onlyA, onlyB);
        // Binomial(n, 1/2) probabilities of 0..k in log space: C(n, j+1) = C(n, j) (n - j) / (j + 1).
        double log = -n * Math.Log(2), tail = 0;
        for (int j = 0; j <= k; j++)
        {
            tail += Math.Exp(log);
            log += Math.Log(n - j) - Math.Log(j + 1);
        }
        return Math.Min(1, 2 * tail);
    }
}
