namespace GmcRL.Geometry.Probes;

/// <summary>
/// How much of a known quantity (an environment's true state) a set of feature vectors holds: each target component is
/// predicted from the features, and scored by the out-of-fold R^2 = 1 - SSE / SST over all samples (SST about their
/// mean). The samples are cut into contiguous folds; each fold is predicted by a fit on all the others, so that no
/// sample is predicted from itself, and samples next to each other in time (a dataset's consecutive steps) seldom from
/// their neighbours. Two predictors: ridge regression with a bias (what a linear read-out can get) and the mean of the
/// k nearest fitted samples by Euclidean distance (what any smooth read-out can get, such as a controller's network).
/// 1 is a perfect prediction, 0 no better than the mean, below 0 worse. Deterministic: no randomness.
/// </summary>
public static class StateProbe
{
    /// <summary>Neighbours averaged by the non-linear predictor.</summary>
    public const int DefaultNeighbours = 10;

    /// <summary>Contiguous folds, each predicted from the others.</summary>
    public const int DefaultFolds = 5;

    /// <summary>Probes <paramref name="features"/> (one row per sample, in the order they were collected) for each
    /// column of <paramref name="targets"/> (row-major, <paramref name="width"/> values a sample).</summary>
    /// <exception cref="ArgumentException">The targets are not one row per sample, or a fold's fit would hold fewer
    /// than <paramref name="neighbours"/> samples.</exception>
    public static ProbeScores Measure(Points features, ReadOnlySpan<double> targets, int width, int folds = DefaultFolds, int neighbours = DefaultNeighbours)
    {
        ArgumentNullException.ThrowIfNull(features);
        int n = features.Count, d = features.Dimension;
        if (width < 1 || targets.Length != n * width)
            throw new ArgumentException($"StateProbe: {targets.Length} target values are not {width} per each of {n} samples.", nameof(targets));
        if (neighbours < 1) throw new ArgumentOutOfRangeException(nameof(neighbours), neighbours, "must be at least 1");
        if (folds < 2 || folds > n || n - (n + folds - 1) / folds < neighbours)
            throw new ArgumentException($"StateProbe: {n} samples in {folds} folds leave too few to fit ({neighbours} neighbours) or a fold empty.", nameof(folds));

        var linearError = new double[width];
        var localError = new double[width];
        var rhs = new double[d + 1];
        for (int f = 0; f < folds; f++)
        {
            int from = (int)((long)n * f / folds), to = (int)((long)n * (f + 1) / folds);
            var fit = Enumerable.Range(0, n).Where(i => i < from || i >= to).ToArray();
            var solve = RidgeSolver(features, fit);
            var nearest = Nearest(features, fit, from, to, neighbours);
            for (int c = 0; c < width; c++)
            {
                Array.Clear(rhs);
                foreach (int r in fit)
                {
                    var x = features[r];
                    double y = targets[r * width + c];
                    for (int a = 0; a < d; a++) rhs[a] += x[a] * y;
                    rhs[d] += y;
                }
                var w = solve(rhs);
                for (int t = from; t < to; t++)
                {
                    var x = features[t];
                    double guess = w[d];
                    for (int a = 0; a < d; a++) guess += w[a] * x[a];
                    double average = 0;
                    for (int k = 0; k < neighbours; k++) average += targets[nearest[(t - from) * neighbours + k] * width + c];
                    double truth = targets[t * width + c];
                    linearError[c] += Square(truth - guess);
                    localError[c] += Square(truth - average / neighbours);
                }
            }
        }

        var linear = new double?[width];
        var local = new double?[width];
        for (int c = 0; c < width; c++)
        {
            double mean = 0, total = 0;
            for (int i = 0; i < n; i++) mean += targets[i * width + c];
            mean /= n;
            for (int i = 0; i < n; i++) total += Square(targets[i * width + c] - mean);
            // A component that does not vary (a constant, say) has no R^2.
            if (total <= 1e-12 * n) continue;
            linear[c] = 1 - linearError[c] / total;
            local[c] = 1 - localError[c] / total;
        }
        return new ProbeScores(linear, local, n, folds, neighbours);
    }

    private static double Square(double x) => x * x;

    // Solves (X'X + lambda I) w = rhs for the fitted rows of [features, 1], by one Cholesky factorisation; lambda is
    // 0.001 per sample per weight, enough to keep the system solvable when features are collinear (unit-norm latents).
    private static Func<double[], double[]> RidgeSolver(Points features, int[] fit)
    {
        int d = features.Dimension, p = d + 1;
        var l = new double[p, p];
        foreach (int r in fit)
        {
            var x = features[r];
            for (int a = 0; a < p; a++)
            {
                double xa = a < d ? x[a] : 1;
                for (int b = 0; b <= a; b++) l[a, b] += xa * (b < d ? x[b] : 1);
            }
        }
        double lambda = 1e-3 * fit.Length / p;
        for (int a = 0; a < p; a++) l[a, a] += lambda;
        // In place: the lower triangle becomes the Cholesky factor.
        for (int a = 0; a < p; a++)
            for (int b = 0; b <= a; b++)
            {
                double sum = l[a, b];
                for (int k = 0; k < b; k++) sum -= l[a, k] * l[b, k];
                l[a, b] = a == b ? Math.Sqrt(sum) : sum / l[b, b];
            }
        return rhs =>
        {
            var z = new double[p];
            for (int a = 0; a < p; a++)
            {
                double v = rhs[a];
                for (int k = 0; k < a; k++) v -= l[a, k] * z[k];
                z[a] = v / l[a, a];
            }
            var w = new double[p];
            for (int a = p - 1; a >= 0; a--)
            {
                double v = z[a];
                for (int k = a + 1; k < p; k++) v -= l[k, a] * w[k];
                w[a] = v / l[a, a];
            }
            return w;
        };
    }

    // For each sample from .. to - 1 (in order), the indices of its k nearest fitted samples, nearest first (ties to
    // the earlier fitted sample, so the result does not depend on the thread schedule).
    private static int[] Nearest(Points features, int[] fit, int from, int to, int k)
    {
        var result = new int[(to - from) * k];
        Parallel.For(from, to, () => new float[k], (t, _, squared) =>
        {
            var row = result.AsSpan((t - from) * k, k);
            int filled = 0;
            var x = features[t];
            foreach (int r in fit) NearestList.Offer(row, squared, ref filled, r, NearestList.SquaredDistance(x, features[r]));
            return squared;
        }, _ => { });
        return result;
    }
}
