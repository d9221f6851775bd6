using GmcRL.Geometry;
using GmcRL.Geometry.Probes;

namespace GmcRL.Tests.Geometry.Probes;

public class StateProbeTests
{
    [Fact]
    public void A_hand_computed_case()
    {
        // x = 0..3 with y = 2x in two folds, {0, 1} and {2, 3}, and one neighbour. The line fitted on one fold predicts
        // the other nearly exactly (the ridge term is tiny). The nearest fitted point of 0 and of 1 is 2 (y 4), of 2 and
        // of 3 is 1 (y 2): errors 4, 2, 2, 4, SSE 40, against SST 20 about the mean 3: R^2 = 1 - 40 / 20 = -1.
        var scores = StateProbe.Measure(new Points([0, 1, 2, 3], 1), [0, 2, 4, 6], width: 1, folds: 2, neighbours: 1);
        Assert.Equal((4, 2, 1), (scores.Points, scores.Folds, scores.K));
        Assert.InRange(scores.Linear[0]!.Value, 0.99, 1.0);
        Assert.Equal(-1, scores.Neighbours[0]!.Value, 12);
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
        var scores = StateProbe.Measure(new Points(x, 2), y, width: 4);

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
        Assert.Equal(scores.Neighbours, StateProbe.Measure(new Points(x, 2), y, width: 4).Neighbours);
    }

    [Fact]
    public void Targets_that_do_not_fit_the_points_and_folds_without_room_are_refused()
    {
        var points = new Points(new float[40], 2);
        Assert.Contains("are not 3 per each of 20 samples", Assert.Throws<ArgumentException>(() => StateProbe.Measure(points, new double[50], 3)).Message);
        // 20 samples in 2 folds fit on 10, too few for 11 neighbours; 21 folds of 20 samples leave one empty.
        Assert.Contains("leave too few to fit", Assert.Throws<ArgumentException>(() => StateProbe.Measure(points, new double[20], 1, folds: 2, neighbours: 11)).Message);
        Assert.Throws<ArgumentException>(() => StateProbe.Measure(points, new double[20], 1, folds: 21, neighbours: 1));
        Assert.Throws<ArgumentException>(() => StateProbe.Measure(points, new double[20], 1, folds: 1));
    }
}
