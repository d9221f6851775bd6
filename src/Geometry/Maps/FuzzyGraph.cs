namespace GmcRL.Geometry.Maps;

/// <summary>
/// The 1-skeleton of UMAP's fuzzy simplicial set (umap-learn's fuzzy_simplicial_set): a symmetric weighted graph in
/// compressed rows, each row's columns ascending. Weights are membership strengths in (0, 1].
/// </summary>
internal sealed class FuzzyGraph
{
    FuzzyGraph(int count, int[] rowStart, int[] column, float[] weight)
    {
        Count = count;
        RowStart = rowStart;
        Column = column;
        Weight = weight;
    }

    public int Count { get; }

    /// <summary>Row i's entries are <c>[RowStart[i], RowStart[i + 1])</c> of Column and Weight.</summary>
    public int[] RowStart { get; }
    public int[] Column { get; }
    public float[] Weight { get; }

    /// <summary>
    /// Each point's local fuzzy set <c>w_ij = exp(-max(0, d_ij - rho_i) / sigma_i)</c> over its neighbours
    /// (compute_membership_strengths), then combined into one symmetric set:
    /// <c>mix (w_ij + w_ji - w_ij w_ji) + (1 - mix) w_ij w_ji</c>, the fuzzy union at mix 1 and intersection at 0.
    /// </summary>
    public static FuzzyGraph FromNeighbours(NeighbourTable table, LocalScales scales, double setOpMixRatio)
    {
        FuzzyGraph directed = Directed(table, scales);
        int n = directed.Count;

        // Entry (i, j) is written once: from row i when j is among i's neighbours, else from row j.
        var counts = new int[n];
        for (int i = 0; i < n; i++)
            for (int e = directed.RowStart[i]; e < directed.RowStart[i + 1]; e++)
            {
                counts[i]++;
                if (directed.Find(directed.Column[e], i) == 0) counts[directed.Column[e]]++;
            }

        var rowStart = Starts(counts);
        var fill = (int[])rowStart.Clone();
        var column = new int[rowStart[n]];
        var weight = new float[rowStart[n]];
        for (int i = 0; i < n; i++)
            for (int e = directed.RowStart[i]; e < directed.RowStart[i + 1]; e++)
            {
                int j = directed.Column[e];
                double wij = directed.Weight[e], wji = directed.Find(j, i), product = wij * wji;
                var combined = (float)(setOpMixRatio * (wij + wji - product) + (1 - setOpMixRatio) * product);
                column[fill[i]] = j;
                weight[fill[i]++] = combined;
                if (wji != 0) continue;
                column[fill[j]] = i;
                weight[fill[j]++] = combined;
            }
        return new FuzzyGraph(n, rowStart, column, weight).Sorted().Without(0f);
    }

    /// <summary>The largest weight.</summary>
    public float MaxWeight() => Weight.Length == 0 ? 0 : Weight.Max();

    /// <summary>This graph without its entries weaker than <paramref name="threshold"/> (and without zeros).</summary>
    public FuzzyGraph Without(float threshold)
    {
        var counts = new int[Count];
        for (int i = 0; i < Count; i++)
            for (int e = RowStart[i]; e < RowStart[i + 1]; e++)
                if (Kept(Weight[e])) counts[i]++;
        var rowStart = Starts(counts);
        var column = new int[rowStart[Count]];
        var weight = new float[rowStart[Count]];
        int next = 0;
        for (int e = 0; e < Weight.Length; e++)
            if (Kept(Weight[e]))
            {
                column[next] = Column[e];
                weight[next++] = Weight[e];
            }
        return new FuzzyGraph(Count, rowStart, column, weight);

        bool Kept(float w) => w > 0 && w >= threshold;
    }

    /// <summary>The subgraph on <paramref name="vertices"/> (ascending), renumbered 0.. in their order.</summary>
    public FuzzyGraph Induced(IReadOnlyList<int> vertices)
    {
        var local = new Dictionary<int, int>(vertices.Count);
        for (int v = 0; v < vertices.Count; v++) local[vertices[v]] = v;
        var counts = new int[vertices.Count];
        var column = new List<int>();
        var weight = new List<float>();
        for (int v = 0; v < vertices.Count; v++)
            for (int e = RowStart[vertices[v]]; e < RowStart[vertices[v] + 1]; e++)
                if (local.TryGetValue(Column[e], out int c))
                {
                    counts[v]++;
                    column.Add(c);
                    weight.Add(Weight[e]);
                }
        return new FuzzyGraph(vertices.Count, Starts(counts), [.. column], [.. weight]);
    }

    /// <summary>Connected components: each vertex's label, components numbered by their lowest vertex.</summary>
    public (int Components, int[] Labels) Components()
    {
        var labels = new int[Count];
        Array.Fill(labels, -1);
        var stack = new Stack<int>();
        int components = 0;
        for (int start = 0; start < Count; start++)
        {
            if (labels[start] >= 0) continue;
            labels[start] = components;
            stack.Push(start);
            while (stack.TryPop(out int v))
                for (int e = RowStart[v]; e < RowStart[v + 1]; e++)
                    if (labels[Column[e]] < 0)
                    {
                        labels[Column[e]] = components;
                        stack.Push(Column[e]);
                    }
            components++;
        }
        return (components, labels);
    }

    /// <summary>The weight of entry (i, j), 0 if absent (binary search in row i).</summary>
    double Find(int i, int j)
    {
        int e = Array.BinarySearch(Column, RowStart[i], RowStart[i + 1] - RowStart[i], j);
        return e >= 0 ? Weight[e] : 0;
    }

    static FuzzyGraph Directed(NeighbourTable table, LocalScales scales)
    {
        int n = table.Count, k = table.K;
        var counts = new int[n];
        var column = new int[n * (k - 1)];
        var weight = new float[n * (k - 1)];
        int next = 0;
        for (int i = 0; i < n; i++)
            for (int s = 0; s < k; s++)
            {
                int j = table.Index[i * k + s];
                if (j == i) continue;
                double excess = table.Distance[i * k + s] - scales.Rho[i];
                float w = excess <= 0 || scales.Sigma[i] == 0 ? 1f : (float)Math.Exp(-excess / scales.Sigma[i]);
                if (w == 0) continue; // absent and zero are the same to the union below
                column[next] = j;
                weight[next++] = w;
                counts[i]++;
            }
        Array.Resize(ref column, next);
        Array.Resize(ref weight, next);
        return new FuzzyGraph(n, Starts(counts), column, weight).Sorted();
    }

    /// <summary>This graph with every row's entries sorted by column, in place.</summary>
    FuzzyGraph Sorted()
    {
        for (int i = 0; i < Count; i++)
            Array.Sort(Column, Weight, RowStart[i], RowStart[i + 1] - RowStart[i]);
        return this;
    }

    static int[] Starts(int[] counts)
    {
        var starts = new int[counts.Length + 1];
        for (int i = 0; i < counts.Length; i++) starts[i + 1] = starts[i] + counts[i];
        return starts;
    }
}
