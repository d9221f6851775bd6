namespace GmcRL.Geometry.Probes;

/// <summary>
/// How much of a known quantity (an environment's true state) a set of feature vectors holds: each target component is
/// predicted from the features of the first samples (the fit) and scored on the rest by R^2 = 1 - SSE / SST, the
/// total about the fit's mean. Two predictors: ridge regression with a bias (what a linear read-out can get) and the mean
/// of the k nearest fitted samples by Euclidean distance (what any smooth read-out can get, such as a controller's
/// network). 1 is a perfect prediction, 0 no better than the mean, below 0 worse. Deterministic: no randomness.
/// </summary>
public static class StateProbe
{
    /// <summary>Neighbours averaged by the non-linear predictor.</summary>
    public const int DefaultNeighbours = 10;

    /// <summary>Probes <paramref name="features"/> (one row per sample) for each column of <paramref name="targets"/>
    /// (row-major, <paramref name="width"/> values a sample), fitting on the first <paramref name="fitCount"/> samples
    /// and scoring on the others.</summary>
    /// <exception cref="ArgumentException">The targets are not one row per sample, or the split leaves fewer than
    /// <paramref name="neighbours"/> fitted samples or no scored one.</exception>
    public static ProbeScores Measure(Points features, ReadOnlySpan<double> targets, int width, int fitCount, int neighbours = DefaultNeighbours)
    {
        ArgumentNullException.ThrowIfNull(features);
        int n = features.Count, d = features.Dimension;
        if (width < 1 || targets.Length != n * width)
            throw new ArgumentException($"StateProbe: {targets.Length} target values are not {width} per each of {n} samples.", nameof(targets));
        if (neighbours < 1) throw new ArgumentOutOfRangeException(nameof(neighbours), neighbours, "must be at least 1");
        if (fitCount < neighbours || fitCount >= n)
            throw new ArgumentException($"StateProbe: fitting on {fitCount} of {n} samples leaves too few to fit ({neighbours} neighbours) or none to score.", nameof(fitCount));

        var solver = RidgeSolver(features, fitCount);
        var nearest = Nearest(features, fitCount, neighbours);
        var linear = new double?[width];
        var local = new double?[width];
        int scored = n - fitCount, p = d + 1;
        var rhs = new double[p];
        for (int c = 0; c < width; c++)
        {
            double mean = 0;
            for (int r = 0; r < fitCount; r++) mean += targets[r * width + c];
            mean /= fitCount;
            double total = 0;
            for (int t = fitCount; t < n; t++) total += Square(targets[t * width + c] - mean);
            // A component that does not vary over the scored samples (a constant, say) has no R^2.
            if (total <= 1e-12 * scored) continue;
            Array.Clear(rhs);
            for (int r = 0; r < fitCount; r++)
            {
                var x = features[r];
                double y = targets[r * width + c];
                for (int a = 0; a < d; a++) rhs[a] += x[a] * y;
                rhs[d] += y;
            }
            var w = solver(rhs);
            double linearError = 0, localError = 0;
            for (int t = fitCount; t < n; t++)
            {
                var x = features[t];
                double guess = w[d];
                for (int a = 0; a < d; a++) guess += w[a] * x[a];
                double average = 0;
                for (int k = 0; k < neighbours; k++) average += targets[nearest[(t - fitCount) * neighbours + k] * width + c];
                average /= neighbours;
                double truth = targets[t * width + c];
                linearError += Square(truth - guess);
                localError += Square(truth - average);
            }
            linear[c] = 1 - linearError / total;
            local[c] = 1 - localError / total;
        }
        return new ProbeScores(linear, local, fitCount, scored, neighbours);
    }

    private static double Square(double x) => x * x;

    // Solves (X'X + lambda I) w = rhs for the fit's rows of [features, 1], by one Cholesky factorisation; lambda is
    // 0.001 per sample per weight, enough to keep the system solvable when features are collinear (unit-norm latents).
    private static Func<double[], double[]> RidgeSolver(Points features, int fitCount)
    {
        int d = features.Dimension, p = d + 1;
        var l = new double[p, p];
        for (int r = 0; r < fitCount; r++)
        {
            var x = features[r];
            for (int a = 0; a < p; a++)
            {
                double xa = a < d ? x[a] : 1;
                for (int b = 0; b <= a; b++) l[a, b] += xa * (b < d ? x[b] : 1);
            }
        }
        double lambda = 1e-3 * fitCount / p;
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

    // For each scored sample (in order), the indices of its k nearest fitted samples, nearest first; ties go to the
    // lower index, so the result does not depend on the thread schedule.
    private static int[] Nearest(Points features, int fitCount, int k)
    {
        int scored = features.Count - fitCount, d = features.Dimension;
        var result = new int[scored * k];
        Parallel.For(0, scored, t =>
        {
            var distances = new double[k];
            var indices = new int[k];
            Array.Fill(distances, double.PositiveInfinity);
            var x = features.Data.AsSpan((fitCount + t) * d, d);
            for (int r = 0; r < fitCount; r++)
            {
                var y = features.Data.AsSpan(r * d, d);
                double distance = 0;
                for (int a = 0; a < d; a++) distance += Square(x[a] - y[a]);
                if (distance >= distances[k - 1]) continue;
                int at = k - 1;
                while (at > 0 && distances[at - 1] > distance)
                {
                    distances[at] = distances[at - 1];
                    indices[at] = indices[at - 1];
                    at--;
                }
                distances[at] = distance;
                indices[at] = r;
            }
            indices.CopyTo(result, t * k);
        });
        return result;
    }
}

/// <summary>What <see cref="StateProbe.Measure"/> found, per target component.</summary>
/// <param name="Linear">R^2 of the ridge regression, or null for a component that did not vary.</param>
/// <param name="Neighbours">R^2 of the nearest-neighbour mean, or null likewise.</param>
/// <param name="Fitted">Samples fitted on.</param>
/// <param name="Scored">Samples scored.</param>
/// <param name="K">Neighbours averaged.</param>
public sealed record ProbeScores(IReadOnlyList<double?> Linear, IReadOnlyList<double?> Neighbours, int Fitted, int Scored, int K)
{
    /// <summary>The mean R^2 of the ridge regression over the components that varied (NaN when none did).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double MeanLinear => Mean(Linear);

    /// <summary>The mean R^2 of the nearest-neighbour mean over the components that varied (NaN when none did).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double MeanNeighbours => Mean(Neighbours);

    private static double Mean(IReadOnlyList<double?> values)
    {
        var present = values.Where(v => v.HasValue).Select(v => v!.Value).ToList();
        return present.Count == 0 ? double.NaN : present.Average();
    }
}
