namespace GmcRL.Tests.Replays;

/// <summary>A small GIF89a reader for checking encoded frames: full-frame images with a global colour table, their
/// delays, and GIF's LZW decompression, written from the format's description independently of the encoder.</summary>
internal static class GifDecoder
{
    public sealed record Gif(int Width, int Height, byte[] Palette, IReadOnlyList<byte[]> Frames, IReadOnlyList<int> Delays, bool Loops);

    public static Gif Decode(byte[] data)
    {
        Assert.Equal("GIF89a", System.Text.Encoding.ASCII.GetString(data, 0, 6));
        int width = data[6] | data[7] << 8, height = data[8] | data[9] << 8;
        int flags = data[10];
        Assert.True((flags & 0x80) != 0, "a global colour table");
        int colours = 2 << (flags & 7);
        byte[] palette = data[13..(13 + 3 * colours)];
        int p = 13 + 3 * colours;
        var frames = new List<byte[]>();
        var delays = new List<int>();
        bool loops = false;
        int delay = 0;
        while (true)
        {
            byte block = data[p++];
            if (block == 0x3B) break;
            if (block == 0x21)
            {
                byte label = data[p++];
                if (label == 0xF9) delay = data[p + 2] | data[p + 3] << 8;
                if (label == 0xFF && System.Text.Encoding.ASCII.GetString(data, p + 1, 11) == "NETSCAPE2.0") loops = true;
                while (data[p] != 0) p += data[p] + 1;
                p++;
                continue;
            }
            Assert.Equal(0x2C, block);
            int left = data[p] | data[p + 1] << 8, top = data[p + 2] | data[p + 3] << 8;
            int w = data[p + 4] | data[p + 5] << 8, h = data[p + 6] | data[p + 7] << 8;
            Assert.Equal((0, 0, width, height), (left, top, w, h));
            Assert.Equal(0, data[p + 8] & 0xC0); // no local table, not interlaced
            p += 9;
            int minCode = data[p++];
            var compressed = new List<byte>();
            while (data[p] != 0) { compressed.AddRange(data.AsSpan(p + 1, data[p]).ToArray()); p += data[p] + 1; }
            p++;
            frames.Add(Lzw(compressed.ToArray(), minCode, width * height));
            delays.Add(delay);
        }
        return new Gif(width, height, palette, frames, delays, loops);
    }

    private static byte[] Lzw(byte[] input, int minCode, int pixels)
    {
        int clear = 1 << minCode, end = clear + 1;
        var prefix = new int[4096];
        var suffix = new byte[4096];
        var length = new int[4096];
        var output = new List<byte>(pixels);
        int size = minCode + 1, next = end + 1, previous = -1;
        for (int i = 0; i < clear; i++) { suffix[i] = (byte)i; length[i] = 1; prefix[i] = -1; }
        long bits = 0;
        int count = 0, position = 0;
        var scratch = new byte[4096];
        while (true)
        {
            while (count < size)
            {
                Assert.True(position < input.Length, "the LZW data ended without an end code");
                bits |= (long)input[position++] << count;
                count += 8;
            }
            int code = (int)(bits & ((1 << size) - 1));
            bits >>= size;
            count -= size;
            if (code == clear) { size = minCode + 1; next = end + 1; previous = -1; continue; }
            if (code == end) break;
            int emitted;
            if (code < next) emitted = code;
            else
            {
                Assert.True(code == next && previous >= 0, $"code {code} is not yet defined (next {next})");
                emitted = previous;
            }
            // Unwind the string of `emitted` (plus its own first byte when the code was not yet defined).
            int n = length[emitted];
            for (int c = emitted, k = n - 1; c >= 0; c = prefix[c], k--) scratch[k] = suffix[c];
            output.AddRange(scratch.AsSpan(0, n).ToArray());
            if (code == next) output.Add(scratch[0]);
            if (previous >= 0 && next < 4096)
            {
                prefix[next] = previous;
                suffix[next] = scratch[0];
                length[next] = length[previous] + 1;
                next++;
                if (next == 1 << size && size < 12) size++;
            }
            previous = code;
        }
        Assert.Equal(pixels, output.Count);
        return output.ToArray();
    }
}
