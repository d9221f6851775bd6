using System.Buffers;
using System.Security.Cryptography;
using GmcRL.Storage;
using MessagePack;

namespace GmcRL.Tests.Storage;

public sealed class FramedFileTests : IDisposable
{
    private static readonly FramedFile Format = new("gmcrl-test", 4, "test file");
    private static readonly byte[] Body = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray();

    private readonly TestFolder _folder = new("gmcrl-framed");

    public void Dispose() => _folder.Dispose();

    [MessagePackObject]
    public sealed class Note
    {
        [Key(0)] public string Text { get; set; } = "";
        [Key(1)] public int[] Values { get; set; } = [];
        [Key(2)] public byte[] Data { get; set; } = [];
    }

    [MessagePackObject]
    public sealed class Exploding
    {
        [Key(0)] public int Value => throw new IOException("disk full");
    }

    // The file is the frame [magic, format version, body, SHA-256 of the body] around exactly these body bytes.
    private static void AssertFrameHolds(string path, byte[] body)
    {
        var reader = new MessagePackReader(File.ReadAllBytes(path));
        Assert.Equal(4, reader.ReadArrayHeader());
        Assert.Equal("gmcrl-test", reader.ReadString());
        Assert.Equal(4, reader.ReadInt32());
        Assert.Equal(body, reader.ReadBytes()!.Value.ToArray());
        Assert.Equal(SHA256.HashData(body), reader.ReadBytes()!.Value.ToArray());
        Assert.True(reader.End);
    }

    [Fact]
    public void Bytes_and_objects_round_trip_in_a_MessagePack_frame()
    {
        string path = _folder.File("a.test");
        Format.Write(path, Body);
        Assert.Equal(Body, Format.Read(path).ToArray());
        Assert.Equal(Format.Frame(Body), File.ReadAllBytes(path));

        AssertFrameHolds(path, Body);

        string note = _folder.File("note.test");
        Format.WriteObject(note, new Note { Text = "pendulum", Values = [3, 1, 4] });
        var back = Format.ReadObject<Note>(note);
        Assert.Equal("pendulum", back.Text);
        Assert.Equal([3, 1, 4], back.Values);
        Assert.Equal(2, Directory.GetFiles(_folder.Path).Length); // no temporary files
    }

    [Fact]
    public void A_truncated_file_fails_clearly_at_every_length_and_is_left_as_it_was()
    {
        string path = _folder.File("cut.test");
        byte[] whole = Format.Frame(Body);
        for (int length = 0; length < whole.Length; length++)
        {
            File.WriteAllBytes(path, whole[..length]);
            var e = Assert.Throws<InvalidDataException>(() => Format.Read(path));
            Assert.Contains($"'{path}' ", e.Message);
            Assert.Contains(length == 0 ? "is not a test file (it is empty)" : "is a truncated test file", e.Message);
            Assert.Equal(length, new FileInfo(path).Length);
        }
    }

    [Fact]
    public void A_body_length_beyond_the_file_fails_clearly_even_past_two_gigabytes()
    {
        string path = _folder.File("long.test");
        byte[] whole = Format.Frame(Body);
        int at = Array.IndexOf(whole, (byte)0xc6); // the body's bin 32 header: its length follows, big-endian
        Assert.Equal(Body.Length, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(whole.AsSpan(at + 1)));
        foreach (uint length in new uint[] { (uint)Body.Length + 1, 0x7fff_ffff, 0x8000_0000, uint.MaxValue })
        {
            byte[] damaged = (byte[])whole.Clone();
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(damaged.AsSpan(at + 1), length);
            File.WriteAllBytes(path, damaged);
            var e = Assert.Throws<InvalidDataException>(() => Format.Read(path));
            Assert.StartsWith($"'{path}' is a ", e.Message);
            Assert.Matches("truncated test file|damaged test file|corrupted test file", e.Message);
        }
    }

    [Fact]
    public void A_flipped_byte_in_the_body_or_the_checksum_fails_the_checksum()
    {
        string path = _folder.File("flipped.test");
        byte[] whole = Format.Frame(Body);
        foreach (int at in new[] { whole.Length / 2, whole.Length - 1 })
        {
            byte[] damaged = (byte[])whole.Clone();
            damaged[at] ^= 0x10;
            File.WriteAllBytes(path, damaged);
            var e = Assert.Throws<InvalidDataException>(() => Format.Read(path));
            Assert.Equal($"'{path}' is a corrupted test file: its checksum (SHA-256) does not match its contents.", e.Message);
            Assert.Equal(damaged, File.ReadAllBytes(path));
        }
    }

    [Fact]
    public void Another_kind_of_file_or_no_frame_at_all_fails_clearly()
    {
        string other = _folder.File("other.test");
        new FramedFile("gmcrl-other", 4, "other file").Write(other, Body);
        Assert.Equal($"'{other}' is not a test file (its frame says 'gmcrl-other', expected 'gmcrl-test').",
            Assert.Throws<InvalidDataException>(() => Format.Read(other)).Message);

        string text = _folder.File("notes.txt");
        File.WriteAllText(text, "these are not the weights you are looking for");
        Assert.Equal($"'{text}' is not a test file (it does not start with a GmcRL file frame).",
            Assert.Throws<InvalidDataException>(() => Format.Read(text)).Message);

        string missing = _folder.File("missing.test");
        var e = Assert.Throws<FileNotFoundException>(() => Format.Read(missing));
        Assert.Equal($"No test file at '{missing}': it does not exist.", e.Message);
    }

    [Fact]
    public void Another_format_version_fails_clearly()
    {
        string path = _folder.File("version.test");
        new FramedFile(Format.Magic, 5, "test file").Write(path, Body);
        Assert.Equal($"'{path}' is a test file of format version 5, but this gmcrl reads version 4 (it was written by a newer gmcrl).",
            Assert.Throws<InvalidDataException>(() => Format.Read(path)).Message);
        new FramedFile(Format.Magic, 3, "test file").Write(path, Body);
        Assert.Equal($"'{path}' is a test file of format version 3, but this gmcrl reads version 4; make it again with this gmcrl.",
            Assert.Throws<InvalidDataException>(() => Format.Read(path)).Message);
    }

    [Fact]
    public void Bytes_after_the_frame_or_an_unreadable_object_fail_clearly()
    {
        Assert.False(Format.TryUnframe(Format.Frame(Body).Append((byte)0).ToArray(), out _, out string? problem));
        Assert.Equal("is a test file with 1 unexpected bytes after its frame", problem);
        Assert.True(Format.TryUnframe(Format.Frame(Body), out var body, out problem));
        Assert.Null(problem);
        Assert.Equal(Body, body.ToArray());

        // A valid frame around a body that is not the object asked for.
        string path = _folder.File("wrong-body.test");
        Format.Write(path, Body);
        var e = Assert.Throws<InvalidDataException>(() => Format.ReadObject<Note>(path));
        Assert.StartsWith($"'{path}' is a test file with a valid checksum but an unreadable body (", e.Message);
        Format.WriteObject(path, new Note { Text = "x" });
        e = Assert.Throws<InvalidDataException>(() => Format.ReadObject<int>(path));
        Assert.Contains("unreadable body", e.Message);
    }

    [Fact]
    public void An_object_streams_into_its_frame_with_the_body_and_checksum_of_its_serialised_bytes()
    {
        // Values of 3 MB and bytes of 5 MB cross the writer's 1 MiB blocks, and the text is one element larger than a
        // block. The body is byte for byte what MessagePack's own formatters make.
        var note = new Note
        {
            Text = new string('g', 2_500_000),
            Values = Enumerable.Range(0, 750_000).Select(i => i * 2_654_435 ^ i).ToArray(),
            Data = Enumerable.Range(0, 5_000_000).Select(i => (byte)(i * 31 >> 3)).ToArray(),
        };
        var standard = MessagePackSerializerOptions.Standard.WithResolver(MessagePack.Resolvers.StandardResolverAllowPrivate.Instance);
        byte[] serialised = MessagePackSerializer.Serialize(note, standard);
        Assert.Equal(serialised, MessagePackSerializer.Serialize(note, FramedFile.Options));
        string path = _folder.File("big.test");
        Format.WriteObject(path, note);

        AssertFrameHolds(path, serialised);
        var back = Format.ReadObject<Note>(path);
        Assert.Equal(note.Values, back.Values);
        Assert.Equal(note.Data, back.Data);
        Assert.Equal(serialised, Format.Read(path).ToArray());
        foreach (int length in new[] { 0, 255, 256, 65_535, 65_536 }) // each bin header form
        {
            var small = new Note { Data = new byte[length] };
            Assert.Equal(MessagePackSerializer.Serialize(small, standard), MessagePackSerializer.Serialize(small, FramedFile.Options));
            Format.WriteObject(path, small);
            Assert.Equal(length, Format.ReadObject<Note>(path).Data.Length);
        }

        // A small body too: its length is written in the same 32-bit form.
        Format.WriteObject(path, new Note { Text = "small" });
        byte[] file = File.ReadAllBytes(path);
        int at = Array.IndexOf(file, (byte)0xc6);
        Assert.Equal(MessagePackSerializer.Serialize(new Note { Text = "small" }, FramedFile.Options).Length,
            System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(at + 1)));
        Assert.Equal("small", Format.ReadObject<Note>(path).Text);
    }

    [Fact]
    public void A_file_framed_with_the_shortest_length_header_is_still_read()
    {
        // Files written before the frame always used the 32-bit form: a 1,000-byte body had a 16-bit length.
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(4);
        writer.Write("gmcrl-test");
        writer.Write(4);
        writer.Write(Body);
        writer.Write(SHA256.HashData(Body));
        writer.Flush();
        Assert.Equal(0xc5, buffer.WrittenSpan[13]); // bin 16, after the array header, the magic and the version
        string path = _folder.File("old.test");
        File.WriteAllBytes(path, buffer.WrittenSpan.ToArray());
        Assert.Equal(Body, Format.Read(path).ToArray());
    }

    [Fact]
    public void A_body_too_large_for_its_kind_is_refused_while_it_streams_and_leaves_no_file()
    {
        var small = new FramedFile("gmcrl-test", 4, "test file", maxBytes: 100_000);
        string path = _folder.File("large.test");
        small.WriteObject(path, new Note { Data = new byte[99_000] });
        Assert.Equal(99_000, small.ReadObject<Note>(path).Data.Length);
        byte[] before = File.ReadAllBytes(path);
        var e = Assert.ThrowsAny<InvalidOperationException>(() => small.WriteObject(path, new Note { Data = new byte[3_000_000] }));
        Assert.Equal($"A test file of more than {100_000:N0} bytes cannot be written: it could not be read back.", e.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public void A_failed_write_leaves_the_old_file_and_no_temporary_files()
    {
        string path = _folder.File("kept.test");
        Format.WriteObject(path, new Note { Text = "old" });
        byte[] before = File.ReadAllBytes(path);
        var e = Assert.Throws<IOException>(() => Format.WriteObject(path, new Exploding()));
        Assert.Equal($"could not write '{path}': disk full.", e.Message); // the file and the cause, not the serialiser
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_folder.Path));
        Assert.Equal("old", Format.ReadObject<Note>(path).Text);
    }

    [Fact]
    public void A_kind_needs_a_magic_a_name_and_a_positive_version()
    {
        Assert.Throws<ArgumentException>(() => new FramedFile(" ", 1, "test file"));
        Assert.Throws<ArgumentException>(() => new FramedFile("gmcrl-test", 1, ""));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FramedFile("gmcrl-test", 0, "test file"));
    }
}
