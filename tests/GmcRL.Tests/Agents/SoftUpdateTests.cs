using GmcRL.Agents;
using GmcRL.Agents.Networks;
using static TorchSharp.torch;

namespace GmcRL.Tests.Agents;

[Collection(AgentsCollection.Name)]
public class SoftUpdateTests
{
    [Theory]
    [InlineData(0.3)]
    [InlineData(1.0)]
    [InlineData(0.0)]
    public void Soft_update_matches_tau_source_plus_one_minus_tau_target(double tau)
    {
        manual_seed(1);
        using var target = new Mlp("t", 3, [4], 2);
        using var source = new Mlp("s", 3, [4], 2);
        var before = target.parameters().Select(p => p.data<float>().ToArray()).ToArray();
        var src = source.parameters().Select(p => p.data<float>().ToArray()).ToArray();

        SoftUpdate.Apply(target, source, tau);

        var after = target.parameters().Select(p => p.data<float>().ToArray()).ToArray();
        Assert.Equal(before.Length, after.Length);
        for (int k = 0; k < after.Length; k++)
            for (int i = 0; i < after[k].Length; i++)
                Assert.Equal(tau * src[k][i] + (1 - tau) * before[k][i], after[k][i], 5);
    }

    [Fact]
    public void Tau_outside_zero_to_one_is_refused()
    {
        using var a = new Mlp("a", 2, [2], 1);
        using var b = new Mlp("b", 2, [2], 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => SoftUpdate.Apply(a, b, 1.5));
    }
}
