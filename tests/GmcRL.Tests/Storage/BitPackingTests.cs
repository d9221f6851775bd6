using GmcRL.Storage;

namespace GmcRL.Tests.Storage;

public class BitPackingTests
{
    [Fact]
    public void Bits_round_trip_at_any_length()
    {
        var rng = new Random(1);
        foreach (int n in new[] { 0, 1, 7, 8, 9, 63, 64, 65, 1000 })
        {
            var bits = Enumerable.Range(0, n).Select(_ => (byte)rng.Next(2)).ToArray();
            byte[] packed = BitPacking.Pack(bits);
            Assert.Equal(BitPacking.PackedLength(n), packed.Length);
            Assert.Equal(bits, BitPacking.Unpack(packed, n));
            Assert.Equal(bits, Enumerable.Range(0, n).Select(i => BitPacking.Bit(packed, i)));
        }
    }

    [Fact]
    public void The_first_element_is_the_most_significant_bit()
    {
        Assert.Equal([0x80, 0x40], BitPacking.Pack([1, 0, 0, 0, 0, 0, 0, 0, 0, 1]));
        Assert.Equal([0b1011_0001], BitPacking.Pack([1, 0, 1, 1, 0, 0, 0, 1]));
        Assert.Equal([0, 0, 0, 0, 0, 0, 1, 1, 1], BitPacking.Unpack([0b0000_0011, 0b1000_0000], 9));
    }

    [Fact]
    public void A_run_may_start_anywhere_and_leaves_its_neighbours_alone()
    {
        var rng = new Random(2);
        foreach (int start in new[] { 0, 3, 8, 13 })
        {
            var run = Enumerable.Range(0, 21).Select(_ => (byte)rng.Next(2)).ToArray();
            var packed = new byte[6];
            Array.Fill(packed, (byte)0xFF);
            BitPacking.Pack(run, packed, start);
            var all = BitPacking.Unpack(packed, 48);
            Assert.Equal(run, all[start..(start + run.Length)]);
            Assert.All(all[..start].Concat(all[(start + run.Length)..]), b => Assert.Equal(1, b));
            var back = new byte[run.Length];
            BitPacking.Unpack(packed, back, start);
            Assert.Equal(run, back);
        }
    }

    [Fact]
    public void Floats_decode_every_element_from_any_start_at_any_stride()
    {
        var rng = new Random(3);
        var bits = Enumerable.Range(0, 200).Select(_ => (byte)rng.Next(2)).ToArray();
        byte[] packed = BitPacking.Pack(bits);
        foreach (int start in new[] { 0, 1, 7, 8, 13 })
        foreach (int count in new[] { 0, 5, 8, 30, 187 - start })
        foreach (int stride in new[] { 1, 2, 3 })
        {
            var output = new float[Math.Max(1, count * stride)];
            Array.Fill(output, -1f);
            BitPacking.UnpackFloats(packed, start, output, stride, count);
            for (int i = 0; i < output.Length; i++)
                Assert.Equal(i % stride == 0 && i / stride < count ? bits[start + i / stride] : -1f, output[i]);
        }
        Assert.Contains("3 elements at stride 2 do not fit in 4 floats",
            Assert.Throws<ArgumentException>(() => BitPacking.UnpackFloats(packed, 0, new float[4], 2, 3)).Message);
        Assert.Throws<ArgumentException>(() => BitPacking.UnpackFloats(packed, 199, new float[4], 1, 2));
    }

    [Fact]
    public void Frames_padded_to_whole_bytes_pack_one_after_the_other()
    {
        // A replay's layout: each 10-element frame takes 2 bytes, so frame 1 starts at byte 2.
        byte[] frames = [1, 1, 0, 0, 0, 0, 0, 0, 0, 1, /* frame 1 */ 0, 1, 0, 0, 0, 0, 0, 0, 1, 0];
        var packed = new byte[4];
        for (int f = 0; f < 2; f++) BitPacking.Pack(frames.AsSpan(f * 10, 10), packed.AsSpan(f * 2, 2));
        Assert.Equal([0xC0, 0x40, 0x40, 0x80], packed);
    }

    [Fact]
    public void Data_that_is_not_bits_and_runs_that_do_not_fit_are_refused()
    {
        Assert.Contains("Element 2 is 2; only 0/1 data can be stored as bits",
            Assert.Throws<ArgumentException>(() => BitPacking.Pack([0, 1, 2])).Message);
        Assert.Contains("Bits 5 to 14 do not fit in 1 packed bytes",
            Assert.Throws<ArgumentException>(() => BitPacking.Pack(new byte[10], new byte[1], 5)).Message);
        Assert.Throws<ArgumentException>(() => BitPacking.Unpack(new byte[1], new byte[9]));
        Assert.Contains("A bit column of 9 elements takes 2 bytes, but 1 are there",
            Assert.Throws<InvalidDataException>(() => BitPacking.Unpack(new byte[1], 9)).Message);
    }
}
