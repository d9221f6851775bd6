using GmcRL.Geometry;
using GmcRL.Geometry.Probes;

namespace GmcRL.Tests.Geometry.Probes;

public class StateProbeTests
{
    [Fact]
    public void A_hand_computed_case()
    {
        // Fitted on x = 0..3 with y = 2x, scored at x = 10 (y = 20): the line extrapolates (R^2 near 1, as the ridge
        // term is tiny), while the nearest fitted point, x = 3, says 6: R^2 = 1 - (20 - 6)^2 / (20 - 3)^2, where 3 is
        // the mean of the fitted y.
        var scores = StateProbe.Measure(new Points([0, 1, 2, 3, 10], 1), [0, 2, 4, 6, 20], width: 1, fitCount: 4, neighbours: 1);
        Assert.Equal((4, 1, 1), (scores.Fitted, scores.Scored, scores.K));
        Assert.InRange(scores.Linear[0]!.Value, 0.999, 1.0);
        Assert.Equal(1 - 196.0 / 289.0, scores.Neighbours[0]!.Value, 12);
    }

    [Fact]
    public void A_linear_target_is_found_by_both_a_smooth_one_by_the_neighbours_and_noise_by_neither()
    {
        var rng = new Random(3);
        const int n = 1_000;
        var x = new float[n * 2];
        var y = new double[n * 4];
        for (int i = 0; i < n; i++)
        {
            float a = (float)(rng.NextDouble() * 2 - 1), b = (float)(rng.NextDouble() * 2 - 1);
            (x[2 * i], x[2 * i + 1]) = (a, b);
            y[4 * i] = 2 * a - b + 0.5;                 // linear
            y[4 * i + 1] = Math.Cos(4 * a);             // smooth, far from linear
            y[4 * i + 2] = rng.NextDouble();            // unrelated
            y[4 * i + 3] = 7;                           // constant
        }
        var scores = StateProbe.Measure(new Points(x, 2), y, width: 4, fitCount: 800);

        Assert.InRange(scores.Linear[0]!.Value, 0.999, 1);
        Assert.InRange(scores.Neighbours[0]!.Value, 0.98, 1);
        Assert.InRange(scores.Linear[1]!.Value, -0.1, 0.3);
        Assert.InRange(scores.Neighbours[1]!.Value, 0.98, 1);
        Assert.InRange(scores.Linear[2]!.Value, -0.1, 0.05);
        Assert.InRange(scores.Neighbours[2]!.Value, -0.3, 0.05);
        Assert.Equal((null, null), (scores.Linear[3], scores.Neighbours[3]));
        // The means skip the constant.
        Assert.Equal(scores.Neighbours.Take(3).Average(v => v!.Value), scores.MeanNeighbours, 12);
        // No randomness, whatever the threads did.
        Assert.Equal(scores.Neighbours, StateProbe.Measure(new Points(x, 2), y, width: 4, fitCount: 800).Neighbours);
    }

    [Fact]
    public void Targets_that_do_not_fit_the_points_and_a_split_without_room_are_refused()
    {
        var points = new Points(new float[40], 2);
        Assert.Contains("are not 3 per each of 20 samples", Assert.Throws<ArgumentException>(() => StateProbe.Measure(points, new double[50], 3, 15)).Message);
        Assert.Contains("leaves too few to fit", Assert.Throws<ArgumentException>(() => StateProbe.Measure(points, new double[20], 1, 5)).Message);
        Assert.Throws<ArgumentException>(() => StateProbe.Measure(points, new double[20], 1, 20));
    }
}
