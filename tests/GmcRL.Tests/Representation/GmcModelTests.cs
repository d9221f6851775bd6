using GmcRL.Envs;
using GmcRL.Representation.Gmc;
using static TorchSharp.torch;

namespace GmcRL.Tests.Representation;

public class GmcModelTests
{
    private static readonly ObservationSpec Pendulum = new(
    [
        new ModalitySpec("image", [2, 60, 60], ElementType.UInt8, 0, 1),
        new ModalitySpec("sound", [2, 3, 2], ElementType.Float32, 0, 1),
    ]);

    [Fact]
    public void Pendulum_preset_has_the_reference_parameter_counts()
    {
        using var model = new GmcModel(Pendulum, GmcModelOptions.Reference, seed: 0);
        Assert.Equal(1_933_386, model.ParameterCount);
        Assert.Equal(
            new (string, long)[] { ("image", 955_456), ("sound", 6_464), ("joint", 961_856), ("head", 9_610) },
            model.ParameterCounts());
    }

    [Fact]
    public void Encoders_are_chosen_from_the_spec()
    {
        Assert.Equal(EncoderKind.Convolutional, GmcModelOptions.KindOf(Pendulum.Modalities[0]));
        Assert.Equal(EncoderKind.Mlp, GmcModelOptions.KindOf(Pendulum.Modalities[1]));
        Assert.Equal(EncoderKind.Mlp, GmcModelOptions.KindOf(new ModalitySpec("v", [7], ElementType.Float32, -1, 1)));
    }

    [Fact]
    public void Three_modalities_give_unit_latents_of_the_configured_size()
    {
        var spec = new ObservationSpec([.. Pendulum.Modalities, new ModalitySpec("touch", [5], ElementType.Float32, -1, 1)]);
        using var model = new GmcModel(spec, Tiny.Model, seed: 1);
        using var scope = NewDisposeScope();
        var inputs = Inputs(spec, 3);
        var z = model.Complete(inputs);
        Assert.Equal(new long[] { 3, Tiny.Model.LatentDim }, z.shape);
        for (int m = 0; m < 3; m++)
        {
            var norms = model.Single(m, inputs[m]).norm(1).data<float>().ToArray();
            Assert.All(norms, n => Assert.Equal(1f, n, 1e-5f));
        }
    }

    [Fact]
    public void Gradients_of_the_loss_reach_every_encoder_and_the_head()
    {
        using var model = new GmcModel(Pendulum, Tiny.Model, seed: 2);
        using var scope = NewDisposeScope();
        var inputs = Inputs(Pendulum, 4);
        var loss = GmcLoss.Compute(model.Complete(inputs), [model.Single(0, inputs[0]), model.Single(1, inputs[1])], 0.3, GmcLossKind.Gmc);
        loss.backward();
        foreach (var (name, p) in model.named_parameters())
        {
            Assert.True(p.grad is not null, $"{name} has no gradient");
            Assert.True(p.grad!.abs().sum().item<float>() > 0, $"{name}'s gradient is zero");
        }
        var prefixes = model.named_parameters().Select(p => p.name.Split('.')[0]).Distinct().Order().ToArray();
        Assert.Equal(new[] { "encoders", "head", "joint" }, prefixes);
    }

    [Fact]
    public void The_training_pass_gives_the_same_latents_as_the_encoding_paths()
    {
        using var model = new GmcModel(Pendulum, Tiny.Model, seed: 4);
        using var scope = NewDisposeScope();
        var inputs = Inputs(Pendulum, 5);
        var (complete, singles) = model.Latents(inputs);
        Assert.True(complete.allclose(model.Complete(inputs), rtol: 1e-5, atol: 1e-6));
        for (int m = 0; m < 2; m++) Assert.True(singles[m].allclose(model.Single(m, inputs[m]), rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void The_same_seed_gives_the_same_weights_and_another_seed_others()
    {
        using var a = new GmcModel(Pendulum, Tiny.Model, seed: 5);
        using var b = new GmcModel(Pendulum, Tiny.Model, seed: 5);
        using var c = new GmcModel(Pendulum, Tiny.Model, seed: 6);
        var pa = a.parameters().ToArray();
        var pb = b.parameters().ToArray();
        var pc = c.parameters().ToArray();
        for (int i = 0; i < pa.Length; i++) Assert.True(pa[i].equal(pb[i]).all().item<bool>());
        Assert.Contains(Enumerable.Range(0, pa.Length), i => !pa[i].equal(pc[i]).all().item<bool>());
    }

    [Fact]
    public void Invalid_sizes_are_rejected_with_the_option_name()
    {
        var e = Assert.Throws<ArgumentException>(() => new GmcModelOptions { LatentDim = 0 }.Validated());
        Assert.Contains("LatentDim", e.Message);
    }

    internal static Tensor[] Inputs(ObservationSpec spec, int batch) => spec.Modalities.Select(m =>
    {
        long[] shape = [batch, .. m.Shape.Select(d => (long)d)];
        return m.ElementType == ElementType.UInt8 ? (rand(shape) > 0.8).to_type(ScalarType.Float32) : rand(shape);
    }).ToArray();
}
