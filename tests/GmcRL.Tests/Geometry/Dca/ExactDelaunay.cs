namespace GmcRL.Tests.Geometry.Dca;

/// <summary>
/// The exact Delaunay edges of a small point set in general position, by brute force: (i, j) is an edge when some
/// simplex of d + 1 points holding both has a circumsphere with no other point inside. O(n^(d+2)): for tens of
/// points in 2-D or 3-D only.
/// </summary>
internal static class ExactDelaunay
{
    public static HashSet<(int, int)> Edges(double[] x, int n, int d)
    {
        var edges = new HashSet<(int, int)>();
        var simplex = new int[d + 1];
        void Choose(int depth, int from)
        {
            if (depth == d + 1)
            {
                if (IsEmpty(x, n, d, simplex))
                    for (int a = 0; a < simplex.Length; a++)
                        for (int b = a + 1; b < simplex.Length; b++) edges.Add((simplex[a], simplex[b]));
                return;
            }
            for (int i = from; i < n; i++)
            {
                simplex[depth] = i;
                Choose(depth + 1, i + 1);
            }
        }
        Choose(0, 0);
        return edges;
    }

    /// <summary>Whether the circumsphere of the simplex has no other point strictly inside (false when degenerate).</summary>
    private static bool IsEmpty(double[] x, int n, int d, int[] simplex)
    {
        // The centre c solves 2 (p_k - p_0).c = |p_k|^2 - |p_0|^2 for k = 1..d.
        var a = new double[d, d + 1];
        for (int k = 1; k <= d; k++)
            for (int col = 0; col < d; col++)
            {
                double pk = x[simplex[k] * d + col], p0 = x[simplex[0] * d + col];
                a[k - 1, col] = 2 * (pk - p0);
                a[k - 1, d] += pk * pk - p0 * p0;
            }
        var centre = Solve(a, d);
        if (centre is null) return false;
        double r2 = Distance2(x, simplex[0], centre, d);
        for (int i = 0; i < n; i++)
            if (Array.IndexOf(simplex, i) < 0 && Distance2(x, i, centre, d) < r2 * (1 - 1e-9)) return false;
        return true;
    }

    private static double Distance2(double[] x, int i, double[] c, int d)
    {
        double s = 0;
        for (int a = 0; a < d; a++) s += (x[i * d + a] - c[a]) * (x[i * d + a] - c[a]);
        return s;
    }

    /// <summary>Gaussian elimination with partial pivoting on an augmented d x (d + 1) matrix.</summary>
    private static double[]? Solve(double[,] a, int d)
    {
        for (int col = 0; col < d; col++)
        {
            int pivot = col;
            for (int row = col + 1; row < d; row++)
                if (Math.Abs(a[row, col]) > Math.Abs(a[pivot, col])) pivot = row;
            if (Math.Abs(a[pivot, col]) < 1e-12) return null;
            for (int k = 0; k <= d; k++) (a[col, k], a[pivot, k]) = (a[pivot, k], a[col, k]);
            for (int row = 0; row < d; row++)
            {
                if (row == col) continue;
                double f = a[row, col] / a[col, col];
                for (int k = col; k <= d; k++) a[row, k] -= f * a[col, k];
            }
        }
        var c = new double[d];
        for (int row = 0; row < d; row++) c[row] = a[row, d] / a[row, row];
        return c;
    }
}
