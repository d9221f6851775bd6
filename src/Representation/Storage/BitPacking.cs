using System.Runtime.InteropServices;

namespace GmcRL.Representation.Storage;

/// <summary>Packs 0/1 bytes eight to a byte (first element in the most significant bit) and back.</summary>
internal static class BitPacking
{
    // Entry v: the 8 bytes (v >> 7) & 1, (v >> 6) & 1, ..., v & 1 as one little-endian ulong.
    private static readonly ulong[] Expand = Enumerable.Range(0, 256).Select(v =>
    {
        ulong word = 0;
        for (int j = 0; j < 8; j++) word |= (ulong)((v >> (7 - j)) & 1) << (8 * j);
        return word;
    }).ToArray();

    public static byte[] Pack(ReadOnlySpan<byte> bits)
    {
        var packed = new byte[(bits.Length + 7) / 8];
        for (int i = 0; i < bits.Length; i++)
        {
            byte b = bits[i];
            if (b > 1) throw new ArgumentException($"Element {i} is {b}; only 0/1 data can be stored as bits.");
            packed[i >> 3] |= (byte)(b << (7 - (i & 7)));
        }
        return packed;
    }

    public static byte[] Unpack(ReadOnlySpan<byte> packed, long count)
    {
        if (packed.Length != (count + 7) / 8) throw new InvalidDataException($"Bit column holds {packed.Length} bytes, expected {(count + 7) / 8}.");
        var bits = new byte[count];
        long whole = count / 8;
        var words = MemoryMarshal.Cast<byte, ulong>(bits.AsSpan(0, (int)(whole * 8)));
        for (int i = 0; i < words.Length; i++) words[i] = Expand[packed[i]];
        for (long i = whole * 8; i < count; i++) bits[i] = (byte)((packed[(int)(i >> 3)] >> (7 - (int)(i & 7))) & 1);
        return bits;
    }
}
