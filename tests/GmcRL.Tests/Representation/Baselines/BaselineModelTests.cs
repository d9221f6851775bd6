using GmcRL.Envs;
using GmcRL.Representation.Baselines;
using GmcRL.Representation.Gmc;
using static TorchSharp.torch;

namespace GmcRL.Tests.Representation.Baselines;

public class BaselineModelTests
{
    private static readonly ObservationSpec Pendulum = new(
    [
        new ModalitySpec("image", [2, 60, 60], ElementType.UInt8, 0, 1),
        new ModalitySpec("sound", [2, 3, 2], ElementType.Float32, 0, 1),
    ]);

    private static BaselineTrainingOptions Reference(BaselineKind kind) => new() { Kind = kind, Model = GmcModelOptions.Reference };

    [Fact]
    public void Pendulum_sizes_give_gmcs_encoders_plus_mirrored_decoders()
    {
        // Decoders: image Linear(10->128) 1,408 + Linear(128->14400) 1,857,600 + ConvT(64->32) 32,768 + ConvT(32->2) 1,024;
        // sound Linear(10->50) 550 + Linear(50->50) 2,550 + Linear(50->12) 612. Together 1,896,512.
        const long decoders = 1_892_800 + 3_712;
        using (var ae = new FusionAutoencoder(Pendulum, Reference(BaselineKind.FusionAutoencoder), seed: 0))
        {
            // GMC's joint encoder 961,856 and head sizes 9,610.
            Assert.Equal(961_856 + 9_610, ae.EncoderParameterCount);
            Assert.Equal(961_856 + 9_610 + decoders, ae.ParameterCount);
        }
        using (var mvae = new Mvae(Pendulum, Reference(BaselineKind.Mvae), seed: 0))
        {
            // GMC's image (955,456) and sound (6,464) encoders, each with Linear(64->10) heads for mu and logvar (2 x 650).
            Assert.Equal(955_456 + 6_464 + 4 * 650, mvae.EncoderParameterCount);
            Assert.Equal(955_456 + 6_464 + 4 * 650 + decoders, mvae.ParameterCount);
        }
    }

    [Theory]
    [InlineData(BaselineKind.FusionAutoencoder)]
    [InlineData(BaselineKind.Mvae)]
    public void Features_and_validation_latents_have_the_latent_size_and_gradients_reach_every_parameter(BaselineKind kind)
    {
        using var model = BaselineModel.Create(Pendulum, Tiny.Baseline(kind), seed: 1);
        using var scope = NewDisposeScope();
        var inputs = GmcRL.Tests.Representation.GmcModelTests.Inputs(Pendulum, 4);
        Assert.Equal(new long[] { 4, Tiny.Model.LatentDim }, model.Features(inputs, ones(4, 2)).shape);
        var (loss, complete, singles) = model.Validate(inputs);
        Assert.Equal(0, loss.dim());
        Assert.All(singles.Append(complete), z => Assert.All(z.norm(1).data<float>().ToArray(), n => Assert.Equal(1f, n, 1e-5f)));

        using var noise = new Generator(7);
        model.Loss(inputs, noise).backward();
        foreach (var (name, p) in model.named_parameters())
            Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0, $"{name} gets no gradient");
    }

    [Fact]
    public void Reconstruction_errors_match_a_hand_computation()
    {
        using var scope = NewDisposeScope();
        var image = Pendulum.Modalities[0];
        var sound = Pendulum.Modalities[1];
        // Binary: -[y log s(x) + (1 - y) log(1 - s(x))] summed: logits (0, 2) against targets (1, 0) give
        // log 2 + log(1 + e^2).
        var logits = tensor(new float[] { 0, 2 }, [1, 2]);
        var bits = tensor(new float[] { 1, 0 }, [1, 2]);
        double expected = Math.Log(2) + Math.Log(1 + Math.Exp(2));
        Assert.Equal(expected, GmcRL.Representation.Baselines.Reconstruction.Error(image, logits, bits).item<float>(), 5);
        // Vectors: squared error summed, per sample: (0.5 - 0)^2 + (1 - 3)^2 = 4.25 and 0.
        var output = tensor(new float[] { 0.5f, 1, 7, 7 }, [2, 2]);
        var target = tensor(new float[] { 0, 3, 7, 7 }, [2, 2]);
        Assert.Equal([4.25f, 0f], GmcRL.Representation.Baselines.Reconstruction.Error(sound, output, target).data<float>().ToArray());
    }

    [Fact]
    public void The_mvae_feature_is_the_product_of_the_present_experts_with_the_prior()
    {
        using var model = new Mvae(Pendulum, Tiny.Baseline(BaselineKind.Mvae), seed: 2);
        using var scope = NewDisposeScope();
        var inputs = GmcRL.Tests.Representation.GmcModelTests.Inputs(Pendulum, 3);
        var experts = model.Experts(inputs);
        // Row 0: both; row 1: image only; row 2: sound only.
        var presence = tensor(new float[] { 1, 1, 1, 0, 0, 1 }, [3, 2]);
        var features = model.Features(inputs, presence);
        var both = ProductOfExperts.Combine(experts).Mu;
        var image = ProductOfExperts.Combine([experts[0]]).Mu;
        var sound = ProductOfExperts.Combine([experts[1]]).Mu;
        Assert.True(features[0].allclose(both[0], rtol: 1e-5, atol: 1e-6));
        Assert.True(features[1].allclose(image[1], rtol: 1e-5, atol: 1e-6));
        Assert.True(features[2].allclose(sound[2], rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void The_autoencoder_feature_of_a_missing_modality_is_that_of_zeros_in_its_place()
    {
        using var model = new FusionAutoencoder(Pendulum, Tiny.Baseline(BaselineKind.FusionAutoencoder), seed: 3);
        using var scope = NewDisposeScope();
        var inputs = GmcRL.Tests.Representation.GmcModelTests.Inputs(Pendulum, 2);
        // Row 0 has no sound, row 1 no image; the inputs still hold values there, which the presence overrides.
        var presence = tensor(new float[] { 1, 0, 0, 1 }, [2, 2]);
        var features = model.Features(inputs, presence);
        var noSound = model.Encode([inputs[0], zeros_like(inputs[1])]);
        var noImage = model.Encode([zeros_like(inputs[0]), inputs[1]]);
        Assert.True(features[0].allclose(noSound[0], rtol: 1e-5, atol: 1e-6));
        Assert.True(features[1].allclose(noImage[1], rtol: 1e-5, atol: 1e-6));
        Assert.False(features[0].allclose(model.Encode(inputs)[0], rtol: 1e-3, atol: 1e-3));
        Assert.True(model.Features(inputs, ones(2, 2)).allclose(model.Encode(inputs)));
    }

    [Fact]
    public void With_standardised_sound_a_missing_sound_reads_as_the_training_mean()
    {
        // The zeros a fusion model sees are those of the space it reads: zero-filling a standardised sound is the mean.
        var data = Tiny.Small;
        var options = Tiny.Baseline(BaselineKind.FusionAutoencoder) with { Model = Tiny.Model with { StandardizeVectors = true } };
        using var model = new FusionAutoencoder(data.Spec, options, seed: 3);
        GmcRL.Representation.Training.InputStandardization.Fit(model, data, data.Count);
        var (mean, _) = GmcRL.Representation.Training.InputStandardization.Statistics(data.ObservationColumn(1), data.Count);

        using var scope = NewDisposeScope();
        var inputs = GmcRL.Tests.Representation.GmcModelTests.Inputs(data.Spec, 3);
        var features = model.Features(inputs, tensor(new float[] { 1, 0, 1, 0, 1, 0 }, [3, 2]));
        var meanSound = tensor(mean).reshape([1, .. inputs[1].shape[1..]]).expand_as(inputs[1]);
        Assert.True(features.allclose(model.Encode([inputs[0], meanSound]), rtol: 1e-5, atol: 1e-6));
        Assert.False(features.allclose(model.Encode([inputs[0], zeros_like(inputs[1])]), rtol: 1e-3, atol: 1e-3));
    }
}
