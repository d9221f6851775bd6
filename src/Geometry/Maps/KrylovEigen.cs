using System.Numerics;
using System.Runtime.InteropServices;

namespace GmcRL.Geometry.Maps;

/// <summary>
/// The few largest eigenpairs of a large symmetric operator, orthogonal to one known eigenvector, by block Krylov
/// iteration with Rayleigh-Ritz and thick restarts (block Lanczos with full reorthogonalisation, restarted as in Wu
/// &amp; Simon's thick-restart Lanczos; Saad, "Numerical Methods for Large Eigenvalue Problems", chapters 6 and 8).
/// It stands in for the ARPACK eigsh call of umap-learn's spectral_layout, with the same tolerance. A block of
/// starting vectors, not one, so that a repeated eigenvalue (the cosine and sine modes of a ring) yields its whole
/// eigenspace; thick restarts keep memory at a fixed basis size without losing what the basis has learnt, which
/// matters on manifold-like graphs, whose smallest Laplacian eigenvalues crowd together.
/// </summary>
internal static class KrylovEigen
{
    const int BlockSize = 4;
    /// <summary>Basis vectors per cycle: memory is MaxBasis x n doubles, twice (vectors and their images).</summary>
    const int MaxBasis = 160;

    /// <summary>Ritz vectors kept at a restart.</summary>
    const int Kept = 64;

    const int MaxCycles = 100;

    /// <summary>Residual ||A x - theta x|| at which a unit Ritz vector has converged (eigsh's tol in umap).</summary>
    const double Tolerance = 1e-4;

    /// <summary>
    /// The <paramref name="count"/> eigenvectors of largest eigenvalue of <paramref name="apply"/> (y := A x) within
    /// the complement of the unit vector <paramref name="deflated"/>; null if they did not converge.
    /// </summary>
    public static double[][]? Largest(
        Action<double[], double[]> apply, int n, double[] deflated, int count, Xoshiro256 random)
    {
        int space = n - 1;
        if (space < count) return null;
        int block = Math.Min(Math.Max(BlockSize, count), space);
        int maxBasis = Math.Min(MaxBasis, space);
        int keep = Math.Max(count, Math.Min(Kept, maxBasis - block));

        // basis[i] is orthonormal to the deflated vector and basis[0..i); images[i] = A basis[i], null until known.
        var basis = new List<double[]>(maxBasis);
        var images = new List<double[]?>(maxBasis);
        for (int b = 0; b < block; b++) AddDirection(basis, images, deflated, Gaussian(n, random));

        for (int cycle = 0; cycle < MaxCycles; cycle++)
        {
            // Expand: each new image, orthogonalised, is the next basis vector (a block Krylov sequence); once the
            // basis is full, the images left over hold the directions the next cycle continues from.
            var leftOver = new List<double[]>();
            for (int i = 0; i < basis.Count; i++)
            {
                if (images[i] is not null) continue;
                var image = new double[n];
                apply(basis[i], image);
                images[i] = image;
                if (basis.Count == maxBasis)
                {
                    // Only the part outside the current basis is new; the restart keeps just part of that basis.
                    if (Orthonormal(basis, deflated, image) is { } outside) leftOver.Add(outside);
                }
                // On breakdown (the space is invariant) a fresh random direction keeps the basis growing.
                else if (!AddDirection(basis, images, deflated, image))
                    AddDirection(basis, images, deflated, Gaussian(n, random));
            }

            // Rayleigh-Ritz: the eigenpairs of H = Q^T A Q are the best approximations within span(Q).
            int m = basis.Count;
            var h = new double[m * m];
            for (int a = 0; a < m; a++)
                for (int b = a; b < m; b++)
                    h[a * m + b] = h[b * m + a] = Dot(basis[a], images[b]!);
            var (values, vectors) = SymmetricEigen.Decompose(h, m);

            var ritz = new List<double[]>();
            var ritzImages = new List<double[]>();
            bool converged = true;
            for (int j = 0; j < Math.Min(keep, m); j++)
            {
                var x = new double[n];
                var ax = new double[n];
                for (int a = 0; a < m; a++)
                {
                    AddScaled(x, vectors[a * m + j], basis[a]);
                    AddScaled(ax, vectors[a * m + j], images[a]!);
                }
                if (j < count)
                {
                    var residual = (double[])ax.Clone();
                    AddScaled(residual, -values[j], x);
                    converged &= Math.Sqrt(Dot(residual, residual)) <= Tolerance;
                }
                ritz.Add(x);
                ritzImages.Add(ax);
            }
            if (ritz.Count < count) return null;
            // A basis of the whole space makes Rayleigh-Ritz exact.
            if (converged || m == space) return [.. ritz.Take(count)];

            // Thick restart: keep the best Ritz vectors (their images are known) and continue from the left-over
            // directions, so the Krylov space grows on instead of starting again.
            basis = ritz;
            images = [.. ritzImages];
            int added = leftOver.Count(image => AddDirection(basis, images, deflated, image));
            if (added == 0) AddDirection(basis, images, deflated, Gaussian(n, random));
        }
        return null;
    }

    /// <summary>Appends v, made orthonormal to the deflated vector and the basis, its image unknown as yet.</summary>
    static bool AddDirection(List<double[]> basis, List<double[]?> images, double[] deflated, double[] v)
    {
        if (Orthonormal(basis, deflated, v) is not { } direction) return false;
        basis.Add(direction);
        images.Add(null);
        return true;
    }

    /// <summary>v made orthonormal to the deflated vector and the basis (Gram-Schmidt twice); null if inside.</summary>
    static double[]? Orthonormal(List<double[]> basis, double[] deflated, double[] v)
    {
        double original = Math.Sqrt(Dot(v, v));
        if (original == 0) return null;
        var c = (double[])v.Clone();
        for (int pass = 0; pass < 2; pass++)
        {
            AddScaled(c, -Dot(deflated, c), deflated);
            foreach (var q in basis) AddScaled(c, -Dot(q, c), q);
        }
        double norm = Math.Sqrt(Dot(c, c));
        if (norm <= 1e-10 * original) return null;
        for (int i = 0; i < c.Length; i++) c[i] /= norm;
        return c;
    }

    static double[] Gaussian(int n, Xoshiro256 random)
    {
        var v = new double[n];
        for (int i = 0; i < n; i++) v[i] = random.NextGaussian();
        return v;
    }

    /// <summary>x . y, a SIMD vector at a time.</summary>
    static double Dot(double[] x, double[] y)
    {
        var xs = MemoryMarshal.Cast<double, Vector<double>>(x);
        var ys = MemoryMarshal.Cast<double, Vector<double>>(y);
        var acc = Vector<double>.Zero;
        for (int v = 0; v < xs.Length; v++) acc += xs[v] * ys[v];
        double sum = Vector.Sum(acc);
        for (int i = xs.Length * Vector<double>.Count; i < x.Length; i++) sum += x[i] * y[i];
        return sum;
    }

    /// <summary>y := y + alpha x.</summary>
    static void AddScaled(double[] y, double alpha, double[] x)
    {
        var ys = MemoryMarshal.Cast<double, Vector<double>>(y.AsSpan());
        var xs = MemoryMarshal.Cast<double, Vector<double>>(x);
        var a = new Vector<double>(alpha);
        for (int v = 0; v < ys.Length; v++) ys[v] += a * xs[v];
        for (int i = ys.Length * Vector<double>.Count; i < y.Length; i++) y[i] += alpha * x[i];
    }
}
