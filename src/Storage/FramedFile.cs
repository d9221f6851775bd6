using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using MessagePack;
using MessagePack.Formatters;
using MessagePack.Resolvers;

namespace GmcRL.Storage;

/// <summary>
/// The one container of GmcRL's binary files (datasets, representation and agent checkpoints, replays): a MessagePack
/// array [magic, format version, body, SHA-256 of the body]. The body is bytes that each format lays out as it likes,
/// or one object serialised with <see cref="Options"/>. An instance is one kind of file: its magic, the one format
/// version this build writes and reads, its name in messages and the largest file of it that is read. Files are written
/// atomically (see <see cref="AtomicFile"/>); reading reads only a regular file under that cap (see
/// <see cref="InputFile"/>), checks the whole frame (magic, version, length, checksum, no byte after it) before a body
/// byte is handed out, parses with MessagePack's untrusted-data settings, and turns every problem into an
/// <see cref="InvalidDataException"/> that names the file and its kind.
/// </summary>
public sealed class FramedFile
{
    private const int Fields = 4;
    private const int ChecksumLength = 32; // SHA-256
    private const int TailLength = 2 + ChecksumLength; // the checksum as a binary element

    /// <summary>A kind of file.</summary>
    /// <param name="magic">The text that tells this kind from the others, e.g. "gmcrl-dataset".</param>
    /// <param name="version">The format version written and read; a file of any other version is refused.</param>
    /// <param name="kind">The kind's name in messages, e.g. "GmcRL dataset".</param>
    /// <param name="maxBytes">The largest file of this kind that is read; null for <see cref="InputFile.MaxBytes"/>,
    /// the most that one file can hold.</param>
    public FramedFile(string magic, int version, string kind, long? maxBytes = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(magic);
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        long cap = maxBytes ?? InputFile.MaxBytes;
        ArgumentOutOfRangeException.ThrowIfLessThan(cap, 1, nameof(maxBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cap, InputFile.MaxBytes, nameof(maxBytes));
        (Magic, Version, Kind, MaxBytes) = (magic, version, kind, cap);
    }

    /// <summary>The text that tells this kind of file from the others.</summary>
    public string Magic { get; }

    /// <summary>The format version written and read.</summary>
    public int Version { get; }

    /// <summary>The kind's name in messages.</summary>
    public string Kind { get; }

    /// <summary>The largest file of this kind that is read.</summary>
    public long MaxBytes { get; }

    /// <summary>Options for every GmcRL MessagePack read and write: internal contract types, untrusted-data limits.</summary>
    public static MessagePackSerializerOptions Options { get; } = MessagePackSerializerOptions.Standard
        .WithResolver(CompositeResolver.Create([new StreamedBytesFormatter()], [StandardResolverAllowPrivate.Instance]))
        .WithSecurity(MessagePackSecurity.UntrustedData);

    /// <summary>The bytes of a file holding <paramref name="body"/>.</summary>
    public byte[] Frame(ReadOnlySpan<byte> body)
    {
        var (head, tail) = Around(body);
        return [.. head, .. body, .. tail];
    }

    /// <summary>Writes a file holding <paramref name="body"/> to <paramref name="path"/> atomically: an existing file is
    /// replaced only once the new one is complete.</summary>
    public void Write(string path, ReadOnlyMemory<byte> body)
    {
        // The frame around the body is written piece by piece: a body of gigabytes is not copied into a frame first.
        var (head, tail) = Around(body.Span);
        AtomicFile.Write(path, stream =>
        {
            stream.Write(head);
            stream.Write(body.Span);
            stream.Write(tail);
        });
    }

    /// <summary>Writes a file whose body is <paramref name="body"/> serialised with <see cref="Options"/>, atomically
    /// like <see cref="Write"/>. The body streams to the file as it is serialised, through a buffer of 1 MiB, hashed on
    /// the way; its length, known only at the end, is filled in then. A body that would make the file larger than
    /// <see cref="MaxBytes"/> (which <see cref="Read"/> would refuse) stops the write with
    /// <see cref="InvalidOperationException"/> as soon as it gets there.</summary>
    public void WriteObject<TBody>(string path, TBody body) => AtomicFile.Write(path, stream =>
    {
        byte[] head = Head(0);
        stream.Write(head);
        using var streamed = new HashingStreamWriter(stream, MaxBytes - head.Length - TailLength, this);
        try
        {
            MessagePackSerializer.Serialize(streamed, body, Options);
        }
        catch (MessagePackSerializationException e) when (e.InnerException is IOException or TooLargeException)
        {
            // The file could not be written (a full disk) or would be too large: that, not the serialiser, is the problem.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
        }
        byte[] checksum = streamed.Finish();
        stream.Position = 0;
        stream.Write(Head(streamed.Written)); // the same length of head, now with the body's length (under MaxBytes)
        stream.Seek(0, SeekOrigin.End);
        stream.Write(Tail(checksum));
    });

    // Passes what the serialiser writes on to a stream in blocks of 1 MiB (a larger block only for a single request
    // that needs one, such as a long string), hashing it on the way and stopping at a limit.
    private sealed class HashingStreamWriter(Stream stream, long limit, FramedFile format) : IBufferWriter<byte>, IDisposable
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        private int _used;

        public long Written { get; private set; }

        public void Advance(int count)
        {
            if (count < 0 || count > _buffer.Length - _used) throw new ArgumentOutOfRangeException(nameof(count));
            _used += count;
        }

        public Memory<byte> GetMemory(int sizeHint = 0) => Reserve(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => Reserve(sizeHint).Span;

        // Room for sizeHint bytes (at least one) after what is buffered; the buffer grows for a larger request.
        private Memory<byte> Reserve(int sizeHint)
        {
            int needed = Math.Max(sizeHint, 1);
            if (_buffer.Length - _used < needed) Drain();
            if (_buffer.Length < needed)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = ArrayPool<byte>.Shared.Rent(needed);
            }
            return _buffer.AsMemory(_used);
        }

        private void Drain()
        {
            if (Written + _used > limit)
                throw new TooLargeException($"A {format.Kind} of more than {format.MaxBytes:N0} bytes cannot be written: it could not be read back.");
            _hash.AppendData(_buffer, 0, _used);
            stream.Write(_buffer, 0, _used);
            Written += _used;
            _used = 0;
        }

        /// <summary>Writes what is left; returns the SHA-256 of all that was written.</summary>
        public byte[] Finish()
        {
            Drain();
            return _hash.GetHashAndReset();
        }

        public void Dispose()
        {
            _hash.Dispose();
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    // A body that would make its file larger than the kind's cap.
    private sealed class TooLargeException(string message) : InvalidOperationException(message);

    // Writes a byte array as the same bin element as MessagePack's own formatter, but hands the payload to the writer
    // as raw bytes, which it copies through its current buffer piece by piece: MessagePack's WriteBinHeader asks the
    // output for one span as long as the whole array, which would put a copy of a dataset's largest column in memory.
    private sealed class StreamedBytesFormatter : IMessagePackFormatter<byte[]?>
    {
        public void Serialize(ref MessagePackWriter writer, byte[]? value, MessagePackSerializerOptions options)
        {
            if (value is null)
            {
                writer.WriteNil();
                return;
            }
            byte[] header;
            if (value.Length <= byte.MaxValue) header = [MessagePackCode.Bin8, (byte)value.Length];
            else if (value.Length <= ushort.MaxValue) header = [MessagePackCode.Bin16, (byte)(value.Length >> 8), (byte)value.Length];
            else
            {
                header = [MessagePackCode.Bin32, 0, 0, 0, 0];
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), (uint)value.Length);
            }
            writer.WriteRaw(header);
            writer.WriteRaw(value);
        }

        public byte[]? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => reader.ReadBytes()?.ToArray();
    }

    /// <summary>The body of the file at <paramref name="path"/>, once its frame has been checked; a missing file throws
    /// <see cref="FileNotFoundException"/>, any other problem (a device, a FIFO or a folder in its place, a file over
    /// <see cref="MaxBytes"/>, a damaged frame) <see cref="InvalidDataException"/>.</summary>
    public ReadOnlyMemory<byte> Read(string path) =>
        TryUnframe(InputFile.ReadAllBytes(path, MaxBytes, Kind), out var body, out string? problem) ? body : throw new InvalidDataException($"'{path}' {problem}.");

    /// <summary>The object that the body of the file at <paramref name="path"/> holds, read with <see cref="Options"/>.</summary>
    public TBody ReadObject<TBody>(string path)
    {
        var body = Read(path);
        TBody value;
        int read;
        try
        {
            value = MessagePackSerializer.Deserialize<TBody>(body, Options, out read);
        }
        catch (MessagePackSerializationException e)
        {
            Exception inner = e;
            while (inner.InnerException is not null) inner = inner.InnerException;
            throw new InvalidDataException($"'{path}' is a {Kind} with a valid checksum but an unreadable body ({inner.Message}).", e);
        }
        if (read != body.Length) throw new InvalidDataException($"'{path}' is a {Kind} with {body.Length - read:N0} unexpected bytes at the end of its body.");
        return value;
    }

    /// <summary>Checks the frame of a file's bytes: true with its <paramref name="body"/> (a slice of
    /// <paramref name="file"/>), or false with the <paramref name="problem"/>, a phrase to follow the file's name
    /// (e.g. "is a truncated GmcRL dataset (...)").</summary>
    public bool TryUnframe(ReadOnlyMemory<byte> file, out ReadOnlyMemory<byte> body, [NotNullWhen(false)] out string? problem)
    {
        problem = Problem(file, out body);
        return problem is null;
    }

    private string? Problem(ReadOnlyMemory<byte> file, out ReadOnlyMemory<byte> body)
    {
        body = default;
        if (file.IsEmpty) return $"is not a {Kind} (it is empty)";
        string foreign = $"is not a {Kind} (it does not start with a GmcRL file frame)";
        var reader = new MessagePackReader(file);
        try
        {
            if (reader.NextMessagePackType != MessagePackType.Array || reader.ReadArrayHeader() != Fields) return foreign;
            if (reader.NextMessagePackType != MessagePackType.String) return foreign;
            string? magic = reader.ReadString();
            if (magic != Magic) return $"is not a {Kind} (its frame says '{magic}', expected '{Magic}')";
            if (reader.NextMessagePackType != MessagePackType.Integer) return $"is a damaged {Kind} (its format version is not a number)";
            int version = reader.ReadInt32();
            if (version != Version)
                return $"is a {Kind} of format version {version}, but this gmcrl reads version {Version}" +
                    (version > Version ? " (it was written by a newer gmcrl)" : "; make it again with this gmcrl");
            if (reader.NextMessagePackType != MessagePackType.Binary) return $"is a damaged {Kind} (it has no body)";
            int length = checked((int)reader.ReadBytes()!.Value.Length);
            var content = file.Slice((int)reader.Consumed - length, length);
            if (reader.NextMessagePackType != MessagePackType.Binary) return $"is a damaged {Kind} (it has no checksum)";
            var checksum = reader.ReadBytes()!.Value;
            if (checksum.Length != ChecksumLength) return $"is a damaged {Kind} (its checksum has {checksum.Length} bytes, not {ChecksumLength})";
            if (!reader.End) return $"is a {Kind} with {file.Length - reader.Consumed:N0} unexpected bytes after its frame";
            if (!SHA256.HashData(content.Span).AsSpan().SequenceEqual(checksum.FirstSpan))
                return $"is a corrupted {Kind}: its checksum (SHA-256) does not match its contents";
            body = content;
            return null;
        }
        catch (EndOfStreamException)
        {
            return $"is a truncated {Kind} (its {file.Length:N0} bytes end inside its frame)";
        }
        catch (ArgumentOutOfRangeException)
        {
            // A 32-bit length of 2 GiB or more, which MessagePack's reader reads as a negative count.
            return $"is a damaged {Kind} (a length in its frame reaches beyond its {file.Length:N0} bytes)";
        }
        catch (Exception e) when (e is MessagePackSerializationException or OverflowException)
        {
            return $"is a damaged {Kind} ({e.Message})";
        }
    }

    // What comes before the body in a file (the array header, magic, version and the body's binary header) and after
    // it (the body's SHA-256).
    private (byte[] Head, byte[] Tail) Around(ReadOnlySpan<byte> body) => (Head(body.Length), Tail(SHA256.HashData(body)));

    // The array header, magic, version and a body's binary header. The body's length is always written in the 32-bit
    // form (MessagePack's bin 32, any reader reads it), so that a body streamed to a file, whose length is known only
    // at its end, gets the same head as one framed in memory.
    private byte[] Head(long bodyLength)
    {
        var head = new ArrayBufferWriter<byte>(Magic.Length + 16);
        var writer = new MessagePackWriter(head);
        writer.WriteArrayHeader(Fields);
        writer.Write(Magic);
        writer.Write(Version);
        writer.Flush();
        Span<byte> bin = [MessagePackCode.Bin32, 0, 0, 0, 0];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bin[1..], (uint)bodyLength);
        head.Write(bin);
        return head.WrittenSpan.ToArray();
    }

    // The body's SHA-256, as a binary element.
    private static byte[] Tail(byte[] checksum)
    {
        var tail = new ArrayBufferWriter<byte>(64);
        var end = new MessagePackWriter(tail);
        end.Write(checksum);
        end.Flush();
        return tail.WrittenSpan.ToArray();
    }
}
