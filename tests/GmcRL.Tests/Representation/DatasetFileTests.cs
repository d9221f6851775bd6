using GmcRL.Envs;
using GmcRL.Envs.Registry;
using GmcRL.Representation.Data;
using GmcRL.Representation.Formats;
using GmcRL.Storage;
using GmcRL.Tests.Storage;

namespace GmcRL.Tests.Representation;

public class DatasetFileTests
{
    [Fact]
    public void A_dataset_round_trips_exactly_and_images_take_a_bit_each()
    {
        using var folder = new TestFolder();
        var data = Tiny.Pendulum(500, episodeLength: 120);
        string path = folder.File("data" + DatasetFile.Extension);
        DatasetFile.Save(data, path);
        var loaded = DatasetFile.Load(path);
        Assert.True(data.ContentEquals(loaded));
        var (a, b) = (data.Header, loaded.Header);
        Assert.Equal((a.Environment, a.FrameStack, a.EpisodeLength, a.Seed, a.Count, a.ActionSize, a.StateSize),
            (b.Environment, b.FrameStack, b.EpisodeLength, b.Seed, b.Count, b.ActionSize, b.StateSize));
        Assert.Equal(a.Spec, b.Spec);
        Assert.NotNull(a.Calibration);
        Assert.Equal(a.Calibration, b.Calibration);
        // Two stacked 60x60 binary images per observation and per next observation, at one bit per pixel.
        long imageBits = 2L * 500 * 2 * 60 * 60 / 8;
        Assert.InRange(new FileInfo(path).Length, imageBits, imageBits + 500 * 200);
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
    }

    [Fact]
    public void A_truncated_file_fails_clearly_and_is_left_as_it_was()
    {
        using var folder = new TestFolder();
        string path = Saved(folder);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<InvalidDataException>(() => DatasetFile.Load(path));
        Assert.Contains("truncated", e.Message);
        Assert.Equal(bytes[..(bytes.Length / 2)], File.ReadAllBytes(path));
    }

    [Fact]
    public void A_corrupted_file_fails_its_checksum()
    {
        using var folder = new TestFolder();
        string path = Saved(folder);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => DatasetFile.Load(path));
        Assert.Contains("checksum", e.Message);
    }

    [Fact]
    public void A_file_of_another_format_version_or_kind_fails_clearly()
    {
        using var folder = new TestFolder();
        string path = folder.File("future.gmcdata");
        new FramedFile("gmcrl-dataset", DatasetFile.FormatVersion + 1, "test").WriteObject(path, new DatasetBodyDto());
        var e = Assert.Throws<InvalidDataException>(() => DatasetFile.Load(path));
        Assert.Contains($"format version {DatasetFile.FormatVersion + 1}", e.Message);
        Assert.Contains($"reads version {DatasetFile.FormatVersion}", e.Message);

        string other = folder.File("other.gmcdata");
        new FramedFile("gmcrl-gmc-checkpoint", DatasetFile.FormatVersion, "test").WriteObject(other, new DatasetBodyDto());
        Assert.Contains("is not a GmcRL dataset", Assert.Throws<InvalidDataException>(() => DatasetFile.Load(other)).Message);

        string garbage = folder.File("garbage.gmcdata");
        File.WriteAllText(garbage, "not a dataset at all");
        Assert.Contains("is not a GmcRL dataset (it does not start with a GmcRL file frame)", Assert.Throws<InvalidDataException>(() => DatasetFile.Load(garbage)).Message);
    }

    [Fact]
    public void A_consistent_checksum_over_an_inconsistent_body_fails_clearly()
    {
        using var folder = new TestFolder();
        string path = folder.File("inconsistent.gmcdata");
        var data = Tiny.Pendulum(50);
        var body = new DatasetBodyDto { Header = DatasetFile.ToDto(data.Header), Storage = [0, 2], Observations = [[1, 2], [3]], NextObservations = [[1], [2]] };
        new FramedFile("gmcrl-dataset", DatasetFile.FormatVersion, "test").WriteObject(path, body);
        var e = Assert.Throws<InvalidDataException>(() => DatasetFile.Load(path));
        Assert.Contains("not a valid GmcRL dataset", e.Message);
    }

    [Fact]
    public void Bytes_after_the_body_or_after_the_frame_are_refused()
    {
        using var folder = new TestFolder();
        string path = Saved(folder);
        TrailingBytes.AssertRefused(path, "gmcrl-dataset", DatasetFile.FormatVersion, "GmcRL dataset", () => DatasetFile.Load(path));
    }

    [Fact]
    public void Counts_that_disagree_with_the_data_or_missing_columns_fail_clearly_naming_the_file()
    {
        using var folder = new TestFolder();
        string path = Saved(folder);
        var format = new FramedFile("gmcrl-dataset", DatasetFile.FormatVersion, "test");
        string wrong = folder.File("wrong.gmcdata");
        (Action<DatasetBodyDto> Edit, string Problem)[] cases =
        [
            (b => b.Header!.Count += 1, "modality 'image' holds 90000 stored bytes, expected 90900 for 101 samples"),
            (b => b.Header!.Count = int.MaxValue, "modality 'image' holds 90000 stored bytes, expected 1932735282300 for 2147483647 samples"),
            (b => b.Header!.ActionSize = 1 << 28, "the action, reward, flag or state columns do not match the sample count"),
            (b => b.Observations[0] = null!, "modality 'image' holds 0 stored bytes, expected 90000 for 100 samples"),
            (b => b.Actions = null!, "the action, reward, flag or state columns do not match the sample count"),
            (b => b.Storage = null!, "the header names 2 modalities, but the body holds 0 storage kinds, 2 observation and 2 next-observation columns"),
            (b => b.Observations = null!, "the header names 2 modalities, but the body holds 2 storage kinds, 0 observation and 2 next-observation columns"),
        ];
        foreach (var (edit, problem) in cases)
        {
            var body = format.ReadObject<DatasetBodyDto>(path);
            edit(body);
            format.WriteObject(wrong, body);
            var e = Assert.Throws<InvalidDataException>(() => DatasetFile.Load(wrong));
            Assert.StartsWith($"'{wrong}' is not a valid GmcRL dataset: ", e.Message);
            Assert.Contains(problem, e.Message);
        }
    }

    [Fact]
    public void A_failed_save_leaves_the_existing_file_untouched_and_no_temporary_files()
    {
        using var folder = new TestFolder();
        string path = Saved(folder);
        var before = File.ReadAllBytes(path);
        Assert.Throws<IOException>(() => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[100]);
            throw new IOException("disk full");
        }));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void A_device_a_fifo_or_a_folder_is_refused_by_name()
    {
        using var folder = new TestFolder();
        foreach (var (path, what) in NotFiles.Make(folder))
            Assert.Equal($"'{path}' {what}, not a GmcRL dataset.", NotFiles.Throws<InvalidDataException>(path, () => DatasetFile.Load(path)).Message);
    }

    [Fact]
    public void A_missing_file_names_its_path()
    {
        var e = Assert.Throws<FileNotFoundException>(() => DatasetFile.Load("/nonexistent/data.gmcdata"));
        Assert.Contains("/nonexistent/data.gmcdata", e.Message);
    }

    private static string Saved(TestFolder folder)
    {
        string path = folder.File("data.gmcdata");
        DatasetFile.Save(Tiny.Pendulum(100), path);
        return path;
    }
}

public class QuantisedColumnTests
{
    private static MultimodalDataset Hyperhot(int count) =>
        DatasetCollector.Collect(EnvRegistry.Get("hyperhot-v1"), new CollectionOptions { Count = count, Seed = 5 });

    [Fact]
    public void Hyperhot_sound_is_stored_as_16_bit_levels_and_reads_back_as_the_game_observed_it()
    {
        using var folder = new TestFolder();
        var data = Hyperhot(120);
        var sound = data.Spec.Modalities[1];
        Assert.Equal(65_535, sound.Levels);
        string path = folder.File("hyperhot" + DatasetFile.Extension);
        DatasetFile.Save(data, path);
        var loaded = DatasetFile.Load(path);
        Assert.True(data.ContentEquals(loaded));
        Assert.Equal(sound, loaded.Spec.Modalities[1]);

        // Collection stored every sound sample as a level that gives it back exactly (it refuses any other), and the
        // file gives back the same levels.
        var first = new MultimodalObservation(loaded.Spec);
        loaded.CopyObservation(0, first);
        Assert.All(first.Floats(1).ToArray(), v => Assert.Equal(v, (float)(Math.Round(v * 65_534.0) / 65_534.0)));

        // 2 bytes per sound element (observation and next observation), not 4.
        long soundBytes = 2L * 120 * sound.Length * sizeof(ushort);
        Assert.InRange(new FileInfo(path).Length, soundBytes, soundBytes + 120 * 4_000);
    }

    [Fact]
    public void A_value_between_a_quantised_modalitys_levels_is_refused_when_stored()
    {
        var spec = new ObservationSpec([new ModalitySpec("wave", [4], ElementType.Float32, 0, 1, ModalityKind.Vector, levels: 5)]);
        var column = ModalityColumn.Create(spec.Modalities[0], 2);
        var observation = new MultimodalObservation(spec);
        float[] onGrid = [0f, 0.25f, 0.5f, 1f];
        onGrid.CopyTo(observation.Floats(0));
        column.Write(0, observation, 0);
        var back = new float[4];
        column.ReadFloats(0, back, channelsLast: false);
        Assert.Equal(onGrid, back);

        observation.Floats(0)[2] = 0.3f;
        var e = Assert.Throws<InvalidOperationException>(() => column.Write(1, observation, 0));
        Assert.Contains("declares 5 levels in [0, 1]", e.Message);
        Assert.Contains("0.3", e.Message);
    }

    [Fact]
    public void A_stored_level_beyond_the_modalitys_count_fails_clearly()
    {
        var spec = new ModalitySpec("wave", [2], ElementType.Float32, 0, 1, ModalityKind.Vector, levels: 5);
        var e = Assert.Throws<InvalidDataException>(() => ModalityColumn.FromEncoded(spec, 1, [1, 0, 5, 0]));
        Assert.Contains("element 1 is level 5, but the modality has 5 levels", e.Message);
        Assert.Contains("odd", Assert.Throws<InvalidDataException>(() => ModalityColumn.FromEncoded(spec, 1, [1, 0, 5])).Message);
    }

    [Theory]
    [InlineData(ElementType.UInt8, 0, 1, 4)]
    [InlineData(ElementType.Float32, 0, 1, 1)]
    [InlineData(ElementType.Float32, 0, 1, 65_537)]
    [InlineData(ElementType.Float32, 1, 1, 4)]
    public void Impossible_levels_are_refused(ElementType type, double low, double high, int levels)
    {
        var e = Assert.Throws<ArgumentException>(() => new ModalitySpec("wave", [2], type, low, high, ModalityKind.Vector, levels));
        Assert.Contains("levels need float elements", e.Message);
    }
}
