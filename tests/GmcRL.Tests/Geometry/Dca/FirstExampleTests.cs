using GmcRL.Geometry.Dca;
using DcaAlgorithm = GmcRL.Geometry.Dca.Dca;

namespace GmcRL.Tests.Geometry.Dca;

/// <summary>
/// The authors' first example against what their README reports for it with default parameters: precision 0.95,
/// recall 0.4, network consistency 1.0, network quality 0.2; components (8 R, 19 E, c 0.59, q 0.27, fundamental),
/// (12 R, 0 E) and one outlier E point; 95 edges in the distilled graph, 19 of them between R and E.
/// </summary>
public class FirstExampleTests
{
    private static readonly Lazy<DcaResult> Default = new(() => DcaAlgorithm.Compute(FirstExample.R, FirstExample.E));

    [Fact]
    public void Global_scores_match_the_reference()
    {
        var result = Default.Value;
        Assert.Equal(0.95, result.Precision, 12);
        Assert.Equal(0.4, result.Recall, 12);
        Assert.Equal(1.0, result.NetworkConsistency, 12);
        Assert.Equal(0.2, result.NetworkQuality, 12);
        Assert.Equal(3 / (1 / 0.95 + 1 / 0.4 + 1 / 0.2), result.HarmonicMean, 12);
    }

    [Fact]
    public void Components_match_the_reference()
    {
        var components = Default.Value.Components;
        Assert.Equal(3, components.Count);

        Assert.Equal((8, 19), (components[0].RCount, components[0].ECount));
        Assert.Equal(0.59, Math.Round(components[0].Consistency, 2));
        Assert.Equal(0.27, Math.Round(components[0].Quality, 2));
        Assert.True(components[0].IsFundamental);
        Assert.False(components[0].IsOutlier);

        Assert.Equal((12, 0), (components[1].RCount, components[1].ECount));
        Assert.Equal(0.0, components[1].Consistency);
        Assert.Equal(0.0, components[1].Quality);
        Assert.False(components[1].IsFundamental);
        Assert.False(components[1].IsOutlier);

        Assert.Equal((0, 1), (components[2].RCount, components[2].ECount));
        Assert.False(components[2].IsFundamental);
        Assert.True(components[2].IsOutlier);
        // The outlier is E's first point, far up at (0.26, 7.55).
        Assert.Equal([0], components[2].EIndices);
        Assert.Equal(1, Default.Value.FundamentalComponentCount);
        Assert.Equal(1, Default.Value.OutlierComponentCount);
    }

    [Fact]
    public void Distilled_graph_has_the_reference_edge_counts()
    {
        var result = Default.Value;
        Assert.Equal(95, result.DistilledEdgeCount);
        Assert.Equal(19, result.DistilledHeterogeneousEdgeCount);
        Assert.Equal(result.DistilledEdgeCount, result.Components.Sum(c => c.EdgeCount));
    }

    // The sampled graph depends on the ray directions, but in 2-D 10^4 rays find every Delaunay edge: any seed gives the
    // reference's figures, edge counts included.
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1111)]
    public void Other_seeds_give_the_same_scores_and_edges(int seed)
    {
        var result = DcaAlgorithm.Compute(FirstExample.R, FirstExample.E, seed: seed);
        Assert.Equal((0.95, 0.4, 0.2), (result.Precision, result.Recall, result.NetworkQuality));
        Assert.Equal((95, 19), (result.DistilledEdgeCount, result.DistilledHeterogeneousEdgeCount));
        Assert.Equal([27, 12, 1], result.Components.Select(c => c.RCount + c.ECount));
    }

    [Fact]
    public void Same_seed_gives_the_same_result_on_any_number_of_threads()
    {
        var one = DcaAlgorithm.Compute(FirstExample.R, FirstExample.E, new DcaOptions { MaxDegreeOfParallelism = 1 }, seed: 3);
        var two = DcaAlgorithm.Compute(FirstExample.R, FirstExample.E, new DcaOptions { MaxDegreeOfParallelism = 2 }, seed: 3);
        Assert.Equal(one.Graph.Edges, two.Graph.Edges);
        Assert.Equal(one.ComponentOfPoint, two.ComponentOfPoint);
    }

    [Fact]
    public void Component_of_point_lists_r_points_then_e_points()
    {
        var result = Default.Value;
        Assert.Equal(40, result.ComponentOfPoint.Count);
        foreach (var component in result.Components)
        {
            Assert.All(component.RIndices, i => Assert.Equal(component.Index, result.ComponentOfPoint[i]));
            Assert.All(component.EIndices, i => Assert.Equal(component.Index, result.ComponentOfPoint[20 + i]));
        }
    }
}
