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
}
