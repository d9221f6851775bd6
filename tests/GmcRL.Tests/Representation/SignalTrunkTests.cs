using GmcRL.Envs;
using GmcRL.Representation.Formats;
using GmcRL.Representation.Gmc;
using GmcRL.Storage;
using MessagePack;
using static TorchSharp.torch;

namespace GmcRL.Tests.Representation;

public class SignalTrunkTests
{
    private static readonly ModalitySpec Audio = new("audio", [2, 4, 1047], ElementType.Float32, 0, 1, ModalityKind.Signal);
    private static readonly GmcModelOptions Waveform = GmcModelOptions.Reference with { SignalFeatures = SignalFeatures.Waveform };
    private static readonly GmcModelOptions Spectrum = GmcModelOptions.Reference with { SignalFeatures = SignalFeatures.Spectrum };

    [Fact]
    public void A_long_signal_as_a_waveform_gets_one_dimensional_convolutions_sized_from_its_shape()
    {
        Assert.Equal(EncoderKind.Signal, GmcModelOptions.KindOf(Audio));
        // Too short a signal, or a signal declared as a vector, gets an MLP; an image that does not divide by 4 too.
        Assert.Equal(EncoderKind.Mlp, GmcModelOptions.KindOf(new ModalitySpec("s", [2, 1, 16], ElementType.Float32, 0, 1, ModalityKind.Signal)));
        Assert.Equal(EncoderKind.Mlp, GmcModelOptions.KindOf(new ModalitySpec("s", [2, 4, 1047], ElementType.Float32, 0, 1)));
        Assert.Equal(EncoderKind.Mlp, GmcModelOptions.KindOf(new ModalitySpec("i", [2, 10, 10], ElementType.UInt8, 0, 1)));

        using var model = new GmcModel(new ObservationSpec([Audio]), Waveform, seed: 0);
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
        var options = Tiny.Model with { SignalFeatures = SignalFeatures.Waveform };
        using var a = new GmcModel(new ObservationSpec([Audio]), options, seed: 4);
        using var b = new GmcModel(new ObservationSpec([Audio]), options, seed: 4);
        using var c = new GmcModel(new ObservationSpec([Audio]), options, seed: 5);
        var pa = a.parameters().ToList();
        var pb = b.parameters().ToList();
        var pc = c.parameters().ToList();
        Assert.All(pa.Zip(pb), p => Assert.True(p.First.allclose(p.Second, rtol: 0, atol: 0)));
        Assert.Contains(pa.Zip(pc), p => !p.First.allclose(p.Second, rtol: 0, atol: 0));
        // The first convolution's weights follow PyTorch's default bound 1/sqrt(fan_in), fan_in = 8 channels x kernel 8.
        Assert.True(pa[0].abs().max().item<float>() <= 1 / Math.Sqrt(64) + 1e-6);
    }

    [Fact]
    public void The_spectrum_is_the_default_and_has_one_log_magnitude_per_channel_and_frequency()
    {
        Assert.Equal(SignalFeatures.Spectrum, GmcModelOptions.Reference.SignalFeatures);
        using var model = new GmcModel(new ObservationSpec([Audio]), Spectrum, seed: 0);
        // 8 channels x 523 frequencies (1 .. 1047 / 2) = 4,184 values, read by Linear(4184 -> 64): the trunk itself
        // has no parameters.
        long encoder = 4_184 * 64 + 64;
        Assert.Equal(encoder, model.ParameterCounts().Single(p => p.Part == "audio").Count);
        Assert.Equal(encoder, model.ParameterCounts().Single(p => p.Part == "joint").Count);

        using var scope = NewDisposeScope();
        using var trunk = new SpectrumTrunk("signal", Audio.Shape);
        Assert.Equal(4_184, trunk.OutputSize);
        // One channel holds a square wave of period 95 samples (Hyperhot's player bullet) at amplitude 0.2 about 0.5,
        // every other channel is constant: its peak is the frequency nearest 1047 / 95 = 11.02 (index 10, as frequency
        // 0 is left out), and a constant channel reads log(0.001) everywhere (within float32 rounding of its sum).
        var wave = zeros([1, 2, 4, 1047]);
        var samples = Enumerable.Range(0, 1047).Select(n => n % 95 < 48 ? 0.7f : 0.3f).ToArray();
        wave[0, 1, 2] = tensor(samples);
        wave[0, 0, 0] = full(1047, 0.5f);
        using var noGrad = no_grad();
        var features = trunk.forward(wave).reshape(8, 523);
        Assert.Equal(10L, features[6].argmax().item<long>());
        Assert.True(features[0].allclose(full(523, (float)Math.Log(1e-3)), rtol: 0, atol: 1e-2));
        // Half the amplitude lowers every strong frequency's log-magnitude by log 2.
        var half = wave * 0.5 + 0.25;
        var halved = trunk.forward(half).reshape(8, 523);
        Assert.Equal(features[6, 10].item<float>() - (float)Math.Log(2), halved[6, 10].item<float>(), 3);
    }

    [Fact]
    public void The_spectrum_does_not_see_where_in_its_window_a_wave_starts()
    {
        // The phases that Hyperhot's sources advance every frame: a circular shift of the window leaves every
        // magnitude as it was, so the latent cannot tell two shifts apart.
        using var scope = NewDisposeScope();
        using var model = new GmcModel(new ObservationSpec([Audio]), Spectrum with { LatentDim = 6 }, seed: 2);
        using var noGrad = no_grad();
        using var generator = new Generator(11);
        var x = rand([4, 2, 4, 1047], generator: generator);
        var shifted = x.roll(317, -1);
        Assert.True(model.Single(0, x).allclose(model.Single(0, shifted), rtol: 0, atol: 1e-4));
        using var waveform = new GmcModel(new ObservationSpec([Audio]), Waveform with { LatentDim = 6 }, seed: 2);
        Assert.False(waveform.Single(0, x).allclose(waveform.Single(0, shifted), rtol: 0, atol: 1e-4));
    }

    [Fact]
    public void A_model_saved_before_the_spectrum_existed_loads_as_a_waveform()
    {
        // The options as written until 2026-12-01: seven keys, no SignalFeatures.
        var old = MessagePackSerializer.Serialize(new object[] { 64, 10, 128, 32, 64, new[] { 50, 50 }, false }, FramedFile.Options);
        var options = MessagePackSerializer.Deserialize<ModelOptionsDto>(old, FramedFile.Options).ToOptions();
        Assert.Equal(SignalFeatures.Waveform, options.SignalFeatures);
        Assert.Equal(GmcModelOptions.Reference with { SignalFeatures = SignalFeatures.Waveform }, options);
        var now = MessagePackSerializer.Deserialize<ModelOptionsDto>(MessagePackSerializer.Serialize(ModelOptionsDto.From(Spectrum), FramedFile.Options), FramedFile.Options);
        Assert.Equal(Spectrum, now.ToOptions());
    }
}
