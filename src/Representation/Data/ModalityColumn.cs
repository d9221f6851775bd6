using GmcRL.Envs;
using GmcRL.Representation.Formats;
using GmcRL.Storage;

namespace GmcRL.Representation.Data;

/// <summary>
/// One modality of every sample of a dataset, row after row, in its storage form: binary images (UInt8 in [0, 1]) stay
/// packed eight pixels to a byte in memory as on disk (a 20,000-sample pendulum column is 18 MB instead of 144 MB),
/// other bytes as bytes, floats as floats. Rows are decoded on demand, straight into the caller's buffer.
/// </summary>
internal sealed class ModalityColumn
{
    private readonly byte[]? _packed;
    private readonly byte[]? _bytes;
    private readonly float[]? _floats;
    private byte[]? _unpacked;

    private ModalityColumn(ModalitySpec spec, int count, byte[]? packed, byte[]? bytes, float[]? floats)
    {
        Spec = spec;
        Count = count;
        _packed = packed;
        _bytes = bytes;
        _floats = floats;
        long expected = Storage switch
        {
            ColumnStorage.Bits => BitPacking.PackedLength((long)count * spec.Length),
            ColumnStorage.Bytes => (long)count * spec.Length,
            _ => (long)count * spec.Length,
        };
        long actual = packed?.LongLength ?? bytes?.LongLength ?? floats!.LongLength;
        if (actual != expected)
            throw new InvalidDataException($"modality '{spec.Name}' holds {actual} stored elements, expected {expected} for {count} samples");
    }

    public ModalitySpec Spec { get; }

    public int Count { get; }

    public ColumnStorage Storage => StorageOf(Spec);

    /// <summary>An empty (zeroed) column for <paramref name="count"/> samples.</summary>
    public static ModalityColumn Create(ModalitySpec spec, int count) => StorageOf(spec) switch
    {
        ColumnStorage.Bits => new(spec, count, new byte[BitPacking.PackedLength((long)count * spec.Length)], null, null),
        ColumnStorage.Bytes => new(spec, count, null, new byte[(long)count * spec.Length], null),
        _ => new(spec, count, null, null, new float[(long)count * spec.Length]),
    };

    /// <summary>A column over stored data as it is on disk (see <see cref="Encoded"/>).</summary>
    public static ModalityColumn FromEncoded(ModalitySpec spec, int count, byte[] data) => StorageOf(spec) switch
    {
        ColumnStorage.Bits => new(spec, count, data, null, null),
        ColumnStorage.Bytes => new(spec, count, null, data, null),
        _ => data.Length % sizeof(float) == 0
            ? new(spec, count, null, null, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(data).ToArray())
            : throw new InvalidDataException($"modality '{spec.Name}': a float column's length is not a multiple of 4"),
    };

    /// <summary>How a modality is stored: bits for binary UInt8 data, bytes for other UInt8 data, float32 otherwise.</summary>
    public static ColumnStorage StorageOf(ModalitySpec spec) => spec.ElementType switch
    {
        ElementType.UInt8 when spec.Low >= 0 && spec.High <= 1 => ColumnStorage.Bits,
        ElementType.UInt8 => ColumnStorage.Bytes,
        _ => ColumnStorage.Float32,
    };

    /// <summary>The stored bytes as written to disk.</summary>
    public ReadOnlySpan<byte> Encoded => _packed ?? _bytes ?? System.Runtime.InteropServices.MemoryMarshal.AsBytes(_floats.AsSpan());

    /// <summary>Every element of a UInt8 column, unpacked on first use.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes ?? (_unpacked ??= BitPacking.Unpack(
        _packed ?? throw new InvalidOperationException($"Modality '{Spec.Name}' holds floats, not bytes."), (long)Count * Spec.Length));

    /// <summary>Every element of a Float32 column.</summary>
    public ReadOnlySpan<float> Floats => _floats ?? throw new InvalidOperationException($"Modality '{Spec.Name}' holds bytes, not floats.");

    /// <summary>Stores <paramref name="observation"/>'s modality <paramref name="modality"/> as row <paramref name="row"/>.</summary>
    public void Write(int row, MultimodalObservation observation, int modality)
    {
        int length = Spec.Length;
        switch (Storage)
        {
            case ColumnStorage.Bits:
                BitPacking.Pack(observation.Bytes(modality), _packed!, (long)row * length);
                _unpacked = null;
                break;
            case ColumnStorage.Bytes:
                observation.Bytes(modality).CopyTo(_bytes.AsSpan(row * length, length));
                break;
            default:
                observation.Floats(modality).CopyTo(_floats.AsSpan(row * length, length));
                break;
        }
    }

    /// <summary>Copies row <paramref name="row"/> into <paramref name="observation"/>'s modality.</summary>
    public void Read(int row, MultimodalObservation observation, int modality)
    {
        int length = Spec.Length;
        switch (Storage)
        {
            case ColumnStorage.Bits:
                BitPacking.Unpack(_packed!, observation.Bytes(modality), (long)row * length);
                break;
            case ColumnStorage.Bytes:
                _bytes.AsSpan(row * length, length).CopyTo(observation.Bytes(modality));
                break;
            default:
                _floats.AsSpan(row * length, length).CopyTo(observation.Floats(modality));
                break;
        }
    }

    /// <summary>
    /// Writes row <paramref name="row"/> as floats into <paramref name="target"/> (Length elements), decoding bits or
    /// converting bytes on the way (the one conversion of the training pipeline). With <paramref name="channelsLast"/>, a
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
                    var packed = _packed.AsSpan();
                    for (int p = 0; p < plane; p++) output[p * stride] = BitPacking.Bit(packed, first + p);
                    break;
                case ColumnStorage.Bytes:
                    var bytes = _bytes.AsSpan((int)first, plane);
                    for (int p = 0; p < plane; p++) output[p * stride] = bytes[p];
                    break;
                default:
                    var floats = _floats.AsSpan((int)first, plane);
                    for (int p = 0; p < plane; p++) output[p * stride] = floats[p];
                    break;
            }
        }
    }

    /// <summary>True when both columns hold the same elements.</summary>
    public bool ContentEquals(ModalityColumn other) =>
        Spec.Equals(other.Spec) && Count == other.Count && Encoded.SequenceEqual(other.Encoded);
}
