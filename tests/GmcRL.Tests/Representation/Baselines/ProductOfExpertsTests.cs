using GmcRL.Representation.Baselines;
using static TorchSharp.torch;

namespace GmcRL.Tests.Representation.Baselines;

public class ProductOfExpertsTests
{
    [Fact]
    public void The_product_matches_a_hand_computation_with_the_prior_expert()
    {
        using var scope = NewDisposeScope();
        // Expert 1: mu (1, -2), var (1, 4). Expert 2: mu (3, 0), var (0.5, 1). Prior: mu 0, var 1.
        var e1 = (tensor(new float[] { 1, -2 }, [1, 2]), tensor(new float[] { 0, MathF.Log(4) }, [1, 2]));
        var e2 = (tensor(new float[] { 3, 0 }, [1, 2]), tensor(new float[] { MathF.Log(0.5f), 0 }, [1, 2]));
        var (mu, logVar) = ProductOfExperts.Combine([e1, e2]);
        // Dimension 0: precisions 1 + 1 + 2 = 4, mean (1 * 1 + 2 * 3) / 4 = 1.75, variance 1/4.
        // Dimension 1: precisions 1 + 1/4 + 1 = 2.25, mean (1/4 * -2 + 1 * 0) / 2.25 = -2/9, variance 4/9.
        Assert.Equal([1.75f, -2f / 9], mu.data<float>().ToArray(), new Tolerance(1e-6f));
        Assert.Equal([MathF.Log(0.25f), MathF.Log(4f / 9)], logVar.data<float>().ToArray(), new Tolerance(1e-6f));
    }

    [Fact]
    public void Absent_experts_drop_out_row_by_row_and_none_leaves_the_prior()
    {
        using var scope = NewDisposeScope();
        var e1 = (tensor(new float[] { 1, 1, 1 }, [3, 1]), tensor(new float[] { 0, 0, 0 }, [3, 1]));
        var e2 = (tensor(new float[] { 3, 3, 3 }, [3, 1]), tensor(new float[] { MathF.Log(0.5f), MathF.Log(0.5f), MathF.Log(0.5f) }, [3, 1]));
        // Row 0 both experts, row 1 the first only, row 2 none.
        var presence = tensor(new float[] { 1, 1, 1, 0, 0, 0 }, [3, 2]);
        var (mu, logVar) = ProductOfExperts.Combine([e1, e2], presence);
        // Row 0: (1 * 1 + 2 * 3) / 4; row 1: (1 * 1) / 2; row 2: the prior N(0, 1).
        Assert.Equal([1.75f, 0.5f, 0f], mu.data<float>().ToArray(), new Tolerance(1e-6f));
        Assert.Equal([MathF.Log(0.25f), MathF.Log(0.5f), 0f], logVar.data<float>().ToArray(), new Tolerance(1e-6f));
    }

    internal sealed class Tolerance(float epsilon) : IEqualityComparer<float>
    {
        public bool Equals(float a, float b) => Math.Abs(a - b) <= epsilon;

        public int GetHashCode(float x) => 0;
    }
}
