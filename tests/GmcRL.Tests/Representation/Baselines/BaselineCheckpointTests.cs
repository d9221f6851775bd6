using GmcRL.Representation.Baselines;
using GmcRL.Representation.Formats;
using GmcRL.Representation.Training;
using GmcRL.Storage;
using GmcRL.Tests.Storage;

namespace GmcRL.Tests.Representation.Baselines;

public class BaselineCheckpointTests
{
    [Fact]
    public void A_checkpoint_round_trips_with_its_kind_options_and_normalisation()
    {
        using var folder = new TestFolder();
        var checkpoint = Trained(folder, BaselineKind.Mvae, out string path);
        var loaded = BaselineCheckpoint.Load(path, BaselineKind.Mvae);
        Assert.True(checkpoint.WeightsEqual(loaded));
        Assert.Equal(BaselineKind.Mvae, loaded.Kind);
        Assert.Equal(checkpoint.Training, loaded.Training with { Threads = checkpoint.Training.Threads });
        Assert.Equal(100, loaded.Training.WeightOf("sound"));
        Assert.Equal(Tiny.Small.Header.Calibration, loaded.Calibration);
        Assert.Equal(checkpoint.OptimizerState, loaded.OptimizerState);
        using var model = loaded.CreateModel();
        Assert.Equal(model.ParameterCount, loaded.ParameterCount);
        Assert.Equal(model.EncoderParameterCount, loaded.EncoderParameterCount);
        Assert.True(loaded.EncoderParameterCount < loaded.ParameterCount);
    }

    [Fact]
    public void Loading_the_wrong_kind_of_checkpoint_fails_with_a_clear_message()
    {
        using var folder = new TestFolder();
        Trained(folder, BaselineKind.FusionAutoencoder, out string path);
        var e = Assert.Throws<InvalidDataException>(() => BaselineCheckpoint.Load(path, BaselineKind.Mvae));
        Assert.Contains("is a fusion autoencoder checkpoint, but a MVAE one is needed", e.Message);
        Assert.Contains("is not a GMC checkpoint", Assert.Throws<InvalidDataException>(() => GmcCheckpoint.Load(path)).Message);

        using var gmc = GmcTrainer.Create(Tiny.Small, Tiny.Training(epochs: 1), folder.File("gmc"));
        gmc.Train();
        string gmcPath = Path.Combine(folder.File("gmc"), GmcTrainer.LastCheckpointName);
        Assert.Contains("is not a baseline checkpoint", Assert.Throws<InvalidDataException>(() => BaselineCheckpoint.Load(gmcPath)).Message);
    }

    [Fact]
    public void Damaged_future_and_misfitting_checkpoints_fail_clearly()
    {
        using var folder = new TestFolder();
        Trained(folder, BaselineKind.FusionAutoencoder, out string path);
        var bytes = File.ReadAllBytes(path);
        string truncated = folder.File("truncated.baseline");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => BaselineCheckpoint.Load(truncated)).Message);

        var format = new FramedFile("gmcrl-baseline-checkpoint", BaselineCheckpoint.FormatVersion, "test");
        var body = format.ReadObject<CheckpointBodyDto<BaselineTrainingOptionsDto>>(path);
        string future = folder.File("future.baseline");
        new FramedFile(format.Magic, BaselineCheckpoint.FormatVersion + 1, "test").WriteObject(future, body);
        Assert.Contains($"format version {BaselineCheckpoint.FormatVersion + 1}", Assert.Throws<InvalidDataException>(() => BaselineCheckpoint.Load(future)).Message);

        body.Training!.Kind = (int)BaselineKind.Mvae; // the weights are an autoencoder's
        string wrong = folder.File("wrong.baseline");
        format.WriteObject(wrong, body);
        Assert.Contains("architecture mismatch", Assert.Throws<InvalidDataException>(() => BaselineCheckpoint.Load(wrong)).Message);

        body.Training!.Kind = 7;
        format.WriteObject(wrong, body);
        Assert.Contains("unknown baseline kind 7", Assert.Throws<InvalidDataException>(() => BaselineCheckpoint.Load(wrong)).Message);
    }

    [Fact]
    public void Bytes_after_the_body_or_after_the_frame_are_refused()
    {
        using var folder = new TestFolder();
        Trained(folder, BaselineKind.Mvae, out string path);
        TrailingBytes.AssertRefused(path, "gmcrl-baseline-checkpoint", BaselineCheckpoint.FormatVersion, "baseline checkpoint", () => BaselineCheckpoint.Load(path));
    }

    [Fact]
    public void A_body_with_a_right_checksum_but_a_wrong_structure_fails_clearly_naming_the_file()
    {
        using var folder = new TestFolder();
        Trained(folder, BaselineKind.FusionAutoencoder, out string path);
        TamperedCheckpoints.AssertEachRefused<BaselineTrainingOptionsDto>(path, "gmcrl-baseline-checkpoint", BaselineCheckpoint.FormatVersion,
            "baseline checkpoint", p => BaselineCheckpoint.Load(p));
    }

    private static BaselineCheckpoint Trained(TestFolder folder, BaselineKind kind, out string path)
    {
        using var trainer = BaselineTrainer.Create(Tiny.Small, Tiny.Baseline(kind, epochs: 1), folder.Path);
        trainer.Train();
        path = Path.Combine(folder.Path, BaselineTrainer.LastCheckpointName);
        return trainer.Checkpoint();
    }
}
