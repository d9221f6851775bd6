using GmcRL.Representation.Formats;
using GmcRL.Representation.Training;
using GmcRL.Storage;
using GmcRL.Tests.Storage;

namespace GmcRL.Tests.Representation;

public class CheckpointTests
{
    private static readonly FramedFile Format = new("gmcrl-gmc-checkpoint", GmcCheckpoint.FormatVersion, "test");

    [Fact]
    public void A_checkpoint_round_trips_exactly_with_its_normalisation_and_options()
    {
        using var folder = new TestFolder();
        var checkpoint = Trained(folder, out string path);
        var loaded = GmcCheckpoint.Load(path);
        Assert.True(checkpoint.WeightsEqual(loaded));
        Assert.Equal(checkpoint.Epoch, loaded.Epoch);
        Assert.Equal(checkpoint.BestValidationLoss, loaded.BestValidationLoss);
        Assert.Equal(checkpoint.Calibration, loaded.Calibration);
        Assert.Equal(Tiny.Small.Header.Calibration, loaded.Calibration);
        Assert.Equal(checkpoint.Spec, loaded.Spec);
        Assert.Equal(checkpoint.Training, loaded.Training with { Threads = checkpoint.Training.Threads });
        Assert.NotNull(loaded.OptimizerState);
        Assert.Equal(checkpoint.OptimizerState, loaded.OptimizerState);
        // A model made from the loaded checkpoint carries the same weights.
        using var model = loaded.CreateModel();
        var recaptured = GmcCheckpoint.Capture(model, loaded.Dataset, loaded.Training, loaded.Epoch, loaded.BestValidationLoss);
        Assert.True(checkpoint.WeightsEqual(recaptured));
    }

    [Fact]
    public void Truncated_and_corrupted_checkpoints_fail_clearly_and_stay_as_they_were()
    {
        using var folder = new TestFolder();
        Trained(folder, out string path);
        var bytes = File.ReadAllBytes(path);

        string truncated = folder.File("truncated.gmc");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length - 1000)]);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => GmcCheckpoint.Load(truncated)).Message);
        Assert.Equal(bytes.Length - 1000, new FileInfo(truncated).Length);

        string corrupted = folder.File("corrupted.gmc");
        var flipped = (byte[])bytes.Clone();
        flipped[bytes.Length / 3] ^= 0x01;
        File.WriteAllBytes(corrupted, flipped);
        Assert.Contains("checksum", Assert.Throws<InvalidDataException>(() => GmcCheckpoint.Load(corrupted)).Message);
        Assert.Equal(flipped, File.ReadAllBytes(corrupted));

        Assert.Contains("is not a GMC checkpoint", Assert.Throws<InvalidDataException>(() =>
        {
            string dataset = folder.File("data.gmcdata");
            GmcRL.Representation.Data.DatasetFile.Save(Tiny.Pendulum(20), dataset);
            GmcCheckpoint.Load(dataset);
        }).Message);
    }

    [Fact]
    public void A_checkpoint_of_another_format_version_fails_clearly()
    {
        using var folder = new TestFolder();
        Trained(folder, out string path);
        var body = Format.ReadObject<CheckpointBodyDto<TrainingOptionsDto>>(path);
        string future = folder.File("future.gmc");
        new FramedFile(Format.Magic, GmcCheckpoint.FormatVersion + 1, "test").WriteObject(future, body);
        var e = Assert.Throws<InvalidDataException>(() => GmcCheckpoint.Load(future));
        Assert.Contains($"format version {GmcCheckpoint.FormatVersion + 1}", e.Message);
    }

    [Fact]
    public void A_checkpoint_whose_weights_do_not_fit_its_architecture_fails_clearly()
    {
        using var folder = new TestFolder();
        Trained(folder, out string path);
        var body = Format.ReadObject<CheckpointBodyDto<TrainingOptionsDto>>(path);
        body.Model!.LatentDim += 1;
        string wrong = folder.File("wrong.gmc");
        Format.WriteObject(wrong, body);
        var e = Assert.Throws<InvalidDataException>(() => GmcCheckpoint.Load(wrong));
        Assert.Contains("architecture mismatch", e.Message);
        Assert.Contains("head.output.weight", e.Message);

        body = Format.ReadObject<CheckpointBodyDto<TrainingOptionsDto>>(path);
        body.Weights = body.Weights[1..];
        Format.WriteObject(wrong, body);
        Assert.Contains("missing parameters", Assert.Throws<InvalidDataException>(() => GmcCheckpoint.Load(wrong)).Message);
    }

    [Fact]
    public void A_device_a_fifo_or_a_folder_is_refused_by_name()
    {
        using var folder = new TestFolder();
        foreach (var (path, what) in NotFiles.Make(folder))
        {
            Assert.Equal($"'{path}' {what}, not a GMC checkpoint.", NotFiles.Throws<InvalidDataException>(path, () => GmcCheckpoint.Load(path)).Message);
            Assert.Equal($"'{path}' {what}, not a baseline checkpoint.",
                NotFiles.Throws<InvalidDataException>(path, () => GmcRL.Representation.Baselines.BaselineCheckpoint.Load(path)).Message);
        }
    }

    [Fact]
    public void Bytes_after_the_body_or_after_the_frame_are_refused()
    {
        using var folder = new TestFolder();
        Trained(folder, out string path);
        TrailingBytes.AssertRefused(path, Format.Magic, GmcCheckpoint.FormatVersion, "GMC checkpoint", () => GmcCheckpoint.Load(path));
    }

    [Fact]
    public void A_body_with_a_right_checksum_but_a_wrong_structure_fails_clearly_naming_the_file()
    {
        using var folder = new TestFolder();
        Trained(folder, out string path);
        TamperedCheckpoints.AssertEachRefused<TrainingOptionsDto>(path, Format.Magic, GmcCheckpoint.FormatVersion, "GMC checkpoint", p => GmcCheckpoint.Load(p));
    }

    [Fact]
    public void Saving_over_an_existing_checkpoint_replaces_it_whole()
    {
        using var folder = new TestFolder();
        var checkpoint = Trained(folder, out string path);
        checkpoint.Save(path);
        Assert.True(checkpoint.WeightsEqual(GmcCheckpoint.Load(path)));
        Assert.Equal(3, Directory.GetFiles(folder.Path).Length); // last, best, metrics: no temporary files left
    }

    private static GmcCheckpoint Trained(TestFolder folder, out string path)
    {
        using var trainer = GmcTrainer.Create(Tiny.Small, Tiny.Training(epochs: 1), folder.Path);
        trainer.Train();
        path = Path.Combine(folder.Path, GmcTrainer.LastCheckpointName);
        return trainer.Checkpoint();
    }
}
