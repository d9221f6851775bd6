using GmcRL.Representation.Gmc;
using GmcRL.Representation.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GmcRL.Tests.Representation;

public class PretrainingTests
{
    [Fact]
    public void A_short_run_lowers_the_validation_loss_and_pulls_positive_pairs_together()
    {
        // At initialisation every latent sits near the head's bias: all cosines are near 1, positive and random pairs
        // alike, so the positive cosine alone says nothing. Alignment is the positive cosine's lead over random pairs.
        using var trainer = GmcTrainer.Create(Tiny.Dataset, Tiny.Training(epochs: 3));
        var (lossBefore, before) = trainer.Evaluate();
        var output = new StringWriter();
        var history = trainer.Train(output);
        var (first, last) = (history[0], history[^1]);
        Assert.Equal(3, history.Count);
        Assert.True(last.ValidationLoss < lossBefore - 0.5, $"validation loss {lossBefore} -> {last.ValidationLoss}");
        Assert.True(last.ValidationLoss < first.ValidationLoss, $"validation loss after epoch 1 {first.ValidationLoss} -> {last.ValidationLoss}");
        for (int m = 0; m < 2; m++)
        {
            double Lead(ModalityAlignment a) => a.PositiveCosine - a.RandomCosine;
            var (a0, a1, a3) = (before[m], first.Alignment[m], last.Alignment[m]);
            Assert.True(Lead(a3) > Lead(a1) && Lead(a1) > Lead(a0),
                $"{a0.Modality}: positive-minus-random cosine {Lead(a0):0.000} -> {Lead(a1):0.000} -> {Lead(a3):0.000}");
            Assert.True(a3.PositiveCosine > 0.8, $"{a0.Modality}: positive cosine {a3.PositiveCosine}");
        }
        // One progress line per epoch with the loss and each modality's alignment.
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.Contains("val", l));
        Assert.Contains("image: cos", lines[^1]);
        Assert.Contains("sound: cos", lines[^1]);
        Assert.Contains("angle", lines[^1]);
    }

    [Fact]
    public void The_same_seed_twice_gives_identical_weights()
    {
        var data = Tiny.Pendulum(600);
        GmcCheckpoint Run()
        {
            using var trainer = GmcTrainer.Create(data, Tiny.Training(epochs: 1, seed: 9));
            trainer.Train();
            return trainer.Checkpoint();
        }
        Assert.True(Run().WeightsEqual(Run()));
    }

    [Fact]
    public void Resuming_from_the_last_checkpoint_continues_the_same_run()
    {
        var data = Tiny.Pendulum(600);
        using var straightFolder = new TestFolder();
        using var resumedFolder = new TestFolder();
        using (var straight = GmcTrainer.Create(data, Tiny.Training(epochs: 2), straightFolder.Path)) straight.Train();
        using (var first = GmcTrainer.Create(data, Tiny.Training(epochs: 1), resumedFolder.Path)) first.Train();
        var checkpoint = GmcCheckpoint.Load(Path.Combine(resumedFolder.Path, GmcTrainer.LastCheckpointName));
        Assert.Equal(1, checkpoint.Epoch);
        using (var resumed = GmcTrainer.Create(data, Tiny.Training(epochs: 2), resumedFolder.Path, checkpoint))
        {
            var history = resumed.Train();
            Assert.Equal(new[] { 1, 2 }, history.Select(h => h.Epoch));
        }
        var a = GmcCheckpoint.Load(Path.Combine(straightFolder.Path, GmcTrainer.LastCheckpointName));
        var b = GmcCheckpoint.Load(Path.Combine(resumedFolder.Path, GmcTrainer.LastCheckpointName));
        Assert.Equal(2, b.Epoch);
        Assert.True(a.WeightsEqual(b));
        Assert.Equal(2, File.ReadAllLines(Path.Combine(resumedFolder.Path, EpochMetrics.FileName)).Length);
        Assert.True(File.Exists(Path.Combine(resumedFolder.Path, GmcTrainer.BestCheckpointName)));
    }

    [Fact]
    public void The_best_epoch_is_the_one_whose_checkpoint_is_kept_and_a_resumed_trainer_still_knows_it()
    {
        // At this learning rate the second epoch overshoots: its held-out loss is above the first's, so the model kept
        // is not the last epoch's. The second epoch runs in a resumed trainer, which must know the best from the file.
        var data = Tiny.Pendulum(600);
        var options = Tiny.Training(epochs: 2) with { LearningRate = 0.03 };
        using var folder = new TestFolder();
        using (var first = GmcTrainer.Create(data, options with { Epochs = 1 }, folder.Path)) first.Train();
        var last = GmcCheckpoint.Load(Path.Combine(folder.Path, GmcTrainer.LastCheckpointName));
        using var resumed = GmcTrainer.Create(data, options, folder.Path, last);
        Assert.Equal(1, resumed.Best?.Epoch);
        var history = resumed.Train();
        Assert.True(history[1].ValidationLoss > history[0].ValidationLoss,
            $"held-out loss {history[0].ValidationLoss} -> {history[1].ValidationLoss}: the premise of this test no longer holds");
        Assert.Equal(history[0], resumed.Best);
        Assert.Equal(1, GmcCheckpoint.Load(Path.Combine(folder.Path, GmcTrainer.BestCheckpointName)).Epoch);
    }

    [Fact]
    public void The_best_of_a_history_is_its_first_lowest_held_out_loss_and_never_a_NaN()
    {
        static EpochMetrics Epoch(int epoch, double loss) => new(epoch, 0, loss, [], 0, 0);
        Assert.Null(EpochMetrics.Best([]));
        Assert.Null(EpochMetrics.Best([Epoch(1, double.NaN)]));
        Assert.Equal(2, EpochMetrics.Best([Epoch(1, 5), Epoch(2, 3), Epoch(3, double.NaN), Epoch(4, 3), Epoch(5, 4)])!.Epoch);
        Assert.Equal(2, EpochMetrics.Best([Epoch(1, double.NaN), Epoch(2, 7)])!.Epoch);
    }

    [Fact]
    public void Resuming_with_another_architecture_is_refused()
    {
        var data = Tiny.Pendulum(300);
        using var folder = new TestFolder();
        using (var first = GmcTrainer.Create(data, Tiny.Training(epochs: 1), folder.Path)) first.Train();
        var checkpoint = GmcCheckpoint.Load(Path.Combine(folder.Path, GmcTrainer.LastCheckpointName));
        var other = Tiny.Training(epochs: 2) with { Model = Tiny.Model with { LatentDim = 7 } };
        var e = Assert.Throws<ArgumentException>(() => GmcTrainer.Create(data, other, folder.Path, checkpoint));
        Assert.Contains("different model architecture", e.Message);
    }

    [Fact]
    public void Training_steps_and_encoder_calls_leave_the_live_tensor_count_unchanged()
    {
        var data = Tiny.Pendulum(300);
        using var trainer = GmcTrainer.Create(data, Tiny.Training());
        var stats = DisposeScopeManager.Statistics.TensorStatistics;

        // The counter counts: one tensor made here shows up.
        long empty = stats.ThreadTotalLiveCount;
        using (var probe = zeros(1)) Assert.Equal(empty + 1, stats.ThreadTotalLiveCount);

        Tiny.AssertTrainingKeepsTensorCount(trainer);

        using var encoder = new GmcEncoder(trainer.Checkpoint());
        Tiny.AssertEncodingKeepsTensorCount(encoder, data);
    }

    [Fact]
    public void Invalid_training_options_name_the_option()
    {
        Assert.Contains("BatchSize", Assert.Throws<ArgumentException>(() => new GmcTrainingOptions { BatchSize = 1 }.Validated()).Message);
        Assert.Contains("Temperature", Assert.Throws<ArgumentException>(() => new GmcTrainingOptions { Temperature = 0 }.Validated()).Message);
        Assert.Contains("ValidationFraction", Assert.Throws<ArgumentException>(() => new GmcTrainingOptions { ValidationFraction = 1 }.Validated()).Message);
    }
}
