using System.Runtime.InteropServices;
using GmcRL.Envs;
using GmcRL.Representation.Formats;
using GmcRL.Storage;

namespace GmcRL.Representation.Data;

/// <summary>
/// One modality of every sample of a dataset, row after row, in its storage form, in one byte array that is also its
/// form on disk (so that writing and reading a dataset copies no column): binary images (UInt8 in [0, 1]) packed eight
/// pixels to a byte (a 20,000-sample pendulum column is 18 MB instead of 144 MB), other bytes as bytes, quantised
/// floats (<see cref="ModalitySpec.Levels"/>) as 16-bit level numbers (Hyperhot's sound: half the size of floats,
/// losslessly), other floats as little-endian floats. Rows are decoded on demand, straight into the caller's buffer.
/// </summary>
internal sealed class ModalityColumn
{
    private readonly byte[] _data;
    private byte[]? _unpacked;
    private float[]? _values;

    private ModalityColumn(ModalitySpec spec, int count, byte[] data)
    {
        Spec = spec;
        Count = count;
        _data = data;
        long expected = StoredLength(spec, count);
        if (data.LongLength != expected)
            throw new InvalidDataException($"modality '{spec.Name}' holds {data.LongLength} stored bytes, expected {expected} for {count} samples");
    }

    public ModalitySpec Spec { get; }

    public int Count { get; }

    public ColumnStorage Storage => StorageOf(Spec);

    /// <summary>An empty (zeroed) column for <paramref name="count"/> samples.</summary>
    public static ModalityColumn Create(ModalitySpec spec, int count) => new(spec, count, new byte[StoredLength(spec, count)]);

    /// <summary>The bytes a column of <paramref name="count"/> samples of <paramref name="spec"/> holds, in memory as on disk.</summary>
    public static long StoredLength(ModalitySpec spec, long count)
    {
        long elements = count * spec.Length;
        return StorageOf(spec) switch
        {
            ColumnStorage.Bits => BitPacking.PackedLength(elements),
            ColumnStorage.Bytes => elements,
            ColumnStorage.Levels16 => elements * sizeof(ushort),
            _ => elements * sizeof(float),
        };
    }

    /// <summary>A column over stored data as it is on disk (see <see cref="Encoded"/>); the array is kept, not copied.</summary>
    public static ModalityColumn FromEncoded(ModalitySpec spec, int count, byte[] data)
    {
        switch (StorageOf(spec))
        {
            case ColumnStorage.Levels16:
                if (data.Length % sizeof(ushort) != 0) throw new InvalidDataException($"modality '{spec.Name}': a 16-bit column's length is odd");
                var levels = MemoryMarshal.Cast<byte, ushort>(data);
                int bad = spec.Levels > ushort.MaxValue ? -1 : levels.IndexOfAnyInRange((ushort)spec.Levels, ushort.MaxValue);
                if (bad >= 0)
                    throw new InvalidDataException($"modality '{spec.Name}': element {bad} is level {levels[bad]}, but the modality has {spec.Levels} levels");
                break;
            case ColumnStorage.Float32:
                if (data.Length % sizeof(float) != 0) throw new InvalidDataException($"modality '{spec.Name}': a float column's length is not a multiple of 4");
                break;
        }
        return new(spec, count, data);
    }

    /// <summary>How a modality is stored: bits for binary UInt8 data, bytes for other UInt8 data, 16-bit level numbers
    /// for quantised floats, float32 otherwise.</summary>
    public static ColumnStorage StorageOf(ModalitySpec spec) => spec.ElementType switch
    {
        ElementType.UInt8 when spec.Low >= 0 && spec.High <= 1 => ColumnStorage.Bits,
        ElementType.UInt8 => ColumnStorage.Bytes,
        _ when spec.Levels > 0 => ColumnStorage.Levels16,
        _ => ColumnStorage.Float32,
    };

    /// <summary>The stored bytes as written to disk (the column's own array).</summary>
    public byte[] Encoded => _data;

    // The column's elements in their storage type.
    private Span<ushort> Levels => MemoryMarshal.Cast<byte, ushort>(_data.AsSpan());
    private Span<float> FloatSpan => MemoryMarshal.Cast<byte, float>(_data.AsSpan());

    /// <summary>Every element of a UInt8 column, unpacked on first use.</summary>
    public ReadOnlySpan<byte> Bytes => Storage switch
    {
        ColumnStorage.Bytes => _data,
        ColumnStorage.Bits => _unpacked ??= BitPacking.Unpack(_data, (long)Count * Spec.Length),
        _ => throw new InvalidOperationException($"Modality '{Spec.Name}' holds floats, not bytes."),
    };

    /// <summary>Every element of a float column (a quantised one decoded into a new array).</summary>
    public ReadOnlySpan<float> Floats
    {
        get
        {
            if (Storage == ColumnStorage.Float32) return FloatSpan;
            if (Storage != ColumnStorage.Levels16) throw new InvalidOperationException($"Modality '{Spec.Name}' holds bytes, not floats.");
            var levels = Levels;
            var values = new float[levels.Length];
            var table = Values;
            for (int i = 0; i < values.Length; i++) values[i] = table[levels[i]];
            return values;
        }
    }

    // The value of every level of a quantised column.
    private float[] Values => _values ??= Enumerable.Range(0, Spec.Levels).Select(Spec.Level).ToArray();

    /// <summary>Stores <paramref name="observation"/>'s modality <paramref name="modality"/> as row <paramref name="row"/>.
    /// A quantised modality's element that is not one of its levels throws <see cref="InvalidOperationException"/>.</summary>
    public void Write(int row, MultimodalObservation observation, int modality)
    {
        int length = Spec.Length;
        switch (Storage)
        {
            case ColumnStorage.Bits:
                BitPacking.Pack(observation.Bytes(modality), _data, (long)row * length);
                _unpacked = null;
                break;
            case ColumnStorage.Bytes:
                observation.Bytes(modality).CopyTo(_data.AsSpan(row * length, length));
                break;
            case ColumnStorage.Levels16:
                Quantise(observation.Floats(modality), Levels.Slice(row * length, length));
                break;
            default:
                observation.Floats(modality).CopyTo(FloatSpan.Slice(row * length, length));
                break;
        }
    }
    // The level number of every value, checked to give the value back exactly.
    private void Quantise(ReadOnlySpan<float> values, Span<ushort> levels)
    {
        var table = Values;
        double scale = (Spec.Levels - 1) / (Spec.High - Spec.Low);
        for (int i = 0; i < values.Length; i++)
        {
            float v = values[i];
            double k = Math.Round((v - Spec.Low) * scale);
            if (!(k >= 0 && k < table.Length) || table[(int)k] != v)
                throw new InvalidOperationException($"Modality '{Spec.Name}' declares {Spec.Levels} levels in [{Spec.Low}, {Spec.High}], " +
                    $"but element {i} of an observation is {v}, which is not one of them.");
            levels[i] = (ushort)k;
        }
    }

    /// <summary>Copies row <paramref name="row"/> into <paramref name="observation"/>'s modality.</summary>
    public void Read(int row, MultimodalObservation observation, int modality)
    {
        switch (Storage)
        {
            case ColumnStorage.Bits:
                BitPacking.Unpack(_data, observation.Bytes(modality), (long)row * Spec.Length);
                break;
            case ColumnStorage.Bytes:
                _data.AsSpan(row * Spec.Length, Spec.Length).CopyTo(observation.Bytes(modality));
                break;
            default:
                ReadFloats(row, observation.Floats(modality), channelsLast: false);
                break;
        }
    }

    /// <summary>
    /// Writes row <paramref name="row"/> as floats into <paramref name="target"/> (Length elements), decoding bits, bytes
    /// or levels on the way (the one conversion of the training pipeline). With <paramref name="channelsLast"/>, a
    /// [frames, H, W] row is written in [H, W, frames] order: element (f, p) goes to p * frames + f.
    /// </summary>
    public void ReadFloats(int row, Span<float> target, bool channelsLast)
    {
        int length = Spec.Length;
        int frames = channelsLast ? Spec.Shape[0] : 1;
        int plane = length / frames;
        long start = (long)row * length;
        var storage = Storage;
        // Element j = f * plane + p of the row goes to p * frames + f (channels-last) or to j.
        for (int f = 0; f < frames; f++)
        {
            long first = start + (long)f * plane;
            int stride = channelsLast ? frames : 1;
            var output = target[(channelsLast ? f : f * plane)..];
            switch (storage)
            {
                case ColumnStorage.Bits:
                    BitPacking.UnpackFloats(_data, first, output, stride, plane);
                    break;
                case ColumnStorage.Bytes:
                    var bytes = _data.AsSpan((int)first, plane);
                    for (int p = 0; p < plane; p++) output[p * stride] = bytes[p];
                    break;
                case ColumnStorage.Levels16:
                    var levels = Levels.Slice((int)first, plane);
                    var table = Values;
                    for (int p = 0; p < plane; p++) output[p * stride] = table[levels[p]];
                    break;
                default:
                    var floats = FloatSpan.Slice((int)first, plane);
                    if (stride == 1) floats.CopyTo(output);
                    else for (int p = 0; p < plane; p++) output[p * stride] = floats[p];
                    break;
            }
        }
    }

    /// <summary>True when both columns hold the same elements.</summary>
    public bool ContentEquals(ModalityColumn other) =>
        Spec.Equals(other.Spec) && Count == other.Count && _data.AsSpan().SequenceEqual(other._data);
}
