namespace GmcRL.Geometry.Dca;

/// <summary>A row of HDBSCAN's condensed tree: <paramref name="Child"/> (a point below the point count, else a
/// cluster) leaves cluster <paramref name="Parent"/> at <paramref name="Lambda"/> = 1 / distance, with
/// <paramref name="ChildSize"/> points.</summary>
internal readonly record struct CondensedRow(int Parent, int Child, double Lambda, int ChildSize);

/// <summary>
/// HDBSCAN's condensed cluster tree (Campello et al. 2013; McInnes et al.'s hdbscan 0.8.27, _hdbscan_tree.condense_tree
/// and compute_stability, which DCA's reference calls): the single-linkage hierarchy walked from the top, where a
/// split into two parts of at least the minimum cluster size makes two new clusters and any smaller part's points
/// fall out of the cluster. Clusters are numbered from the point count up, the root first, children after parents.
/// </summary>
internal sealed class CondensedTree
{
    private CondensedTree(int pointCount, CondensedRow[] rows)
    {
        PointCount = pointCount;
        Rows = rows;
        Root = pointCount;
        LastCluster = rows.Length == 0 ? Root : rows.Max(r => r.Parent);
    }

    public int PointCount { get; }

    /// <summary>The rows in the order the reference emits them (breadth first from the root).</summary>
    public CondensedRow[] Rows { get; }

    /// <summary>The root cluster (all points), numbered as the point count.</summary>
    public int Root { get; }

    /// <summary>The highest cluster number.</summary>
    public int LastCluster { get; }

    /// <summary>Condenses the n - 1 <paramref name="merges"/> of <paramref name="pointCount"/> points.</summary>
    public static CondensedTree Condense(Merge[] merges, int pointCount, int minClusterSize)
    {
        int n = pointCount, top = 2 * (n - 1);
        var relabel = new int[top + 1];
        var ignore = new bool[top + 1];
        relabel[top] = n;
        int nextLabel = n + 1;
        var rows = new List<CondensedRow>();

        foreach (int node in BreadthFirst(merges, n, top))
        {
            if (ignore[node] || node < n) continue;
            var merge = merges[node - n];
            double lambda = merge.Distance > 0 ? 1 / merge.Distance : double.PositiveInfinity;
            int leftCount = merge.Left >= n ? merges[merge.Left - n].Size : 1;
            int rightCount = merge.Right >= n ? merges[merge.Right - n].Size : 1;
            bool leftBig = leftCount >= minClusterSize, rightBig = rightCount >= minClusterSize;

            if (leftBig && rightBig)
            {
                // A true split: both halves become clusters of their own.
                relabel[merge.Left] = nextLabel++;
                rows.Add(new CondensedRow(relabel[node], relabel[merge.Left], lambda, leftCount));
                relabel[merge.Right] = nextLabel++;
                rows.Add(new CondensedRow(relabel[node], relabel[merge.Right], lambda, rightCount));
                continue;
            }
            // Otherwise the small sides' points fall out here and a big side carries the cluster on.
            if (!leftBig) FallOut(merges, n, merge.Left, relabel[node], lambda, rows, ignore);
            else relabel[merge.Left] = relabel[node];
            if (!rightBig) FallOut(merges, n, merge.Right, relabel[node], lambda, rows, ignore);
            else relabel[merge.Right] = relabel[node];
        }
        return new CondensedTree(n, [.. rows]);
    }

    /// <summary>
    /// Each cluster's stability: the sum over its rows of (lambda - the cluster's birth lambda) * child size, the
    /// root being born at 0. Indexed by cluster number (entries below <see cref="Root"/> are unused).
    /// </summary>
    public double[] Stability()
    {
        var birth = new double[LastCluster + 1];
        foreach (var row in Rows)
            if (row.Child >= PointCount) birth[row.Child] = row.Lambda;
        var stability = new double[LastCluster + 1];
        foreach (var row in Rows) stability[row.Parent] += (row.Lambda - birth[row.Parent]) * row.ChildSize;
        return stability;
    }

    /// <summary>Nodes of the hierarchy below <paramref name="root"/>, level by level, each level's children in order
    /// (left, right), as hdbscan's bfs_from_hierarchy lists them.</summary>
    private static List<int> BreadthFirst(Merge[] merges, int n, int root)
    {
        var result = new List<int>();
        var level = new List<int> { root };
        while (level.Count > 0)
        {
            result.AddRange(level);
            var next = new List<int>();
            foreach (int x in level)
                if (x >= n)
                {
                    next.Add(merges[x - n].Left);
                    next.Add(merges[x - n].Right);
                }
            level = next;
        }
        return result;
    }

    private static void FallOut(Merge[] merges, int n, int side, int parent, double lambda, List<CondensedRow> rows, bool[] ignore)
    {
        foreach (int sub in BreadthFirst(merges, n, side))
        {
            if (sub < n) rows.Add(new CondensedRow(parent, sub, lambda, 1));
            ignore[sub] = true;
        }
    }
}
