using GmcRL.Geometry;
using GmcRL.Geometry.Maps;
using Xunit.Abstractions;

namespace GmcRL.Tests.Geometry.Maps;

public class UmapTests(ITestOutputHelper output)
{
    [Fact]
    public void A_map_has_one_2d_point_per_input_point()
    {
        var (points, _) = SyntheticPoints.Clusters(120, 6, 3, 8, seed: 1);
        var map = Umap.Embed(points, new UmapOptions { NEpochs = 50 });
        Assert.Equal(2, map.Dimension);
        Assert.Equal(points.Count, map.Count);
        Assert.All(map.Data, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void The_same_seed_gives_the_same_map_and_another_seed_another()
    {
        var points = SyntheticPoints.Circle(200, 10, 0.05, seed: 2);
        var first = Umap.Embed(points, new UmapOptions { Seed = 7 });
        var again = Umap.Embed(points, new UmapOptions { Seed = 7 });
        var other = Umap.Embed(points, new UmapOptions { Seed = 8 });
        Assert.Equal(first.Data, again.Data);
        Assert.NotEqual(first.Data, other.Data);
    }

    [Theory]
    // Each blob its own piece of the kNN graph: 3 pieces are anchored at the axes' ends, 6 at their centroids'
    // principal components, found from the covariance (4-D) or from the centroids' Gram matrix (10-D).
    [InlineData(3, 10)]
    [InlineData(6, 4)]
    [InlineData(6, 10)]
    public void Separated_clusters_stay_separate_groups(int clusters, int dimension)
    {
        var (points, labels) = SyntheticPoints.Clusters(300, dimension, clusters, 10, seed: 3);
        var map = Umap.Embed(points, new UmapOptions { Seed = 1 });
        double agreement = MapQuality.LabelAgreement(map, labels, 10);
        output.WriteLine($"10-NN label agreement in the map: {agreement:F4}");
        Assert.True(agreement > 0.95, $"label agreement {agreement:F4}");
    }

    [Fact]
    public void A_circle_keeps_its_neighbourhoods()
    {
        var points = SyntheticPoints.Circle(300, 10, 0.05, seed: 5);
        var map = Umap.Embed(points, new UmapOptions { Seed = 1 });
        double trust = MapQuality.Trustworthiness(points, map, 10);
        output.WriteLine($"trustworthiness (k = 10): {trust:F4}");
        Assert.True(trust > 0.97, $"trustworthiness {trust:F4}");
    }

    [Fact]
    public void The_spectral_start_already_lays_out_a_circle()
    {
        // One epoch samples no edge, so the map is the initial layout: the Laplacian eigenmap of a ring is a ring. With
        // 2,000 points the smallest eigenvalues crowd together, the hard case for the eigensolver.
        var points = SyntheticPoints.Circle(2000, 10, 0.05, seed: 7);
        var map = Umap.Embed(points, new UmapOptions { NEpochs = 1 });
        double trust = MapQuality.Trustworthiness(points, map, 10);
        output.WriteLine($"trustworthiness of the initial layout (k = 10): {trust:F4}");
        Assert.True(trust > 0.97, $"trustworthiness {trust:F4}");
    }

    [Fact]
    public void Coinciding_points_are_mapped_without_failure()
    {
        var (clusters, _) = SyntheticPoints.Clusters(60, 4, 2, 6, seed: 6);
        var data = clusters.Data.Concat(Enumerable.Repeat(1f, 20 * 4)).ToArray();
        var map = Umap.Embed(new Points(data, 4), new UmapOptions { NEpochs = 50 });
        Assert.All(map.Data, v => Assert.True(float.IsFinite(v)));
    }
}
