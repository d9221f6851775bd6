using GmcRL.Envs;
using GmcRL.Envs.Pendulum;
using GmcRL.Envs.Wrappers;
using GmcRL.Representation.Gmc;
using GmcRL.Representation.Training;
using static TorchSharp.torch;

namespace GmcRL.Tests.Representation;

public class GmcEncoderTests
{
    private static readonly Lazy<GmcCheckpoint> Checkpoint = new(() =>
    {
        using var trainer = GmcTrainer.Create(Tiny.Small, Tiny.Training(epochs: 1));
        trainer.Train();
        return trainer.Checkpoint();
    });

    [Fact]
    public void Complete_observations_take_the_joint_path_and_partial_ones_the_mean_of_present_latents()
    {
        var data = Tiny.Small;
        using var encoder = new GmcEncoder(Checkpoint.Value);
        using var model = Checkpoint.Value.CreateModel();
        model.eval();
        var observations = Enumerable.Range(0, 3).Select(i =>
        {
            var o = new MultimodalObservation(data.Spec);
            data.CopyObservation(i, o);
            return o;
        }).ToArray();
        // Reference latents from the model itself, before any modality is dropped.
        float[][] complete, image, sound;
        using (no_grad())
        using (NewDisposeScope())
        {
            var inputs = Inputs(observations);
            complete = Rows(model.Complete(inputs));
            image = Rows(model.Single(0, inputs[0]));
            sound = Rows(model.Single(1, inputs[1]));
        }
        observations[1].Drop(MultimodalPendulum.Sound);
        observations[2].Drop(MultimodalPendulum.Image);
        int size = encoder.FeatureSize;
        var features = new float[3 * size];
        encoder.Encode(observations, features);
        for (int k = 0; k < size; k++)
        {
            Assert.Equal(complete[0][k], features[k], 1e-5f);
            Assert.Equal(image[1][k], features[size + k], 1e-5f);
            Assert.Equal(sound[2][k], features[2 * size + k], 1e-5f);
        }
    }

    [Fact]
    public void The_mean_of_two_present_modalities_is_not_renormalised()
    {
        var spec = new ObservationSpec(
        [
            new ModalitySpec("a", [4], ElementType.Float32, -1, 1),
            new ModalitySpec("b", [3], ElementType.Float32, -1, 1),
            new ModalitySpec("c", [2], ElementType.Float32, -1, 1),
        ]);
        using var model = new GmcModel(spec, Tiny.Model, seed: 11);
        var header = Tiny.Small.Header with { Spec = spec };
        using var encoder = new GmcEncoder(GmcCheckpoint.Capture(model, header, Tiny.Training(), 0, 0));
        var o = new MultimodalObservation(spec);
        var rng = new Random(2);
        for (int m = 0; m < 3; m++) foreach (ref float x in o.Floats(m)) x = (float)(rng.NextDouble() * 2 - 1);
        float[] a, c;
        using (no_grad())
        using (NewDisposeScope())
        {
            model.eval();
            a = model.Single(0, tensor(o.Floats(0).ToArray(), [1, 4])).data<float>().ToArray();
            c = model.Single(2, tensor(o.Floats(2).ToArray(), [1, 2])).data<float>().ToArray();
        }
        o.Drop(1);
        var features = new float[encoder.FeatureSize];
        encoder.Encode([o], features);
        for (int k = 0; k < features.Length; k++) Assert.Equal((a[k] + c[k]) / 2, features[k], 1e-5f);
        double norm = Math.Sqrt(features.Sum(f => f * (double)f));
        Assert.True(norm < 1 - 1e-4, $"the mean of two different unit vectors is shorter than 1 (got {norm})");
    }

    [Fact]
    public void The_encoder_is_frozen_and_reads_dropout_masks_from_the_environment()
    {
        var checkpoint = Checkpoint.Value;
        using var encoder = new GmcEncoder(checkpoint);
        Assert.Equal(Tiny.Small.Header.Calibration, encoder.Calibration);
        var settings = new MultimodalPendulumSettings { SoundNormalization = PendulumCalibration.Normalization(encoder.Calibration!) };
        IEnvironment<MultimodalObservation, float[]> env = new FrameStack<float[]>(new MultimodalPendulum(settings), 2);
        env = new ModalityDropout<float[]>(env, new DropSchedule.PerStep(0.4), seed: 1);
        var o = env.Reset(seed: 5).Observation;
        var features = new float[encoder.FeatureSize];
        var masks = new HashSet<PresenceMask>();
        var rng = new Random(0);
        for (int t = 0; t < 40; t++)
        {
            encoder.Encode([o], features);
            Assert.All(features, f => Assert.True(float.IsFinite(f)));
            masks.Add(o.Mask);
            o = env.Step(env.ActionSpace.Sample(rng)).Observation;
        }
        Assert.Equal(3, masks.Count); // complete, image only, sound only
    }

    [Fact]
    public void Observations_the_encoder_cannot_read_are_refused_clearly()
    {
        using var encoder = new GmcEncoder(Checkpoint.Value);
        var features = new float[encoder.FeatureSize];
        var empty = new MultimodalObservation(Tiny.Small.Spec);
        empty.Drop(0);
        empty.Drop(1);
        Assert.Contains("at least one", Assert.Throws<ArgumentException>(() => encoder.Encode([empty], features)).Message);

        // An environment with another sound normalisation has another spec: the encoder says what to do.
        var other = new FrameStack<float[]>(new MultimodalPendulum(), 2).Reset(seed: 1).Observation;
        Assert.Contains("sound normalisation", Assert.Throws<ArgumentException>(() => encoder.Encode([other], features)).Message);

        var complete = new MultimodalObservation(Tiny.Small.Spec);
        Assert.Contains("floats", Assert.Throws<ArgumentException>(() => encoder.Encode([complete], new float[3])).Message);
    }

    private static Tensor[] Inputs(MultimodalObservation[] observations)
    {
        var spec = observations[0].Spec;
        return Enumerable.Range(0, spec.Count).Select(m =>
        {
            long[] shape = [observations.Length, .. spec.Modalities[m].Shape.Select(d => (long)d)];
            var values = observations.SelectMany(o => Enumerable.Range(0, spec.Modalities[m].Length).Select(i => (float)o.Get(m, i))).ToArray();
            return tensor(values, shape);
        }).ToArray();
    }

    private static float[][] Rows(Tensor z)
    {
        var values = z.data<float>().ToArray();
        int size = (int)z.shape[1];
        return Enumerable.Range(0, (int)z.shape[0]).Select(i => values[(i * size)..((i + 1) * size)]).ToArray();
    }
}
