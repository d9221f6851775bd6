using GmcRL.Envs;
using GmcRL.Representation.Baselines;
using GmcRL.Representation.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GmcRL.Tests.Representation.Baselines;

public class BaselinePretrainingTests
{
    [Theory]
    [InlineData(BaselineKind.FusionAutoencoder)]
    [InlineData(BaselineKind.Mvae)]
    public void A_short_run_lowers_the_held_out_reconstruction_loss(BaselineKind kind)
    {
        using var trainer = BaselineTrainer.Create(Tiny.Dataset, Tiny.Baseline(kind, epochs: 3));
        var (before, _) = trainer.Evaluate();
        var output = new StringWriter();
        var history = trainer.Train(output);
        Assert.Equal(3, history.Count);
        // The loss starts near the image's 7,200 pixels x log 2 (logits near 0) plus the sound's error; it must fall
        // well below that, and keep falling after the first epoch.
        Assert.True(history[^1].ValidationLoss < 0.5 * before, $"{kind}: held-out loss {before} -> {history[^1].ValidationLoss}");
        Assert.True(history[^1].ValidationLoss < history[0].ValidationLoss, $"{kind}: held-out loss after epoch 1 {history[0].ValidationLoss} -> {history[^1].ValidationLoss}");
        Assert.True(history[^1].TrainLoss < history[0].TrainLoss, $"{kind}: training loss {history[0].TrainLoss} -> {history[^1].TrainLoss}");
        var last = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.Contains("image: cos", last);
        Assert.Contains("sound: cos", last);
    }

    [Fact]
    public void The_mvae_is_deterministic_by_seed_and_resumes_to_the_same_weights()
    {
        var data = Tiny.Pendulum(400);
        var options = Tiny.Baseline(BaselineKind.Mvae, epochs: 2, seed: 9);
        using var straightFolder = new TestFolder();
        using var resumedFolder = new TestFolder();
        BaselineCheckpoint straight;
        using (var trainer = BaselineTrainer.Create(data, options, straightFolder.Path))
        {
            trainer.Train();
            straight = trainer.Checkpoint();
        }
        using (var again = BaselineTrainer.Create(data, options))
        {
            again.Train();
            Assert.True(straight.WeightsEqual(again.Checkpoint()));
        }
        using (var first = BaselineTrainer.Create(data, options with { Epochs = 1 }, resumedFolder.Path)) first.Train();
        var checkpoint = BaselineCheckpoint.Load(Path.Combine(resumedFolder.Path, BaselineTrainer.LastCheckpointName), BaselineKind.Mvae);
        Assert.Equal(1, checkpoint.Epoch);
        using (var resumed = BaselineTrainer.Create(data, options, resumedFolder.Path, checkpoint))
            Assert.Equal(new[] { 1, 2 }, resumed.Train().Select(h => h.Epoch));
        Assert.True(straight.WeightsEqual(BaselineCheckpoint.Load(Path.Combine(resumedFolder.Path, BaselineTrainer.LastCheckpointName))));

        using var other = BaselineTrainer.Create(data, options with { Seed = 10 });
        other.Train();
        Assert.False(straight.WeightsEqual(other.Checkpoint()));
    }

    [Fact]
    public void Resuming_with_another_kind_is_refused()
    {
        var data = Tiny.Pendulum(300);
        using var folder = new TestFolder();
        using (var first = BaselineTrainer.Create(data, Tiny.Baseline(BaselineKind.FusionAutoencoder, epochs: 1), folder.Path)) first.Train();
        var checkpoint = BaselineCheckpoint.Load(Path.Combine(folder.Path, BaselineTrainer.LastCheckpointName));
        var e = Assert.Throws<ArgumentException>(() => BaselineTrainer.Create(data, Tiny.Baseline(BaselineKind.Mvae), folder.Path, checkpoint));
        Assert.Contains("fusion autoencoder", e.Message);
    }

    [Theory]
    [InlineData(BaselineKind.FusionAutoencoder)]
    [InlineData(BaselineKind.Mvae)]
    public void Training_steps_and_encoder_calls_leave_the_live_tensor_count_unchanged(BaselineKind kind)
    {
        var data = Tiny.Small;
        using var trainer = BaselineTrainer.Create(data, Tiny.Baseline(kind));
        Tiny.AssertTrainingKeepsTensorCount(trainer);

        using var encoder = new BaselineEncoder(trainer.Checkpoint());
        Tiny.AssertEncodingKeepsTensorCount(encoder, data);
    }

    [Theory]
    [InlineData(BaselineKind.FusionAutoencoder)]
    [InlineData(BaselineKind.Mvae)]
    public void The_encoder_gives_each_row_what_the_model_gives_it_alone(BaselineKind kind)
    {
        var data = Tiny.Small;
        using var trainer = BaselineTrainer.Create(data, Tiny.Baseline(kind, epochs: 1));
        trainer.Train();
        using var encoder = new BaselineEncoder(trainer.Checkpoint());
        var observations = Tiny.Observations(data, 3); // complete, image only, sound only
        var batch = new float[3 * encoder.FeatureSize];
        encoder.Encode(observations, batch);
        for (int i = 0; i < 3; i++)
        {
            var alone = new float[encoder.FeatureSize];
            encoder.Encode(observations.AsSpan(i, 1), alone);
            Assert.Equal(alone, batch.AsSpan(i * encoder.FeatureSize, encoder.FeatureSize).ToArray(), new ProductOfExpertsTests.Tolerance(1e-5f));
        }
        // A missing modality changes the feature (it is not silently encoded from its stale data).
        var complete = batch.AsSpan(0, encoder.FeatureSize).ToArray();
        var imageOnly = new float[encoder.FeatureSize];
        var copy = observations[0].Clone();
        copy.Mask = copy.Mask.Without(1); // missing, but its data left in place: the encoder must read the mask
        encoder.Encode([copy], imageOnly);
        Assert.NotEqual(complete, imageOnly);
        var dropped = observations[0].Clone();
        dropped.Drop(1);
        var expected = new float[encoder.FeatureSize];
        encoder.Encode([dropped], expected);
        Assert.Equal(expected, imageOnly);
    }

    [Fact]
    public void Invalid_options_name_the_option()
    {
        Assert.Contains("BatchSize", Assert.Throws<ArgumentException>(() => new BaselineTrainingOptions { BatchSize = 1 }.Validated()).Message);
        Assert.Contains("KlWeight", Assert.Throws<ArgumentException>(() => new BaselineTrainingOptions { KlWeight = -1 }.Validated()).Message);
        Assert.Contains("'sound'", Assert.Throws<ArgumentException>(() => new BaselineTrainingOptions
        {
            ReconstructionWeights = new Dictionary<string, double> { ["sound"] = double.NaN },
        }.Validated()).Message);
    }
}
