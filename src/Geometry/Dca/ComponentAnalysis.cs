namespace GmcRL.Geometry.Dca;

/// <summary>
/// DCA's phase 3 (the reference's _sort_Delaunay_connected_components and analyse_Delaunay_connected_components):
/// HDBSCAN's noise points become single-point components, components are ordered by decreasing size, and each is
/// scored on the subgraph its vertices induce; the global scores follow from those.
/// </summary>
internal static class ComponentAnalysis
{
    public static DcaResult Analyse(DelaunayGraph graph, int[] labels, int rCount, DcaOptions options)
    {
        int n = labels.Length, eCount = n - rCount;

        // Noise points get labels after the clusters', in point order.
        int clusters = labels.Length == 0 ? 0 : labels.Max() + 1;
        int next = clusters;
        var raw = new int[n];
        for (int i = 0; i < n; i++) raw[i] = labels[i] >= 0 ? labels[i] : next++;

        // By decreasing size; equal sizes by decreasing label, as numpy 1.20's argsort (stable below 17 labels),
        // reversed, orders them in the reference.
        var sizes = new int[next];
        foreach (int label in raw) sizes[label]++;
        var bySize = Enumerable.Range(0, next).OrderByDescending(l => sizes[l]).ThenByDescending(l => l).ToArray();
        var rank = new int[next];
        for (int k = 0; k < next; k++) rank[bySize[k]] = k;
        var component = new int[n];
        for (int i = 0; i < n; i++) component[i] = rank[raw[i]];

        var rMembers = new List<int>[next];
        var eMembers = new List<int>[next];
        for (int k = 0; k < next; k++)
        {
            rMembers[k] = [];
            eMembers[k] = [];
        }
        for (int i = 0; i < n; i++)
            if (i < rCount) rMembers[component[i]].Add(i);
            else eMembers[component[i]].Add(i - rCount);

        // Each component's induced subgraph: the edges with both ends inside it.
        var edges = new int[next];
        var heterogeneous = new int[next];
        foreach (var edge in graph.EdgeSpan)
        {
            int k = component[edge.Source];
            if (component[edge.Target] != k) continue;
            edges[k]++;
            if (edge.Source < rCount != edge.Target < rCount) heterogeneous[k]++;
        }

        var components = new DcaComponent[next];
        for (int k = 0; k < next; k++)
        {
            double consistency = Consistency(rMembers[k].Count, eMembers[k].Count);
            double quality = edges[k] != 0 ? (double)heterogeneous[k] / edges[k] : 0;
            components[k] = new DcaComponent(k, rMembers[k], eMembers[k], consistency, quality, heterogeneous[k], edges[k],
                IsFundamental: consistency > options.ComponentConsistencyThreshold && quality > options.ComponentQualityThreshold,
                IsOutlier: bySize[k] >= clusters);
        }

        int fundamentalR = components.Where(c => c.IsFundamental).Sum(c => c.RCount);
        int fundamentalE = components.Where(c => c.IsFundamental).Sum(c => c.ECount);
        int distilled = edges.Sum(), distilledHeterogeneous = heterogeneous.Sum();
        return new DcaResult
        {
            RCount = rCount,
            ECount = eCount,
            Precision = (double)fundamentalE / eCount,
            Recall = (double)fundamentalR / rCount,
            NetworkConsistency = Consistency(rCount, eCount),
            NetworkQuality = distilled != 0 ? (double)distilledHeterogeneous / distilled : 0,
            Components = components,
            ComponentOfPoint = component,
            DistilledEdgeCount = distilled,
            DistilledHeterogeneousEdgeCount = distilledHeterogeneous,
            Graph = graph,
        };
    }

    /// <summary>1 - |a - b| / (a + b): 1 when the two counts are equal, 0 when one is 0.</summary>
    private static double Consistency(int a, int b) => 1 - (double)Math.Abs(a - b) / (a + b);
}
