using GmcRL.Representation.Training;

namespace GmcRL.Tests.Representation;

public class AlignmentMeasureTests
{
    // Latents on the unit circle at angle theta_i: z(m) = z(1:M) exactly, so every query finds itself.
    [Fact]
    public void Identical_latents_give_cosine_1_perfect_retrieval_and_no_angle_error()
    {
        var (latents, angles) = Circle(50, offset: 0);
        var a = AlignmentMeasure.Measure("x", latents, latents, 2, 20, angles, seed: 1);
        Assert.Equal(1.0, a.PositiveCosine, 1e-6);
        Assert.True(a.RandomCosine < 0.5);
        Assert.Equal(1.0, a.Top1);
        Assert.Equal(1.0, a.Top5);
        Assert.Equal(0.0, a.MedianAngleError!.Value, 1e-12);
    }

    // Each query z(m) sits between its own complete latent and the next sample's, slightly nearer the next one:
    // the nearest complete latent is always the neighbour (top-1 0, top-5 1), one step = 2 pi / 100 away in angle.
    [Fact]
    public void A_query_nearer_its_neighbour_misses_top_1_but_not_top_5_and_reports_the_neighbour_angle()
    {
        var (complete, angles) = Circle(100, offset: 0);
        var (single, _) = Circle(100, offset: 0.6);
        var a = AlignmentMeasure.Measure("x", single, complete, 2, 100, angles, seed: 1);
        Assert.Equal(0.0, a.Top1);
        Assert.Equal(1.0, a.Top5);
        Assert.Equal(2 * Math.PI / 100, a.MedianAngleError!.Value, 1e-9);
        Assert.Equal(Math.Cos(0.6 * 2 * Math.PI / 100), a.PositiveCosine, 1e-6);
    }

    [Fact]
    public void Without_angles_no_angle_error_is_reported()
    {
        var (latents, _) = Circle(10, offset: 0);
        Assert.Null(AlignmentMeasure.Measure("x", latents, latents, 2, 10, [], seed: 1).MedianAngleError);
    }

    private static (float[] Latents, double[] Angles) Circle(int n, double offset)
    {
        var angles = Enumerable.Range(0, n).Select(i => 2 * Math.PI * i / n).ToArray();
        var latents = angles.SelectMany(t => new[] { (float)Math.Cos(t + offset * 2 * Math.PI / n), (float)Math.Sin(t + offset * 2 * Math.PI / n) }).ToArray();
        return (latents, angles);
    }
}
