using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GmcRL.Storage;

/// <summary>
/// The one bit packer of GmcRL's files: 0/1 bytes eight to a byte, most significant bit first. Element i of a packed
/// run that starts at bit s is bit 7 - (s + i) % 8 of byte (s + i) / 8, so runs may start anywhere: a dataset packs a
/// whole column back to back, a replay pads each frame to whole bytes.
/// </summary>
public static class BitPacking
{
    // Entry v: the 8 bytes (v >> 7) & 1, (v >> 6) & 1, ..., v & 1 as one little-endian ulong.
    private static readonly ulong[] Expand = Enumerable.Range(0, 256).Select(v =>
    {
        ulong word = 0;
        for (int j = 0; j < 8; j++) word |= (ulong)((v >> (7 - j)) & 1) << (8 * j);
        return word;
    }).ToArray();

    // Entry v * 8 + j: element j of byte v as a float, 0 or 1.
    private static readonly float[] ExpandFloats = Enumerable.Range(0, 256 * 8).Select(i => (float)((i >> 3 >> (7 - (i & 7))) & 1)).ToArray();

    /// <summary>The bytes that hold <paramref name="count"/> packed elements: ceil(count / 8).</summary>
    public static long PackedLength(long count) => (count + 7) / 8;

    /// <summary>The packed form of <paramref name="bits"/>, each 0 or 1.</summary>
    public static byte[] Pack(ReadOnlySpan<byte> bits)
    {
        var packed = new byte[PackedLength(bits.Length)];
        Pack(bits, packed);
        return packed;
    }

    /// <summary>Packs <paramref name="bits"/> (each 0 or 1) into <paramref name="packed"/> from bit
    /// <paramref name="start"/> on, leaving the bits around them as they are.</summary>
    public static void Pack(ReadOnlySpan<byte> bits, Span<byte> packed, long start = 0)
    {
        CheckRange(packed.Length, start, bits.Length);
        for (int i = 0; i < bits.Length; i++)
        {
            byte b = bits[i];
            if (b > 1) throw new ArgumentException($"Element {i} is {b}; only 0/1 data can be stored as bits.", nameof(bits));
            long at = start + i;
            int shift = 7 - (int)(at & 7);
            ref byte target = ref packed[(int)(at >> 3)];
            target = (byte)((target & ~(1 << shift)) | (b << shift));
        }
    }

    /// <summary>The <paramref name="count"/> elements that <paramref name="packed"/> holds, which must be exactly
    /// <see cref="PackedLength"/> bytes.</summary>
    public static byte[] Unpack(ReadOnlySpan<byte> packed, long count)
    {
        if (packed.Length != PackedLength(count))
            throw new InvalidDataException($"A bit column of {count} elements takes {PackedLength(count)} bytes, but {packed.Length} are there.");
        var bits = new byte[count];
        Unpack(packed, bits);
        return bits;
    }

    /// <summary>Unpacks <paramref name="bits"/>.Length elements of <paramref name="packed"/> from bit
    /// <paramref name="start"/> on into <paramref name="bits"/>.</summary>
    public static void Unpack(ReadOnlySpan<byte> packed, Span<byte> bits, long start = 0)
    {
        CheckRange(packed.Length, start, bits.Length);
        int i = 0;
        if ((start & 7) == 0)
        {
            // Whole bytes eight elements at a time: bits[8k .. 8k + 7] = Expand[packed[k]] as little-endian bytes.
            var first = packed[(int)(start >> 3)..];
            var words = MemoryMarshal.Cast<byte, ulong>(bits[..(bits.Length & ~7)]);
            for (int k = 0; k < words.Length; k++) words[k] = Expand[first[k]];
            i = words.Length * 8;
        }
        for (; i < bits.Length; i++) bits[i] = Bit(packed, start + i);
    }

    /// <summary>Writes <paramref name="count"/> elements of <paramref name="packed"/> from bit <paramref name="start"/> on as
    /// floats (0 or 1) to <paramref name="output"/>[i * <paramref name="stride"/>]: the batch decoding of the training
    /// pipeline, whole bytes eight elements at a time.</summary>
    public static void UnpackFloats(ReadOnlySpan<byte> packed, long start, Span<float> output, int stride, int count)
    {
        CheckRange(packed.Length, start, count);
        if (stride < 1 || (count > 0 && (long)(count - 1) * stride >= output.Length))
            throw new ArgumentException($"{count} elements at stride {stride} do not fit in {output.Length} floats.");
        int i = 0;
        for (; i < count && ((start + i) & 7) != 0; i++) output[i * stride] = Bit(packed, start + i);
        var bytes = packed[(int)((start + i) >> 3)..];
        var table = ExpandFloats.AsSpan();
        for (int k = 0; i + 8 <= count; k++, i += 8)
        {
            var eight = table.Slice(bytes[k] * 8, 8);
            if (stride == 1) eight.CopyTo(output[i..]);
            else for (int j = 0; j < 8; j++) output[(i + j) * stride] = eight[j];
        }
        for (; i < count; i++) output[i * stride] = Bit(packed, start + i);
    }

    /// <summary>Element <paramref name="index"/> of <paramref name="packed"/>: 0 or 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte Bit(ReadOnlySpan<byte> packed, long index) => (byte)((packed[(int)(index >> 3)] >> (7 - (int)(index & 7))) & 1);

    private static void CheckRange(int packedBytes, long start, int count)
    {
        if (start < 0 || (start + count + 7) / 8 > packedBytes)
            throw new ArgumentException($"Bits {start} to {start + count - 1} do not fit in {packedBytes} packed bytes.");
    }
}
