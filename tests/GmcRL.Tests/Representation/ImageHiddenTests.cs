using GmcRL.Envs;
using GmcRL.Representation.Formats;
using GmcRL.Representation.Gmc;
using GmcRL.Representation.Training;
using GmcRL.Storage;
using MessagePack;
using static TorchSharp.torch;

namespace GmcRL.Tests.Representation;

/// <summary>gmc.image_hidden: a Linear+Swish layer after the image convolutions, as MUSE's Hyperhot image encoder has.</summary>
public class ImageHiddenTests
{
    private static readonly ModalitySpec Image = new("image", [2, 80, 80], ElementType.UInt8, 0, 1, ModalityKind.Image);

    [Fact]
    public void The_hidden_layer_sits_between_the_convolutions_and_the_encoders_output()
    {
        // Convolutions 2 -> 32 and 32 -> 64, kernel 4, no bias: 1,024 and 32,768 weights; flattened 64 x 20 x 20 = 25,600.
        using var plain = new GmcModel(new ObservationSpec([Image]), GmcModelOptions.Reference, seed: 0);
        using var hidden = new GmcModel(new ObservationSpec([Image]), GmcModelOptions.Reference with { ImageHidden = 512 }, seed: 0);
        long convolutions = 1_024 + 32_768;
        Assert.Equal(convolutions + 25_600 * 64 + 64, plain.ParameterCounts().Single(p => p.Part == "image").Count);
        Assert.Equal(convolutions + 25_600 * 512 + 512 + 512 * 64 + 64, hidden.ParameterCounts().Single(p => p.Part == "image").Count);
        Assert.Equal(convolutions + 25_600 * 512 + 512 + 512 * 64 + 64, hidden.ParameterCounts().Single(p => p.Part == "joint").Count);

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var generator = new Generator(3);
        var x = (rand([4, 2, 80, 80], generator: generator) > 0.9).to(ScalarType.Float32);
        var z = hidden.Single(0, x);
        Assert.Equal(new long[] { 4, 10 }, z.shape);
        Assert.True(z.norm(1).allclose(ones(4), rtol: 1e-5, atol: 1e-5));
        // The bfloat16 pass goes through the hidden layer too, to about the same latents.
        ComputePrecisions.Apply(hidden, ComputePrecision.BFloat16);
        var reduced = hidden.Single(0, x);
        Assert.True(reduced.allclose(z, rtol: 0, atol: 0.05), $"largest difference {(reduced - z).abs().max().item<float>()}");
        Assert.False(reduced.allclose(z, rtol: 0, atol: 0));
    }

    [Fact]
    public void Models_saved_without_it_load_with_none_and_its_width_travels_with_the_model()
    {
        // The options as written until 2026-12-02: eight keys, no ImageHidden.
        var old = MessagePackSerializer.Serialize(new object[] { 64, 10, 128, 32, 64, new[] { 50, 50 }, false, 1 }, FramedFile.Options);
        Assert.Equal(GmcModelOptions.Reference, MessagePackSerializer.Deserialize<ModelOptionsDto>(old, FramedFile.Options).ToOptions());
        var options = GmcModelOptions.Reference with { ImageHidden = 512 };
        var back = MessagePackSerializer.Deserialize<ModelOptionsDto>(MessagePackSerializer.Serialize(ModelOptionsDto.From(options), FramedFile.Options), FramedFile.Options);
        Assert.Equal(options, back.ToOptions());
        Assert.NotEqual(GmcModelOptions.Reference, back.ToOptions());
        Assert.Contains("ImageHidden must be 0 (none) or positive (got -1)", Assert.Throws<ArgumentException>(() => (GmcModelOptions.Reference with { ImageHidden = -1 }).Validated()).Message);
    }
}
