using GmcRL.Geometry;
using GmcRL.Geometry.Maps;

namespace GmcRL.Tests.Geometry.Maps;

public class UmapInputTests
{
    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Values_that_are_not_finite_are_named(float bad)
    {
        var (points, _) = SyntheticPoints.Clusters(30, 4, 2, 5, seed: 1);
        points.Data[3 * 4 + 2] = bad;
        var error = Assert.Throws<ArgumentException>(() => Umap.Embed(points));
        Assert.Contains("Point 3, coordinate 2", error.Message);
    }

    [Fact]
    public void Two_points_are_too_few_to_map()
    {
        var error = Assert.Throws<ArgumentException>(() => Umap.Embed(new Points([0, 0, 1, 1], 2)));
        Assert.Contains("at least 3 points", error.Message);
    }

    [Fact]
    public void Fewer_points_than_neighbours_shrink_the_neighbourhood()
    {
        var (points, _) = SyntheticPoints.Clusters(10, 3, 2, 5, seed: 2);
        var map = Umap.Embed(points, new UmapOptions { NNeighbors = 15, NEpochs = 50 });
        Assert.Equal(10, map.Count);
        Assert.All(map.Data, v => Assert.True(float.IsFinite(v)));
    }

    public static TheoryData<UmapOptions, string> BadOptions => new()
    {
        { new UmapOptions { NNeighbors = 1 }, nameof(UmapOptions.NNeighbors) },
        { new UmapOptions { MinDist = 2, Spread = 1 }, nameof(UmapOptions.MinDist) },
        { new UmapOptions { Spread = 0 }, nameof(UmapOptions.Spread) },
        { new UmapOptions { NEpochs = 0 }, nameof(UmapOptions.NEpochs) },
        { new UmapOptions { LearningRate = double.NaN }, nameof(UmapOptions.LearningRate) },
        { new UmapOptions { NegativeSampleRate = -1 }, nameof(UmapOptions.NegativeSampleRate) },
        { new UmapOptions { SetOpMixRatio = 1.5 }, nameof(UmapOptions.SetOpMixRatio) },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Bad_options_are_named(UmapOptions options, string property)
    {
        var (points, _) = SyntheticPoints.Clusters(30, 4, 2, 5, seed: 3);
        var error = Assert.Throws<ArgumentException>(() => Umap.Embed(points, options));
        Assert.Contains($"UmapOptions.{property}", error.Message);
    }

    [Fact]
    public void Sets_of_different_dimensions_cannot_share_a_map()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Umap.EmbedTogether([new Points(new float[12], 3), new Points(new float[12], 4)]));
        Assert.Contains("Point set 1 has dimension 4", error.Message);
    }

    [Fact]
    public void No_sets_make_no_map() =>
        Assert.Throws<ArgumentException>(() => Umap.EmbedTogether([]));
}
