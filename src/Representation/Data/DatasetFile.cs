using System.Runtime.InteropServices;
using GmcRL.Envs;
using GmcRL.Representation.Formats;
using GmcRL.Storage;

namespace GmcRL.Representation.Data;

/// <summary>
/// Reads and writes <see cref="MultimodalDataset"/> files: compact binary in a
/// <see cref="FramedFile"/> (magic, format version, body, SHA-256). Binary images are stored as bits (<see cref="BitPacking"/>), other byte modalities as
/// bytes, floats as little-endian float32; the header holds the environment's id and calibration, the modality
/// specs, the count and the seed. A dataset file is read up to the container's own cap,
/// <see cref="InputFile.MaxBytes"/> (just under 2 GiB, about 500,000 pendulum samples): a larger one cannot be written.
/// </summary>
public static class DatasetFile
{
    /// <summary>The format version this build writes and reads.</summary>
    public const int FormatVersion = 2;

    /// <summary>The conventional file extension.</summary>
    public const string Extension = ".gmcdata";

    private static readonly FramedFile Format = new("gmcrl-dataset", FormatVersion, "GmcRL dataset");

    /// <summary>The bytes <paramref name="count"/> samples of the (stacked) modality <paramref name="spec"/> take in a
    /// dataset, in memory and on disk, per column (observations and next observations are one column each).</summary>
    public static long ColumnBytes(ModalitySpec spec, long count) => ModalityColumn.StoredLength(spec, count);

    /// <summary>Writes <paramref name="dataset"/> to <paramref name="path"/> atomically (an existing file is replaced
    /// only once the new one is complete).</summary>
    public static void Save(MultimodalDataset dataset, string path)
    {
        var header = dataset.Header;
        int modalities = header.Spec.Count;
        var body = new DatasetBodyDto
        {
            Header = ToDto(header),
            Storage = header.Spec.Modalities.Select(m => (int)ModalityColumn.StorageOf(m)).ToArray(),
            // The columns' own arrays: a dataset of gigabytes is not copied to be written.
            Observations = Enumerable.Range(0, modalities).Select(m => dataset.ObservationColumn(m).Encoded).ToArray(),
            NextObservations = Enumerable.Range(0, modalities).Select(m => dataset.NextObservationColumn(m).Encoded).ToArray(),
            Actions = MemoryMarshal.AsBytes(dataset.Actions).ToArray(),
            Rewards = MemoryMarshal.AsBytes(dataset.Rewards).ToArray(),
            Terminated = MemoryMarshal.AsBytes(dataset.Terminated).ToArray(),
            Truncated = MemoryMarshal.AsBytes(dataset.Truncated).ToArray(),
            States = MemoryMarshal.AsBytes(dataset.States).ToArray(),
        };
        Format.WriteObject(path, body);
    }

    /// <summary>Reads a dataset; a truncated, corrupted, foreign or wrong-version file throws
    /// <see cref="InvalidDataException"/> saying which.</summary>
    public static MultimodalDataset Load(string path)
    {
        var body = Format.ReadObject<DatasetBodyDto>(path);
        try
        {
            var header = FromDto(body.Header ?? throw new InvalidDataException("the header is missing"));
            int modalities = header.Spec.Count;
            if (body.Storage.Length != modalities || body.Observations.Length != modalities || body.NextObservations.Length != modalities)
                throw new InvalidDataException($"the header names {modalities} modalities, but the body holds {body.Storage.Length} storage kinds, " +
                    $"{body.Observations.Length} observation and {body.NextObservations.Length} next-observation columns");
            var observations = new ModalityColumn[modalities];
            var next = new ModalityColumn[modalities];
            for (int m = 0; m < modalities; m++)
            {
                var spec = header.Spec.Modalities[m];
                var storage = (ColumnStorage)body.Storage[m];
                if (storage != ModalityColumn.StorageOf(spec))
                    throw new InvalidDataException($"modality '{spec.Name}' is stored as {storage}, expected {ModalityColumn.StorageOf(spec)}");
                // Binary images stay packed in memory: loading does not expand them.
                observations[m] = ModalityColumn.FromEncoded(spec, header.Count, body.Observations[m] ?? []);
                next[m] = ModalityColumn.FromEncoded(spec, header.Count, body.NextObservations[m] ?? []);
            }
            return new MultimodalDataset(header, observations, next, Floats(body.Actions), Floats(body.Rewards),
                Bools(body.Terminated), Bools(body.Truncated), MemoryMarshal.Cast<byte, double>(body.States).ToArray());
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            throw new InvalidDataException($"'{path}' is not a valid {Format.Kind}: {e.Message}", e);
        }
    }

    /// <summary>The header of the dataset at <paramref name="path"/>, checked like <see cref="Load"/> (the whole file is
    /// read: its checksum covers it). The columns are garbage once it returns (not inlined, so that no caller's frame
    /// holds them); a caller about to load the dataset again gives them back first (<see cref="Storage.LargeGarbage"/>).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static DatasetHeader ReadHeader(string path) => Load(path).Header;

    private static float[] Floats(byte[] data)
    {
        if (data.Length % sizeof(float) != 0) throw new InvalidDataException("a float column's length is not a multiple of 4");
        return MemoryMarshal.Cast<byte, float>(data).ToArray();
    }

    private static bool[] Bools(byte[] data)
    {
        foreach (byte b in data)
            if (b > 1) throw new InvalidDataException($"a flag column holds {b}, not 0 or 1");
        return MemoryMarshal.Cast<byte, bool>(data).ToArray();
    }

    internal static DatasetHeaderDto ToDto(DatasetHeader h) => new()
    {
        Environment = h.Environment, Calibration = CalibrationDto.From(h.Calibration), FrameStack = h.FrameStack,
        EpisodeLength = h.EpisodeLength, Seed = h.Seed, Count = h.Count, Modalities = ModalityDto.From(h.Spec),
        ActionSize = h.ActionSize, StateSize = h.StateSize,
    };

    internal static DatasetHeader FromDto(DatasetHeaderDto d)
    {
        if (d.Count < 0 || d.ActionSize < 0 || d.StateSize < 0 || d.FrameStack < 1)
            throw new InvalidDataException("the header's counts are negative");
        if (string.IsNullOrEmpty(d.Environment)) throw new InvalidDataException("the header names no environment");
        return new DatasetHeader(d.Environment, d.Calibration?.ToCalibration(), d.FrameStack, d.EpisodeLength, d.Seed, d.Count,
            ModalityDto.ToSpec(d.Modalities), d.ActionSize, d.StateSize);
    }
}
