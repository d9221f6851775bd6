using GmcRL.Geometry;
using GmcRL.Geometry.Dca;
using DcaAlgorithm = GmcRL.Geometry.Dca.Dca;

namespace GmcRL.Tests.Geometry.Dca;

public class DcaBadInputTests
{
    private static readonly Points Two = new([0, 0, 1, 0, 0, 1, 1, 1], 2);

    [Fact]
    public void Mismatched_dimensions_are_named()
    {
        var e = Assert.Throws<ArgumentException>(() => DcaAlgorithm.Compute(Two, new Points([0, 0, 0], 3)));
        Assert.Contains("2 coordinates", e.Message);
        Assert.Contains("3", e.Message);
    }

    [Fact]
    public void Empty_sets_are_refused()
    {
        Assert.Contains("R has no points", Assert.Throws<ArgumentException>(() => DcaAlgorithm.Compute(new Points([], 2), Two)).Message);
        Assert.Contains("E has no points", Assert.Throws<ArgumentException>(() => DcaAlgorithm.Compute(Two, new Points([], 2))).Message);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Non_finite_coordinates_name_the_set_and_point(float bad)
    {
        var e = Assert.Throws<ArgumentException>(() => DcaAlgorithm.Compute(Two, new Points([0, 0, 1, bad], 2)));
        Assert.Contains("E's point 1", e.Message);
        Assert.Throws<ArgumentException>(() => DelaunayGraph.Approximate(new Points([bad, 0], 2)));
    }

    [Fact]
    public void Null_sets_are_refused()
    {
        Assert.Throws<ArgumentNullException>(() => DcaAlgorithm.Compute(null!, Two));
        Assert.Throws<ArgumentNullException>(() => DcaAlgorithm.Compute(Two, null!));
    }

    public static TheoryData<DcaOptions, string> BadOptions => new()
    {
        { new DcaOptions { RayCount = 0 }, nameof(DcaOptions.RayCount) },
        { new DcaOptions { SphereCoverage = 0 }, nameof(DcaOptions.SphereCoverage) },
        { new DcaOptions { SphereCoverage = 1.5 }, nameof(DcaOptions.SphereCoverage) },
        { new DcaOptions { MinClusterSize = 1 }, nameof(DcaOptions.MinClusterSize) },
        { new DcaOptions { ClusterSelectionEpsilon = -1 }, nameof(DcaOptions.ClusterSelectionEpsilon) },
        { new DcaOptions { ComponentConsistencyThreshold = 2 }, nameof(DcaOptions.ComponentConsistencyThreshold) },
        { new DcaOptions { ComponentQualityThreshold = double.NaN }, nameof(DcaOptions.ComponentQualityThreshold) },
        { new DcaOptions { MaxDegreeOfParallelism = 0 }, nameof(DcaOptions.MaxDegreeOfParallelism) },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Bad_options_name_the_property(DcaOptions options, string property)
    {
        var e = Assert.Throws<ArgumentException>(() => DcaAlgorithm.Compute(Two, Two, options));
        Assert.Contains($"DcaOptions.{property}", e.Message);
    }

    // Two clusters far apart: each point's few shortest edges cover 5 % of its sphere, and no point keeps the long
    // bridge between the clusters. The reference stops on a disconnected graph; so does this.
    [Fact]
    public void A_disconnected_graph_is_reported()
    {
        var r = new Points(DelaunayGraphTests.Clustered(40, 2, seed: 1), 2);
        var far = new Points(DelaunayGraphTests.Clustered(40, 2, seed: 2).Select(v => v + 100).ToArray(), 2);
        var e = Assert.Throws<InvalidOperationException>(() =>
            DcaAlgorithm.Compute(r, far, new DcaOptions { SphereCoverage = 0.05, RayCount = 2000 }));
        Assert.Contains("not connected", e.Message);
    }

    [Fact]
    public void Harmonic_mean_is_zero_when_any_score_is()
    {
        // R and E far apart: no component mixes them, so no component is fundamental.
        var r = new Points(DelaunayGraphTests.Uniform(15, 2, seed: 1), 2);
        var e = new Points(DelaunayGraphTests.Uniform(15, 2, seed: 2).Select(v => v + 50).ToArray(), 2);
        var result = DcaAlgorithm.Compute(r, e, new DcaOptions { RayCount = 1000 });
        Assert.Equal(0, result.Precision);
        Assert.Equal(0, result.Recall);
        Assert.Equal(0, result.HarmonicMean);
        Assert.Equal(1.0, result.NetworkConsistency);
    }
}
