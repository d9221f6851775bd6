namespace GmcRL.Geometry.Maps;

/// <summary>
/// UMAP's membership strength of two map points at distance d, <c>1 / (1 + A d^(2B))</c> (McInnes, Healy &amp;
/// Melville 2018, arXiv 1802.03426, section 3.2, graph layout): the smooth curve whose gradient the layout follows.
/// <see cref="Fit"/> picks A and B as umap-learn's find_ab_params does, by least squares against the curve the user
/// asks for: 1 up to MinDist, then <c>exp(-(d - MinDist) / Spread)</c>.
/// </summary>
public readonly record struct MembershipCurve(double A, double B)
{
    /// <summary>Points of the least-squares fit on [0, 3 Spread], as umap-learn samples them.</summary>
    const int SampleCount = 300;

    /// <summary>The membership strength at map distance <paramref name="distance"/>.</summary>
    public double At(double distance) => 1.0 / (1.0 + A * Math.Pow(distance, 2 * B));

    /// <summary>The target curve: full membership up to <paramref name="minDist"/>, then exponential decay.</summary>
    public static double Target(double distance, double spread, double minDist) =>
        distance < minDist ? 1.0 : Math.Exp(-(distance - minDist) / spread);

    /// <summary>
    /// Fits A and B by Levenberg-Marquardt from (1, 1), as scipy's curve_fit does for umap-learn; for the defaults
    /// (spread 1, min_dist 0.1) that gives A = 1.577, B = 0.895.
    /// </summary>
    public static MembershipCurve Fit(double spread, double minDist)
    {
        if (!(spread > 0) || !double.IsFinite(spread))
            throw new ArgumentOutOfRangeException(nameof(spread), spread, "the spread must be positive and finite");
        if (!(minDist >= 0) || minDist > spread)
            throw new ArgumentOutOfRangeException(nameof(minDist), minDist, $"min_dist must lie in [0, {spread}]");

        var x = new double[SampleCount];
        var y = new double[SampleCount];
        for (int i = 0; i < SampleCount; i++)
        {
            x[i] = 3 * spread * i / (SampleCount - 1);
            y[i] = Target(x[i], spread, minDist);
        }

        double a = 1, b = 1, lambda = 1e-3;
        double cost = Cost(x, y, a, b);
        for (int iteration = 0; iteration < 500; iteration++)
        {
            // Normal equations of the linearised residuals r = f(x; a, b) - y, damped by lambda (Marquardt's scaling).
            double jaa = 0, jab = 0, jbb = 0, ga = 0, gb = 0;
            for (int i = 0; i < SampleCount; i++)
            {
                double p = Math.Pow(x[i], 2 * b), denominator = 1 + a * p, f = 1 / denominator;
                double dfda = -p * f * f;
                double dfdb = x[i] > 0 ? -a * p * 2 * Math.Log(x[i]) * f * f : 0;
                double r = f - y[i];
                jaa += dfda * dfda; jab += dfda * dfdb; jbb += dfdb * dfdb;
                ga += dfda * r; gb += dfdb * r;
            }

            double maa = jaa * (1 + lambda), mbb = jbb * (1 + lambda), det = maa * mbb - jab * jab;
            double stepA = -(mbb * ga - jab * gb) / det, stepB = -(maa * gb - jab * ga) / det;
            double newCost = Cost(x, y, a + stepA, b + stepB);
            if (double.IsFinite(newCost) && newCost < cost)
            {
                bool settled = cost - newCost <= 1e-15 * cost && Math.Abs(stepA) + Math.Abs(stepB) < 1e-12;
                (a, b, cost) = (a + stepA, b + stepB, newCost);
                lambda = Math.Max(lambda / 10, 1e-12);
                if (settled) break;
            }
            else if ((lambda *= 10) > 1e12)
                break;
        }
        return new MembershipCurve(a, b);
    }

    static double Cost(double[] x, double[] y, double a, double b)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double r = 1 / (1 + a * Math.Pow(x[i], 2 * b)) - y[i];
            sum += r * r;
        }
        return sum;
    }
}
