namespace GmcRL.Envs.Wrappers;

/// <summary>
/// Draws which of M modalities to drop so that each is dropped with probability p, optionally never all of them.
/// Without the constraint: independent draws. With it: independent draws at a raised probability q, conditioned on
/// not all being dropped, where q solves E[K | K &lt; M] / M = p for K ~ Binomial(M, q).
/// </summary>
internal sealed class DropSampler
{
    private readonly int _count;
    private readonly double _p;
    private readonly bool _keepOne;
    private readonly double[] _cumulative; // P(K <= k | K < M) for k = 0 .. M-1
    private readonly int[] _order;

    public DropSampler(int count, double p, bool keepOne)
    {
        _count = count;
        _p = p;
        _keepOne = keepOne;
        _order = new int[count];
        _cumulative = keepOne ? Conditioned(count, SolveRaisedProbability(count, p)) : [];
    }

    /// <summary>Sets <paramref name="dropped"/>[m] for each modality.</summary>
    public void Sample(Random rng, Span<bool> dropped)
    {
        if (!_keepOne)
        {
            for (int m = 0; m < _count; m++) dropped[m] = rng.NextDouble() < _p;
            return;
        }
        // Draw how many are dropped, then which: a uniformly random subset of that size (partial Fisher-Yates).
        double u = rng.NextDouble();
        int k = 0;
        while (k < _count - 1 && u >= _cumulative[k]) k++;
        for (int m = 0; m < _count; m++) _order[m] = m;
        dropped.Clear();
        for (int i = 0; i < k; i++)
        {
            int j = i + rng.Next(_count - i);
            (_order[i], _order[j]) = (_order[j], _order[i]);
            dropped[_order[i]] = true;
        }
    }

    // E[K | K < M] / M for K ~ Binomial(M, q).
    private static double ConditionedRate(int m, double q)
    {
        double[] pmf = Binomial(m, q);
        double mass = 0, mean = 0;
        for (int k = 0; k < m; k++) { mass += pmf[k]; mean += k * pmf[k]; }
        return mass > 0 ? mean / mass / m : (m - 1) / (double)m;
    }

    internal static double SolveRaisedProbability(int m, double p)
    {
        double lo = 0, hi = 1;
        for (int i = 0; i < 200; i++)
        {
            double mid = (lo + hi) / 2;
            if (ConditionedRate(m, mid) < p) lo = mid; else hi = mid;
        }
        return (lo + hi) / 2;
    }

    private static double[] Conditioned(int m, double q)
    {
        double[] pmf = Binomial(m, q);
        double mass = pmf.Take(m).Sum();
        var cumulative = new double[m];
        double running = 0;
        for (int k = 0; k < m; k++)
        {
            // At q = 1 every mass below M vanishes: then exactly M-1 are dropped.
            running += mass > 1e-300 ? pmf[k] / mass : (k == m - 1 ? 1 : 0);
            cumulative[k] = running;
        }
        cumulative[m - 1] = 1;
        return cumulative;
    }

    private static double[] Binomial(int m, double q)
    {
        var pmf = new double[m + 1];
        for (int k = 0; k <= m; k++)
        {
            double choose = 1;
            for (int i = 0; i < k; i++) choose = choose * (m - i) / (i + 1);
            pmf[k] = choose * Math.Pow(q, k) * Math.Pow(1 - q, m - k);
        }
        return pmf;
    }
}
