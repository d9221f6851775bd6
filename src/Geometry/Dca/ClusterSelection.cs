namespace GmcRL.Geometry.Dca;

/// <summary>
/// HDBSCAN's flat clustering from a condensed tree, as DCA's reference gets it (hdbscan 0.8.27's get_clusters and
/// do_labelling with the excess-of-mass method, no single cluster, no maximum size): a cluster is kept when its own
/// stability is at least the summed stability of the clusters it splits into; with a selection epsilon, kept leaves
/// born below it give way to the first ancestor born above it. Points outside every kept cluster are noise (-1).
/// </summary>
internal static class ClusterSelection
{
    /// <summary>A label per point: the kept clusters numbered 0.. in tree order, -1 for noise.</summary>
    public static int[] Labels(CondensedTree tree, double epsilon)
    {
        var rows = tree.Rows;
        var children = new List<int>[tree.LastCluster + 1];
        var parentOf = new int[tree.LastCluster + 1];
        var lambdaOf = new double[tree.LastCluster + 1];
        for (int c = 0; c < children.Length; c++) children[c] = [];
        foreach (var row in rows)
            if (row.ChildSize > 1)
            {
                children[row.Parent].Add(row.Child);
                parentOf[row.Child] = row.Parent;
                lambdaOf[row.Child] = row.Lambda;
            }

        // Excess of mass, from the last cluster up (children are numbered after their parents); the root takes no part.
        var stability = tree.Stability();
        var kept = new bool[tree.LastCluster + 1];
        for (int node = tree.LastCluster; node > tree.Root; node--)
        {
            kept[node] = true;
            double sum = 0;
            foreach (int child in children[node]) sum += stability[child];
            // The reference holds this sum in a C float, so it is compared and stored rounded to single precision.
            double subtree = (float)sum;
            if (subtree > stability[node])
            {
                kept[node] = false;
                stability[node] = subtree;
            }
            else
            {
                foreach (int below in Descendants(children, node)) kept[below] = false;
            }
        }

        if (epsilon != 0 && tree.Rows.Any(r => r.ChildSize > 1))
            kept = EpsilonSearch(kept, children, parentOf, lambdaOf, tree.Root, epsilon);

        // Each cluster's label is its nearest kept ancestor-or-self (the root is never kept: noise).
        var number = new int[tree.LastCluster + 1];
        int next = 0;
        for (int c = tree.Root + 1; c <= tree.LastCluster; c++) number[c] = kept[c] ? next++ : -1;
        var label = new int[tree.LastCluster + 1];
        label[tree.Root] = -1;
        foreach (var row in rows)
            if (row.ChildSize > 1) label[row.Child] = kept[row.Child] ? number[row.Child] : label[row.Parent];
        var labels = new int[tree.PointCount];
        foreach (var row in rows)
            if (row.Child < tree.PointCount) labels[row.Child] = label[row.Parent];
        return labels;
    }

    /// <summary>hdbscan's epsilon_search over the kept leaves, in increasing cluster number.</summary>
    private static bool[] EpsilonSearch(bool[] kept, List<int>[] children, int[] parentOf, double[] lambdaOf, int root, double epsilon)
    {
        var selected = new bool[kept.Length];
        var processed = new bool[kept.Length];
        for (int leaf = 0; leaf < kept.Length; leaf++)
        {
            if (!kept[leaf]) continue;
            if (1 / lambdaOf[leaf] < epsilon)
            {
                if (processed[leaf]) continue;
                int chosen = TraverseUpwards(parentOf, lambdaOf, root, leaf, epsilon);
                selected[chosen] = true;
                foreach (int below in Descendants(children, chosen)) processed[below] = true;
            }
            else
            {
                selected[leaf] = true;
            }
        }
        return selected;
    }

    /// <summary>The first ancestor of <paramref name="leaf"/> born above <paramref name="epsilon"/> (born: split off at
    /// distance 1 / lambda), or the child of the root on its path when none is.</summary>
    private static int TraverseUpwards(int[] parentOf, double[] lambdaOf, int root, int leaf, double epsilon)
    {
        while (true)
        {
            int parent = parentOf[leaf];
            if (parent == root) return leaf;
            if (1 / lambdaOf[parent] > epsilon) return parent;
            leaf = parent;
        }
    }

    /// <summary>The clusters below <paramref name="node"/> (not itself).</summary>
    private static IEnumerable<int> Descendants(List<int>[] children, int node)
    {
        var stack = new Stack<int>(children[node]);
        while (stack.Count > 0)
        {
            int c = stack.Pop();
            yield return c;
            foreach (int grandchild in children[c]) stack.Push(grandchild);
        }
    }
}
