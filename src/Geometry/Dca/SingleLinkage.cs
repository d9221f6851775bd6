namespace GmcRL.Geometry.Dca;

/// <summary>One merge of a single-linkage hierarchy in SciPy's linkage format: clusters <paramref name="Left"/> and
/// <paramref name="Right"/> (points are 0..n-1, the merge in row k is n + k) join at <paramref name="Distance"/> into
/// <paramref name="Size"/> points.</summary>
internal readonly record struct Merge(int Left, int Right, double Distance, int Size);

/// <summary>
/// The single-linkage hierarchy of a connected graph, as DCA's reference builds it for HDBSCAN: the minimum spanning
/// tree of the edge lengths (Kruskal, as networkx's minimum_spanning_tree), its edges by increasing length, merged
/// with a union-find into linkage rows (hdbscan's _hdbscan_linkage.label). Equal lengths keep edge order, where the
/// reference leaves them to numpy's unstable argsort.
/// </summary>
internal static class SingleLinkage
{
    /// <summary>The n - 1 merges of <paramref name="graph"/>, which must be connected.</summary>
    public static Merge[] Build(DelaunayGraph graph)
    {
        int n = graph.PointCount;
        var edges = graph.EdgeSpan;

        // Lengths are non-negative floats, whose bit patterns sort like their values: one long key sorts by length,
        // then by edge index.
        var keys = new long[edges.Length];
        for (int e = 0; e < edges.Length; e++)
            keys[e] = ((long)BitConverter.SingleToInt32Bits(edges[e].Length) << 32) | (uint)e;
        Array.Sort(keys);

        var tree = new DisjointSets(n);
        var parent = new int[Math.Max(1, 2 * n - 1)];
        var size = new int[parent.Length];
        Array.Fill(parent, -1);
        for (int i = 0; i < n; i++) size[i] = 1;
        var merges = new Merge[Math.Max(0, n - 1)];
        int next = n;
        foreach (long key in keys)
        {
            var edge = edges[(int)(key & uint.MaxValue)];
            if (!tree.Union(edge.Source, edge.Target)) continue;
            int left = Root(parent, edge.Source), right = Root(parent, edge.Target);
            merges[next - n] = new Merge(left, right, edge.Length, size[left] + size[right]);
            parent[left] = parent[right] = next;
            size[next] = size[left] + size[right];
            next++;
        }
        if (next != 2 * n - 1 && n > 0) throw new InvalidOperationException("the graph is not connected");
        return merges;
    }

    /// <summary>The newest cluster holding <paramref name="x"/>, compressing the path to it.</summary>
    private static int Root(int[] parent, int x)
    {
        int root = x;
        while (parent[root] != -1) root = parent[root];
        while (parent[x] != -1 && parent[x] != root)
        {
            int up = parent[x];
            parent[x] = root;
            x = up;
        }
        return root;
    }
}
