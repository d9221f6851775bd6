using GmcRL.Representation.Gmc;
using static TorchSharp.torch;

namespace GmcRL.Tests.Representation;

public class GmcLossTests
{
    // z(1:M) = (1,0), (0,1) and z(m) identical: every row of S keeps e^{1/tau} (positive) and two e^0, so
    // loss = log(2 + e^{1/tau}) - 1/tau for every row; with tau = 0.5: log(2 + e^2) - 2 = 0.2394884...
    [Fact]
    public void Gmc_loss_of_aligned_orthogonal_pairs_matches_the_closed_form()
    {
        using var complete = tensor(new float[] { 1, 0, 0, 1 }, [2, 2]);
        using var single = tensor(new float[] { 1, 0, 0, 1 }, [2, 2]);
        using var loss = GmcLoss.Compute(complete, [single], 0.5, GmcLossKind.Gmc);
        Assert.Equal(Math.Log(2 + Math.Exp(2)) - 2, loss.item<float>(), 1e-6);
    }

    // Joints as negatives, same latents: row i's denominator is exp(z_i . z_j / tau) over j != i = e^0 = 1, so
    // loss = -log(e^{1/tau} / 1) = -2 per row and modality; two modalities sum to -4.
    [Fact]
    public void Joints_as_negatives_of_aligned_orthogonal_pairs_matches_the_closed_form()
    {
        using var complete = tensor(new float[] { 1, 0, 0, 1 }, [2, 2]);
        using var single = tensor(new float[] { 1, 0, 0, 1 }, [2, 2]);
        using var loss = GmcLoss.Compute(complete, [single, single], 0.5, GmcLossKind.JointsAsNegatives);
        Assert.Equal(-4.0, loss.item<float>(), 1e-6);
    }

    // Unit vectors at angles: complete a0 = 0, a1 = 90 deg; modality 1 b0 = 30, b1 = 120; modality 2 c0 = 60, c1 = 200.
    private static readonly double[] Complete = [0, 90];
    private static readonly double[][] Singles = [[30, 120], [60, 200]];

    [Theory]
    [InlineData(GmcLossKind.Gmc, 0.3)]
    [InlineData(GmcLossKind.Gmc, 1.0)]
    [InlineData(GmcLossKind.JointsAsNegatives, 0.3)]
    [InlineData(GmcLossKind.JointsAsNegatives, 0.7)]
    public void Loss_matches_the_formula_written_out_for_B_2(GmcLossKind kind, double tau)
    {
        using var complete = Vectors(Complete);
        var singles = Singles.Select(Vectors).ToArray();
        using var loss = GmcLoss.Compute(complete, singles, tau, kind);
        Assert.Equal(ByHand(kind, tau), loss.item<float>(), 1e-6);
        foreach (var s in singles) s.Dispose();
    }

    [Fact]
    public void Loss_rejects_a_batch_of_one_and_a_non_positive_temperature()
    {
        using var one = tensor(new float[] { 1, 0 }, [1, 2]);
        Assert.Contains("at least 2", Assert.Throws<ArgumentException>(() => GmcLoss.Compute(one, [one], 0.3, GmcLossKind.Gmc)).Message);
        using var two = tensor(new float[] { 1, 0, 0, 1 }, [2, 2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => GmcLoss.Compute(two, [two], 0, GmcLossKind.Gmc));
    }

    private static Tensor Vectors(double[] degrees) =>
        tensor(degrees.SelectMany(d => new[] { (float)Math.Cos(d * Math.PI / 180), (float)Math.Sin(d * Math.PI / 180) }).ToArray(), [degrees.Length, 2]);

    private static double Dot(double a, double b) => Math.Cos((a - b) * Math.PI / 180);

    // docs/method.md §3 spelled out: for modality m the rows are [a0, a1, m0, m1]; each row sums exp(sim / tau) over the
    // other three; the positive of a_i and m_i is exp(a_i . m_i / tau).
    private static double ByHand(GmcLossKind kind, double tau)
    {
        double total = 0;
        if (kind == GmcLossKind.Gmc)
        {
            foreach (var single in Singles)
            {
                double[] rows = [Complete[0], Complete[1], single[0], single[1]];
                for (int r = 0; r < 4; r++)
                {
                    double denominator = 0;
                    for (int c = 0; c < 4; c++) if (c != r) denominator += Math.Exp(Dot(rows[r], rows[c]) / tau);
                    int i = r % 2;
                    total += -Math.Log(Math.Exp(Dot(Complete[i], single[i]) / tau) / denominator);
                }
            }
            return total / 4;
        }
        foreach (var single in Singles)
        {
            for (int i = 0; i < 2; i++)
            {
                double denominator = Math.Exp(Dot(Complete[i], Complete[1 - i]) / tau);
                total += -Math.Log(Math.Exp(Dot(Complete[i], single[i]) / tau) / denominator);
            }
        }
        return total / 2;
    }
}
