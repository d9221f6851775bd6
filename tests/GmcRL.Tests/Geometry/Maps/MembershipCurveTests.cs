using GmcRL.Geometry.Maps;

namespace GmcRL.Tests.Geometry.Maps;

public class MembershipCurveTests
{
    [Theory]
    // umap-learn's find_ab_params (as uwot's tests record it): a = 1.577, b = 0.895 for the defaults.
    [InlineData(1.0, 0.1, 1.577, 0.895)]
    [InlineData(1.0, 0.001, 1.929, 0.792)]
    public void The_fit_gives_umap_learns_a_and_b(double spread, double minDist, double a, double b)
    {
        var curve = MembershipCurve.Fit(spread, minDist);
        Assert.Equal(a, curve.A, 0.001);
        Assert.Equal(b, curve.B, 0.001);
    }

    [Fact]
    public void The_fitted_curve_follows_its_target()
    {
        var curve = MembershipCurve.Fit(1.0, 0.1);
        Assert.Equal(1.0, curve.At(0), 12);
        foreach (double d in new[] { 0.5, 1.0, 2.0 })
            Assert.Equal(MembershipCurve.Target(d, 1.0, 0.1), curve.At(d), 0.05);
    }

    [Theory]
    [InlineData(0.0, 0.1)]
    [InlineData(1.0, -0.1)]
    [InlineData(1.0, 1.5)]
    public void Impossible_curves_are_refused(double spread, double minDist) =>
        Assert.ThrowsAny<ArgumentException>(() => MembershipCurve.Fit(spread, minDist));
}
