using GmcRL.Agents;
using GmcRL.Agents.Networks;
using GmcRL.Agents.Optimization;
using static TorchSharp.torch;

namespace GmcRL.Tests.Agents;

[Collection(AgentsCollection.Name)]
public sealed class FusedAdamTests
{
    private static Mlp Network(int seed)
    {
        manual_seed(seed);
        return new Mlp("net", 3, [5, 4], 2);
    }

    private static float[][] Values(nn.Module module) => module.parameters().Select(p => p.data<float>().ToArray()).ToArray();

    // A loss whose gradient differs from step to step: the network's outputs on a fixed batch against a moving target.
    private static void Backward(Mlp net, int step)
    {
        using var scope = NewDisposeScope();
        var x = arange(12, dtype: ScalarType.Float32).reshape(4, 3).div(10);
        var y = net.forward(x);
        y.sub(step * 0.1).square().sum().backward();
    }

    private static void Reference(Mlp net, TorchSharp.Modules.Adam adam, int from, int to)
    {
        for (int step = from; step < to; step++)
        {
            adam.zero_grad();
            Backward(net, step);
            adam.step();
        }
    }

    private static void Fused(Mlp net, FusedAdam adam, int from, int to)
    {
        for (int step = from; step < to; step++)
        {
            adam.ZeroGrad();
            Backward(net, step);
            adam.Step();
        }
    }

    private static byte[] Saved(Action<BinaryWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream)) write(writer);
        return stream.ToArray();
    }

    private static void Load(byte[] saved, Mlp net, FusedAdam adam)
    {
        using var reader = new BinaryReader(new MemoryStream(saved));
        net.load(reader);
        adam.Load(reader);
    }

    [Fact]
    public void Steps_exactly_like_TorchSharps_Adam()
    {
        using var reference = Network(3);
        using var fused = Network(3);
        using var adam = optim.Adam(reference.parameters(), 0.01);
        using var flat = new FlatParameters(fused, gradients: true);
        using var fusedAdam = new FusedAdam(flat, 0.01);

        Reference(reference, adam, 0, 6);
        Fused(fused, fusedAdam, 0, 6);

        var expected = Values(reference);
        var actual = Values(fused);
        Assert.NotEqual(Values(Network(3))[0], actual[0]); // it moved
        for (int k = 0; k < expected.Length; k++)
            for (int i = 0; i < expected[k].Length; i++)
                Assert.Equal(expected[k][i], actual[k][i]);
        Assert.Equal(6, fusedAdam.Steps);
    }

    [Fact]
    public void Gradients_land_in_the_flat_buffer_and_zero_in_one_call()
    {
        using var net = Network(4);
        using var flat = new FlatParameters(net, gradients: true);
        Backward(net, 1);
        var gradients = net.parameters().SelectMany(p => p.grad!.data<float>().ToArray()).ToArray();
        Assert.Equal(gradients, flat.Gradients!.data<float>().ToArray());
        Assert.Contains(gradients, g => g != 0);
        flat.ZeroGradients();
        Assert.All(net.parameters().SelectMany(p => p.grad!.data<float>().ToArray()), g => Assert.Equal(0f, g));
    }

    [Fact]
    public void Loading_a_module_keeps_its_parameters_in_the_buffer()
    {
        using var saved = Network(5);
        var bytes = Saved(writer => saved.save(writer));

        using var net = Network(6);
        using var flat = new FlatParameters(net, gradients: true);
        using (var reader = new BinaryReader(new MemoryStream(bytes))) net.load(reader);

        Assert.Equal(Values(saved).SelectMany(v => v), flat.Values.data<float>().ToArray());
        using (no_grad()) flat.Values.zero_();
        Assert.All(Values(net).SelectMany(v => v), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Takes_over_a_TorchSharp_Adam_checkpoint_and_continues_the_same()
    {
        // Before FusedAdam the agents saved optim.Adam's state: those checkpoints must load and continue unchanged.
        using var reference = Network(7);
        using var adam = optim.Adam(reference.parameters(), 0.01);
        Reference(reference, adam, 0, 3);
        var saved = Saved(writer =>
        {
            reference.save(writer);
            adam.save_state_dict(writer);
        });
        Reference(reference, adam, 3, 6);

        using var resumed = Network(8);
        using var flat = new FlatParameters(resumed, gradients: true);
        using var fusedAdam = new FusedAdam(flat, 0.01);
        Load(saved, resumed, fusedAdam);
        Assert.Equal(3, fusedAdam.Steps);
        Fused(resumed, fusedAdam, 3, 6);

        Assert.Equal(Values(reference).SelectMany(v => v), Values(resumed).SelectMany(v => v));
    }

    [Fact]
    public void Saves_and_loads_its_own_state_exactly()
    {
        using var net = Network(9);
        using var flat = new FlatParameters(net, gradients: true);
        using var fusedAdam = new FusedAdam(flat, 0.01);
        Fused(net, fusedAdam, 0, 4);
        var saved = Saved(writer =>
        {
            net.save(writer);
            fusedAdam.Save(writer);
        });
        Fused(net, fusedAdam, 4, 7);

        using var other = Network(10);
        using var otherFlat = new FlatParameters(other, gradients: true);
        using var otherAdam = new FusedAdam(otherFlat, 0.01);
        Load(saved, other, otherAdam);
        Fused(other, otherAdam, 4, 7);
        Assert.Equal(flat.Values.data<float>().ToArray(), otherFlat.Values.data<float>().ToArray());
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.0)]
    public void Soft_update_of_flat_buffers_matches_the_per_parameter_one(double tau)
    {
        using var target = Network(11);
        using var source = Network(12);
        using var target2 = Network(11);
        using var source2 = Network(12);
        using var flatTarget = new FlatParameters(target2, gradients: false);
        using var flatSource = new FlatParameters(source2, gradients: false);

        SoftUpdate.Apply(target, source, tau);
        SoftUpdate.Apply(flatTarget, flatSource, tau);

        Assert.Equal(Values(target).SelectMany(v => v), Values(target2).SelectMany(v => v));
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(1000.0)]
    public void Clipping_by_norm_matches_clip_grad_norm(double maxNorm)
    {
        using var reference = Network(13);
        using var flatNet = Network(13);
        using var flat = new FlatParameters(flatNet, gradients: true);
        Backward(reference, 2);
        Backward(flatNet, 2);

        nn.utils.clip_grad_norm_(reference.parameters(), maxNorm);
        flat.ClipGradientsByNorm(maxNorm);

        var expected = reference.parameters().SelectMany(p => p.grad!.data<float>().ToArray()).ToArray();
        var actual = flat.Gradients!.data<float>().ToArray();
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 6);
        using var norm = flat.Gradients.norm();
        Assert.True(norm.item<float>() <= maxNorm * 1.0001, $"norm {norm.item<float>()} above {maxNorm}");
    }

    [Fact]
    public void Clipping_by_value_clamps_every_gradient()
    {
        using var net = Network(14);
        using var flat = new FlatParameters(net, gradients: true);
        Backward(net, 2);
        var before = flat.Gradients!.data<float>().ToArray();
        Assert.Contains(before, g => Math.Abs(g) > 0.1f);

        flat.ClipGradientsByValue(0.1);

        var after = net.parameters().SelectMany(p => p.grad!.data<float>().ToArray()).ToArray();
        for (int i = 0; i < before.Length; i++) Assert.Equal(Math.Clamp(before[i], -0.1f, 0.1f), after[i]);
    }

    [Fact]
    public void Buffers_made_inside_a_dispose_scope_outlive_it()
    {
        using var net = Network(15);
        FlatParameters flat;
        FusedAdam adam;
        using (NewDisposeScope())
        {
            flat = new FlatParameters(net, gradients: true);
            adam = new FusedAdam(flat, 0.01);
        }
        using (flat)
        using (adam)
        {
            Fused(net, adam, 0, 2);
            Assert.NotEmpty(Saved(adam.Save));
            Assert.All(flat.Values.data<float>().ToArray(), v => Assert.True(float.IsFinite(v)));
        }
    }
}
