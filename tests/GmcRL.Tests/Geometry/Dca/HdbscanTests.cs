using GmcRL.Geometry;
using GmcRL.Geometry.Dca;

namespace GmcRL.Tests.Geometry.Dca;

/// <summary>The distillation step on a 1-D chain, where the single-linkage hierarchy is easy to follow by hand.</summary>
public class HdbscanTests
{
    // Two groups of 12 points, 0.1 apart within, 9 apart between, and one point 38.9 further on.
    private static readonly float[] Line =
        [.. Enumerable.Range(0, 12).Select(i => 0.1f * i), .. Enumerable.Range(0, 12).Select(i => 10 + 0.1f * i), 50f];

    private static int[] Labels(int minClusterSize, double epsilon = 0)
    {
        var graph = DelaunayGraph.Approximate(new Points(Line, 1), 50);
        var merges = SingleLinkage.Build(graph);
        return ClusterSelection.Labels(CondensedTree.Condense(merges, graph.PointCount, minClusterSize), epsilon);
    }

    [Fact]
    public void Chain_of_a_line_merges_neighbours_at_their_distance()
    {
        var graph = DelaunayGraph.Approximate(new Points(Line, 1), 50);
        Assert.Equal(Line.Length - 1, graph.Edges.Count);
        var merges = SingleLinkage.Build(graph);
        Assert.Equal(24, merges.Length);
        Assert.Equal(38.9, merges[^1].Distance, 4);
        Assert.Equal(25, merges[^1].Size);
        Assert.Equal(8.9, merges[^2].Distance, 4);
    }

    [Fact]
    public void Two_groups_become_two_clusters_and_the_far_point_is_noise()
    {
        var labels = Labels(minClusterSize: 10);
        Assert.All(labels[..12], l => Assert.Equal(labels[0], l));
        Assert.All(labels[12..24], l => Assert.Equal(labels[12], l));
        Assert.Equal([0, 1], new[] { labels[0], labels[12] }.Order());
        Assert.Equal(-1, labels[24]);
    }

    // Without allow_single_cluster (the reference's setting) HDBSCAN never keeps the root: when no split leaves two
    // parts of the minimum size, every point is noise.
    [Fact]
    public void Groups_below_the_minimum_cluster_size_are_all_noise()
    {
        Assert.All(Labels(minClusterSize: 13), l => Assert.Equal(-1, l));
    }

    // Born at distance 8.9, both groups lie below an epsilon of 20; their parent is the root, so each stays itself.
    [Fact]
    public void Epsilon_does_not_climb_to_the_root()
    {
        var labels = Labels(minClusterSize: 10, epsilon: 20);
        Assert.NotEqual(labels[0], labels[12]);
        Assert.True(labels[0] >= 0 && labels[12] >= 0);
    }

    // Excess of mass below the root: groups A and B (12 points, 0.1 apart) with a gap g between them, and a group C far
    // away. Cluster AB lives from its birth (lambda ~ 0.01) to the split at 1/g; A and B from 1/g until their points
    // fall out at 1/0.1 = 10. With g = 0.11: stability(AB) ~ (9.09 - 0.01) * 24 = 218 beats 2 * (10 - 9.09) * 12 = 22,
    // so AB is one cluster; with g = 1: (1 - 0.01) * 24 = 24 loses to 2 * (10 - 1) * 12 = 216, so A and B are two.
    [Theory]
    [InlineData(0.11, true)]
    [InlineData(1.0, false)]
    public void Excess_of_mass_keeps_a_parent_that_outlives_its_children(double gap, bool oneCluster)
    {
        float[] line =
        [
            .. Enumerable.Range(0, 12).Select(i => 0.1f * i),
            .. Enumerable.Range(0, 12).Select(i => (float)(1.1 + gap) + 0.1f * i),
            .. Enumerable.Range(0, 12).Select(i => 100 + 0.1f * i),
        ];
        var graph = DelaunayGraph.Approximate(new Points(line, 1), 50);
        var labels = ClusterSelection.Labels(CondensedTree.Condense(SingleLinkage.Build(graph), graph.PointCount, 10), 0);
        Assert.Equal(oneCluster, labels[0] == labels[12]);
        Assert.NotEqual(labels[0], labels[24]);
        Assert.DoesNotContain(-1, labels);
    }
}
