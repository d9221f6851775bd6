namespace GmcRL.Geometry.Maps;

/// <summary>
/// All eigenpairs of a small dense symmetric matrix by cyclic Jacobi rotations (Golub &amp; Van Loan, section 8.5):
/// slow beyond a few hundred rows, but short, accurate and deterministic, which is all the spectral layout's
/// Rayleigh-Ritz step and the centroid PCA need.
/// </summary>
internal static class SymmetricEigen
{
    const int MaxSweeps = 100;

    /// <summary>
    /// Eigenvalues in descending order, and the matching unit eigenvectors as the columns of a row-major
    /// <c>m x m</c> matrix. <paramref name="matrix"/> (row-major, symmetric) is left unchanged.
    /// </summary>
    public static (double[] Values, double[] Vectors) Decompose(double[] matrix, int m)
    {
        var a = (double[])matrix.Clone();
        var v = new double[m * m];
        for (int i = 0; i < m; i++) v[i * m + i] = 1;

        for (int sweep = 0; sweep < MaxSweeps; sweep++)
        {
            double off = 0, diagonal = 0;
            for (int p = 0; p < m; p++)
            {
                diagonal += a[p * m + p] * a[p * m + p];
                for (int q = p + 1; q < m; q++) off += a[p * m + q] * a[p * m + q];
            }
            if (off <= 1e-24 * diagonal || off == 0) break;

            for (int p = 0; p < m; p++)
                for (int q = p + 1; q < m; q++)
                {
                    double apq = a[p * m + q];
                    if (apq == 0) continue;
                    // The rotation (c, s) that zeroes a_pq: t = tan(theta), the smaller root of t^2 + 2 tau t - 1 = 0.
                    double tau = (a[q * m + q] - a[p * m + p]) / (2 * apq);
                    double t = Math.Sign(tau == 0 ? 1 : tau) / (Math.Abs(tau) + Math.Sqrt(1 + tau * tau));
                    double c = 1 / Math.Sqrt(1 + t * t), s = t * c;
                    Rotate(a, v, m, p, q, c, s);
                }
        }

        var values = new double[m];
        for (int i = 0; i < m; i++) values[i] = a[i * m + i];
        var order = Enumerable.Range(0, m).OrderByDescending(i => values[i]).ThenBy(i => i).ToArray();
        var sortedValues = new double[m];
        var sortedVectors = new double[m * m];
        for (int c = 0; c < m; c++)
        {
            sortedValues[c] = values[order[c]];
            for (int r = 0; r < m; r++) sortedVectors[r * m + c] = v[r * m + order[c]];
        }
        return (sortedValues, sortedVectors);
    }

    /// <summary>A := J^T A J and V := V J for the rotation J in the (p, q) plane.</summary>
    static void Rotate(double[] a, double[] v, int m, int p, int q, double c, double s)
    {
        for (int k = 0; k < m; k++)
        {
            double akp = a[k * m + p], akq = a[k * m + q];
            a[k * m + p] = c * akp - s * akq;
            a[k * m + q] = s * akp + c * akq;
        }
        for (int k = 0; k < m; k++)
        {
            double apk = a[p * m + k], aqk = a[q * m + k];
            a[p * m + k] = c * apk - s * aqk;
            a[q * m + k] = s * apk + c * aqk;
        }
        for (int k = 0; k < m; k++)
        {
            double vkp = v[k * m + p], vkq = v[k * m + q];
            v[k * m + p] = c * vkp - s * vkq;
            v[k * m + q] = s * vkp + c * vkq;
        }
    }
}
