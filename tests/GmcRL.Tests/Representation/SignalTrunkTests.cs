using GmcRL.Envs;
using GmcRL.Representation.Gmc;
using static TorchSharp.torch;

namespace GmcRL.Tests.Representation;

public class SignalTrunkTests
{
    private static readonly ModalitySpec Audio = new("audio", [2, 4, 1047], ElementType.Float32, 0, 1, ModalityKind.Signal);

    [Fact]
    public void A_long_signal_gets_one_dimensional_convolutions_sized_from_its_shape()
    {
        Assert.Equal(EncoderKind.Signal, GmcModelOptions.KindOf(Audio));
        // Too short a signal, or a signal declared as a vector, gets an MLP; an image that does not divide by 4 too.
        Assert.Equal(EncoderKind.Mlp, GmcModelOptions.KindOf(new ModalitySpec("s", [2, 1, 16], ElementType.Float32, 0, 1, ModalityKind.Signal)));
        Assert.Equal(EncoderKind.Mlp, GmcModelOptions.KindOf(new ModalitySpec("s", [2, 4, 1047], ElementType.Float32, 0, 1)));
        Assert.Equal(EncoderKind.Mlp, GmcModelOptions.KindOf(new ModalitySpec("i", [2, 10, 10], ElementType.UInt8, 0, 1)));

        using var model = new GmcModel(new ObservationSpec([Audio]), GmcModelOptions.Reference, seed: 0);
        // 8 channels (2 frames x 4 microphones) -> 32, kernel 8: 8*32*8 = 2,048 weights; 32 -> 64: 32*64*8 = 16,384.
        // Lengths: 1047 -> floor((1047 + 4 - 8) / 4) + 1 = 261 -> floor((261 + 4 - 8) / 4) + 1 = 65, so the flattened
        // output is 64 * 65 = 4,160 and Linear(4160 -> 64) has 266,304 parameters.
        long encoder = 2_048 + 16_384 + 4_160 * 64 + 64;
        Assert.Equal(encoder, model.ParameterCounts().Single(p => p.Part == "audio").Count);
        Assert.Equal(encoder, model.ParameterCounts().Single(p => p.Part == "joint").Count);

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        // Its own generator: the global one belongs to the agent tests running beside this one.
        using var generator = new Generator(7);
        var x = rand([3, 2, 4, 1047], generator: generator);
        var z = model.Single(0, x);
        Assert.Equal(new long[] { 3, 10 }, z.shape);
        Assert.True(z.norm(1).allclose(ones(3), rtol: 1e-5, atol: 1e-5));
    }

    [Fact]
    public void Signal_weights_are_initialised_from_the_seed()
    {
        using var a = new GmcModel(new ObservationSpec([Audio]), Tiny.Model, seed: 4);
        using var b = new GmcModel(new ObservationSpec([Audio]), Tiny.Model, seed: 4);
        using var c = new GmcModel(new ObservationSpec([Audio]), Tiny.Model, seed: 5);
        var pa = a.parameters().ToList();
        var pb = b.parameters().ToList();
        var pc = c.parameters().ToList();
        Assert.All(pa.Zip(pb), p => Assert.True(p.First.allclose(p.Second, rtol: 0, atol: 0)));
        Assert.Contains(pa.Zip(pc), p => !p.First.allclose(p.Second, rtol: 0, atol: 0));
        // The first convolution's weights follow PyTorch's default bound 1/sqrt(fan_in), fan_in = 8 channels x kernel 8.
        Assert.True(pa[0].abs().max().item<float>() <= 1 / Math.Sqrt(64) + 1e-6);
    }
}
