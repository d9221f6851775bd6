namespace GmcRL.Replays.Rendering;

/// <summary>
/// Writes an animated GIF89a of palette-indexed frames (at most 16 colours), looping forever: a global colour table,
/// then per frame a graphic control extension (its delay) and the frame's pixels compressed with GIF's variable-width
/// LZW (codes of 5 to 12 bits, a clear code when the table is full). Output depends only on the frames.
/// </summary>
public sealed class GifEncoder
{
    private const int MinCodeSize = 4, Colors = 1 << MinCodeSize, ClearCode = Colors, EndCode = Colors + 1, MaxCodes = 4096;

    private readonly Stream _output;
    private readonly int _width, _height;
    private readonly int[] _table = new int[MaxCodes * Colors]; // code of (prefix code, next colour), 0 when absent
    private readonly byte[] _block = new byte[255];
    private int _blockLength, _bitBuffer, _bitCount;

    /// <summary>Starts a GIF of <paramref name="width"/> x <paramref name="height"/> pixels with
    /// <paramref name="palette"/> (RGB triples, at most 16 colours).</summary>
    public GifEncoder(Stream output, int width, int height, ReadOnlySpan<byte> palette)
    {
        if (width is < 1 or > 65535 || height is < 1 or > 65535) throw new ArgumentOutOfRangeException(nameof(width), "GIF sides lie in 1..65535.");
        if (palette.Length % 3 != 0 || palette.Length / 3 is < 1 or > Colors) throw new ArgumentException($"A palette holds 1 to {Colors} RGB triples.", nameof(palette));
        _output = output;
        _width = width;
        _height = height;
        Span<byte> head = stackalloc byte[13];
        "GIF89a"u8.CopyTo(head);
        WriteShort(head[6..], width);
        WriteShort(head[8..], height);
        head[10] = 0b1111_0011; // global colour table, 8-bit colour resolution, 2^(3+1) = 16 entries
        _output.Write(head);
        Span<byte> table = stackalloc byte[Colors * 3];
        table.Clear();
        palette.CopyTo(table);
        _output.Write(table);
        // NETSCAPE2.0 application extension: loop forever.
        _output.Write([0x21, 0xFF, 0x0B, .. "NETSCAPE2.0"u8, 0x03, 0x01, 0x00, 0x00, 0x00]);
    }

    /// <summary>Adds a frame of width x height palette indices (each below 16) shown for
    /// <paramref name="delayCentiseconds"/> hundredths of a second.</summary>
    public void AddFrame(ReadOnlySpan<byte> pixels, int delayCentiseconds)
    {
        if (pixels.Length != _width * _height) throw new ArgumentException($"A frame needs {_width * _height} pixels (got {pixels.Length}).", nameof(pixels));
        if (pixels.IndexOfAnyInRange((byte)Colors, byte.MaxValue) >= 0) throw new ArgumentException($"Palette indices must be below {Colors}.", nameof(pixels));
        Span<byte> control = [0x21, 0xF9, 0x04, 0b0000_0100, 0, 0, 0, 0x00]; // disposal: leave in place
        WriteShort(control[4..], Math.Clamp(delayCentiseconds, 0, 65535));
        _output.Write(control);
        Span<byte> descriptor = stackalloc byte[10];
        descriptor[0] = 0x2C;
        WriteShort(descriptor[1..], 0);
        WriteShort(descriptor[3..], 0);
        WriteShort(descriptor[5..], _width);
        WriteShort(descriptor[7..], _height);
        descriptor[9] = 0; // no local colour table, not interlaced
        _output.Write(descriptor);
        _output.WriteByte(MinCodeSize);
        Compress(pixels);
        _output.WriteByte(0); // end of the frame's data sub-blocks
    }

    /// <summary>Ends the GIF (the trailer byte).</summary>
    public void Finish()
    {
        _output.WriteByte(0x3B);
        _output.Flush();
    }

    // LZW: extend the current string while (string + pixel) is in the table; otherwise emit the string's code, add
    // (string + pixel) as a new code, and start again from the pixel. The code width grows when the next free code no
    // longer fits (matching the decoder, which adds each entry one code later).
    private void Compress(ReadOnlySpan<byte> pixels)
    {
        Array.Clear(_table);
        int codeSize = MinCodeSize + 1, next = EndCode + 1;
        Emit(ClearCode, codeSize);
        int prefix = pixels[0];
        for (int i = 1; i < pixels.Length; i++)
        {
            int pixel = pixels[i];
            int key = prefix * Colors + pixel;
            int code = _table[key];
            if (code != 0)
            {
                prefix = code;
                continue;
            }
            Emit(prefix, codeSize);
            if (next < MaxCodes)
            {
                if (next == 1 << codeSize) codeSize++;
                _table[key] = next++;
            }
            else
            {
                Emit(ClearCode, codeSize);
                Array.Clear(_table);
                codeSize = MinCodeSize + 1;
                next = EndCode + 1;
            }
            prefix = pixel;
        }
        Emit(prefix, codeSize);
        Emit(EndCode, codeSize);
        if (_bitCount > 0) Put((byte)_bitBuffer);
        _bitBuffer = _bitCount = 0;
        FlushBlock();
    }

    private void Emit(int code, int size)
    {
        _bitBuffer |= code << _bitCount;
        _bitCount += size;
        while (_bitCount >= 8)
        {
            Put((byte)_bitBuffer);
            _bitBuffer >>= 8;
            _bitCount -= 8;
        }
    }

    private void Put(byte b)
    {
        _block[_blockLength++] = b;
        if (_blockLength == 255) FlushBlock();
    }

    private void FlushBlock()
    {
        if (_blockLength == 0) return;
        _output.WriteByte((byte)_blockLength);
        _output.Write(_block, 0, _blockLength);
        _blockLength = 0;
    }

    private static void WriteShort(Span<byte> at, int value)
    {
        at[0] = (byte)value;
        at[1] = (byte)(value >> 8);
    }
}
