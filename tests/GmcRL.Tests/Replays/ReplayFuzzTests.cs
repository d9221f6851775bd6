using System.Buffers;
using GmcRL.Envs.Wrappers;
using GmcRL.Replays;
using MessagePack;

namespace GmcRL.Tests.Replays;

/// <summary>Thousands of mutated replay files must each either read or fail with a <see cref="ReplayFormatException"/>
/// that has a message: never an index, null-reference, overflow or out-of-memory error.</summary>
public class ReplayFuzzTests
{
    private static readonly byte[] Original = ReplayFile.ToBytes(Episodes.Record(12, new DropSchedule.PerStep(0.3)).Replay);

    [Fact]
    public void Mutated_bodies_behind_a_valid_checksum_fail_cleanly()
    {
        // Mutate the MessagePack body itself, so the parser (not the checksum) meets the damage.
        Assert.True(ReplayFile.Format.TryUnframe(Original, out var frameBody, out _));
        byte[] body = frameBody.ToArray();
        var rng = new Random(12345);
        var problems = new HashSet<string>();
        int failed = 0;
        for (int i = 0; i < 4000; i++)
        {
            byte[] mutated = Mutate(body, rng);
            try
            {
                var replay = ReplayFile.Parse(mutated, "fuzz.replay");
                Assert.InRange(replay.Count, 0, 12);
            }
            catch (ReplayFormatException e)
            {
                failed++;
                Assert.StartsWith("Replay 'fuzz.replay': ", e.Message);
                Assert.True(e.Problem.Length > 10, e.Message);
                problems.Add(e.Problem.Split(':')[0]);
            }
        }
        Assert.InRange(failed, 2000, 4000);
        Assert.True(problems.Count >= 8, "varied errors: " + string.Join(" | ", problems));
    }

    [Fact]
    public void Mutated_files_fail_cleanly()
    {
        var rng = new Random(777);
        int failed = 0;
        for (int i = 0; i < 2000; i++)
        {
            byte[] mutated = Mutate(Original, rng);
            if (mutated.AsSpan().SequenceEqual(Original)) continue; // an edit that undid itself
            var e = Assert.Throws<ReplayFormatException>(() => ReplayFile.FromBytes(mutated));
            Assert.False(string.IsNullOrWhiteSpace(e.Problem));
            failed++;
        }
        Assert.InRange(failed, 1950, 2000);
    }

    [Theory]
    [InlineData(0, "environment: expected a string, found an integer")]
    [InlineData(5, "seed: expected an integer, found a string")]
    [InlineData(7, "time step (dt): expected a number, found a string")]
    [InlineData(9, "modality list: expected an array, found a string")]
    public void A_value_of_the_wrong_type_is_named(int wrong, string problem)
    {
        // A header whose fields before field `wrong` have the right types, and that one a value of another type.
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(2);
        writer.WriteArrayHeader(14);
        object[] fields = ["multimodal-pendulum", "", "agent", "all", "none", 10_000, 0, 0.05, 2];
        for (int i = 0; i < wrong; i++)
        {
            if (fields[i] is string text) writer.Write(text);
            else if (fields[i] is int n) writer.Write(n);
            else writer.Write((double)fields[i]);
        }
        if (fields.ElementAtOrDefault(wrong) is string) writer.Write(7);
        else writer.Write("seven");
        for (int i = 0; i < 64; i++) writer.WriteNil(); // the rest: enough bytes for the arrays' declared lengths
        writer.Flush();
        var e = Assert.Throws<ReplayFormatException>(() => ReplayFile.Parse(buffer.WrittenMemory, "x.replay"));
        Assert.Equal(problem, e.Problem);
    }

    // One to four edits: flip bits, set a byte to a MessagePack marker, insert, delete, truncate, or duplicate a run.
    private static byte[] Mutate(byte[] source, Random rng)
    {
        var bytes = new List<byte>(source);
        int edits = 1 + rng.Next(4);
        byte[] markers = [0xc0, 0xc2, 0xc4, 0xc5, 0xc6, 0xca, 0xcb, 0xcc, 0xce, 0xcf, 0xd0, 0xd2, 0xd3, 0xdc, 0xdd, 0xde, 0xdf, 0x90, 0x9f, 0xff, 0x7f, 0x00];
        for (int k = 0; k < edits && bytes.Count > 0; k++)
        {
            int at = rng.Next(bytes.Count);
            switch (rng.Next(6))
            {
                case 0: bytes[at] ^= (byte)(1 << rng.Next(8)); break;
                case 1: bytes[at] = markers[rng.Next(markers.Length)]; break;
                case 2: bytes.Insert(at, (byte)rng.Next(256)); break;
                case 3: bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + rng.Next(8))); break;
                case 4: bytes.RemoveRange(at, bytes.Count - at); break;
                default:
                    int length = Math.Min(bytes.Count - at, 1 + rng.Next(32));
                    bytes.InsertRange(rng.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
            }
        }
        return bytes.ToArray();
    }
}
