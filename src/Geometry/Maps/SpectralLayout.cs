namespace GmcRL.Geometry.Maps;

/// <summary>
/// UMAP's initial 2-D coordinates (umap-learn's spectral_layout and multi_component_layout): the eigenvectors of the
/// normalised graph Laplacian <c>L = I - D^(-1/2) W D^(-1/2)</c> with the 2nd and 3rd smallest eigenvalues, i.e. the
/// Laplacian eigenmap (Belkin &amp; Niyogi 2003). A graph in several pieces gets one such layout per piece, each
/// shrunk around its own anchor point so that the pieces do not overlap.
/// </summary>
internal static class SpectralLayout
{
    /// <summary>Up to this many pieces are anchored at the axes' ends (umap-learn: up to 2 x dimension).</summary>
    const int AxisAnchors = 4;

    /// <summary>Smaller pieces are scattered at random, as in umap-learn: they have too few eigenvectors.</summary>
    const int SmallestEigenmap = 4;

    /// <summary>Row-major <c>Count x 2</c> coordinates, in no particular scale.</summary>
    public static double[] Of(FuzzyGraph graph, Points data, Xoshiro256 random)
    {
        var (components, labels) = graph.Components();
        if (components == 1)
            return Eigenmap(graph, random) ?? Uniform(graph.Count, 10, random);

        double[] anchors = components <= AxisAnchors ? AxisEnds(components) : CentroidMap(data, labels, components);
        var pieces = Enumerable.Range(0, components).Select(_ => new List<int>()).ToArray();
        for (int v = 0; v < graph.Count; v++) pieces[labels[v]].Add(v);
        var coordinates = new double[graph.Count * 2];
        for (int c = 0; c < components; c++)
        {
            var members = pieces[c];
            double radius = HalfGap(anchors, c);
            double[] piece = (members.Count >= SmallestEigenmap ? Eigenmap(graph.Induced(members), random) : null)
                ?? Uniform(members.Count, 1, random);
            double shrink = radius / Math.Max(piece.Max(Math.Abs), double.Epsilon);
            for (int m = 0; m < members.Count; m++)
                for (int d = 0; d < 2; d++)
                    coordinates[members[m] * 2 + d] = anchors[c * 2 + d] + piece[m * 2 + d] * shrink;
        }
        return coordinates;
    }

    /// <summary>Eigenvectors 2 and 3 of a connected graph's normalised Laplacian; null if the solver failed.</summary>
    static double[]? Eigenmap(FuzzyGraph graph, Xoshiro256 random)
    {
        int n = graph.Count;
        var scale = new double[n];
        for (int i = 0; i < n; i++)
        {
            double degree = 0;
            for (int e = graph.RowStart[i]; e < graph.RowStart[i + 1]; e++) degree += graph.Weight[e];
            scale[i] = 1 / Math.Sqrt(degree);
        }

        // The smallest eigenvalues of L are the largest of M = D^(-1/2) W D^(-1/2); M's top eigenvector, D^(1/2) 1
        // (eigenvalue 1, L's trivial 0), is known and deflated.
        var trivial = new double[n];
        double norm = Math.Sqrt(scale.Sum(s => 1 / (s * s)));
        for (int i = 0; i < n; i++) trivial[i] = 1 / scale[i] / norm;

        void Apply(double[] x, double[] y) => Parallel.For(0, n, i =>
        {
            double sum = 0;
            for (int e = graph.RowStart[i]; e < graph.RowStart[i + 1]; e++)
                sum += graph.Weight[e] * scale[graph.Column[e]] * x[graph.Column[e]];
            y[i] = scale[i] * sum;
        });

        var vectors = KrylovEigen.Largest(Apply, n, trivial, 2, random);
        if (vectors is null) return null;
        var coordinates = new double[n * 2];
        for (int i = 0; i < n; i++)
        {
            coordinates[i * 2] = vectors[0][i];
            coordinates[i * 2 + 1] = vectors[1][i];
        }
        return coordinates;
    }

    /// <summary>Anchors at +e1, +e2, -e1, -e2 in that order (umap-learn's meta-embedding for few components).</summary>
    static double[] AxisEnds(int components)
    {
        double[] ends = [1, 0, 0, 1, -1, 0, 0, -1];
        if (components == 2) ends = [1, 0, -1, 0];
        return ends[..(components * 2)];
    }

    /// <summary>
    /// Anchors for many pieces: their data centroids' first two principal components, scaled to unit extent.
    /// umap-learn embeds the centroids spectrally instead; PCA is our simpler stand-in.
    /// </summary>
    static double[] CentroidMap(Points data, int[] labels, int components)
    {
        int dim = data.Dimension;
        var centred = new double[components * dim];
        var sizes = new int[components];
        for (int i = 0; i < data.Count; i++)
        {
            sizes[labels[i]]++;
            for (int d = 0; d < dim; d++) centred[labels[i] * dim + d] += data[i][d];
        }
        var mean = new double[dim];
        for (int c = 0; c < components; c++)
            for (int d = 0; d < dim; d++)
                mean[d] += (centred[c * dim + d] /= sizes[c]) / components;
        for (int c = 0; c < components; c++)
            for (int d = 0; d < dim; d++)
                centred[c * dim + d] -= mean[d];

        // The principal scores of the centred centroids X are X V (V: eigenvectors of X^T X) or, the same numbers
        // from the other side, U sqrt(lambda) (U: eigenvectors of X X^T); decompose whichever matrix is smaller.
        var anchors = new double[components * 2];
        if (dim <= components)
        {
            var (_, axes) = SymmetricEigen.Decompose(Gram(centred, dim, components, byColumn: true), dim);
            for (int c = 0; c < components; c++)
                for (int a = 0; a < Math.Min(2, dim); a++)
                    for (int d = 0; d < dim; d++)
                        anchors[c * 2 + a] += centred[c * dim + d] * axes[d * dim + a];
        }
        else
        {
            var gram = Gram(centred, dim, components, byColumn: false);
            var (values, scores) = SymmetricEigen.Decompose(gram, components);
            for (int c = 0; c < components; c++)
                for (int a = 0; a < 2; a++)
                    anchors[c * 2 + a] = scores[c * components + a] * Math.Sqrt(Math.Max(values[a], 0));
        }
        double extent = anchors.Max(Math.Abs);
        return extent > 0 ? [.. anchors.Select(x => x / extent)] : anchors;
    }

    /// <summary>X^T X (byColumn) or X X^T of the row-major <c>rows x dim</c> matrix X.</summary>
    static double[] Gram(double[] x, int dim, int rows, bool byColumn)
    {
        int size = byColumn ? dim : rows, inner = byColumn ? rows : dim;
        var gram = new double[size * size];
        for (int p = 0; p < size; p++)
            for (int q = p; q < size; q++)
            {
                double sum = 0;
                for (int k = 0; k < inner; k++)
                    sum += byColumn ? x[k * dim + p] * x[k * dim + q] : x[p * dim + k] * x[q * dim + k];
                gram[p * size + q] = gram[q * size + p] = sum;
            }
        return gram;
    }

    /// <summary>Half the distance from anchor c to the nearest other distinct anchor: the room of piece c.</summary>
    static double HalfGap(double[] anchors, int c)
    {
        double nearest = double.PositiveInfinity;
        for (int o = 0; o < anchors.Length / 2; o++)
        {
            double distance = Math.Sqrt(
                Square(anchors[o * 2] - anchors[c * 2]) + Square(anchors[o * 2 + 1] - anchors[c * 2 + 1]));
            if (distance > 0) nearest = Math.Min(nearest, distance);
        }
        return double.IsPositiveInfinity(nearest) ? 1 : nearest / 2;

        static double Square(double x) => x * x;
    }

    /// <summary>Uniform coordinates in [-extent, extent]^2, umap-learn's random initialisation.</summary>
    static double[] Uniform(int count, double extent, Xoshiro256 random)
    {
        var coordinates = new double[count * 2];
        for (int i = 0; i < coordinates.Length; i++) coordinates[i] = (2 * random.NextDouble() - 1) * extent;
        return coordinates;
    }
}
