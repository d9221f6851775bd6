using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using GmcRL.Storage;
using MessagePack;

namespace GmcRL.Replays;

/// <summary>
/// Reads and writes replay files (<c>*.replay</c>): the 8 bytes <c>GMCRPLAY</c>, the format version (uint32,
/// little-endian), the body's length (uint64) and its SHA-256, then the body in MessagePack (<see cref="Replay"/>'s
/// layout is in ReplayFormatter). Reading checks the frame before parsing and parses with MessagePack's untrusted-data
/// settings; every problem is a <see cref="ReplayFormatException"/> that names the file. Writing is atomic.
/// </summary>
public static class ReplayFile
{
    /// <summary>The format version this code writes and reads.</summary>
    public const uint FormatVersion = 2;

    /// <summary>The file name extension, with its dot.</summary>
    public const string Extension = ".replay";

    /// <summary>The largest replay file that is read (1 GiB).</summary>
    public const long MaxFileBytes = 1L << 30;

    private static ReadOnlySpan<byte> Magic => "GMCRPLAY"u8;

    private const int PrefixLength = 8 + 4 + 8 + 32;

    private static readonly MessagePackSerializerOptions Options =
        MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData);

    /// <summary>The file name of episode <paramref name="episode"/> of a condition, e.g. <c>image_only-ep002.replay</c>.</summary>
    public static string Name(string condition, int episode)
    {
        var safe = new string(condition.Select(c => char.IsLetterOrDigit(c) || c is '_' or '+' or '.' or '-' ? c : '_').ToArray());
        return $"{safe}-ep{episode:000}{Extension}";
    }

    /// <summary>Writes <paramref name="replay"/> to <paramref name="path"/> atomically: an existing file is replaced only
    /// once the new one is complete.</summary>
    public static void Write(string path, Replay replay)
    {
        byte[] bytes = ToBytes(replay);
        AtomicFile.Write(path, s => s.Write(bytes));
    }

    /// <summary>The file's bytes for <paramref name="replay"/>.</summary>
    public static byte[] ToBytes(Replay replay)
    {
        byte[] body = MessagePackSerializer.Serialize(replay, Options);
        var bytes = new byte[PrefixLength + body.Length];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), FormatVersion);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(12), (ulong)body.Length);
        SHA256.HashData(body, bytes.AsSpan(20, 32));
        body.CopyTo(bytes.AsSpan(PrefixLength));
        return bytes;
    }

    /// <summary>Reads the replay at <paramref name="path"/>.</summary>
    public static Replay Read(string path)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) throw new ReplayFormatException(path, Directory.Exists(path) ? "is a folder, not a replay file" : "does not exist");
            if (info.Length > MaxFileBytes) throw new ReplayFormatException(path, $"is {info.Length:N0} bytes; replays larger than {MaxFileBytes:N0} bytes are not read");
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ReplayFormatException(path, $"cannot be read: {e.Message}", e);
        }
        return FromBytes(bytes, path);
    }

    /// <summary>Reads a replay from the bytes of a file; <paramref name="path"/> names it in errors.</summary>
    public static Replay FromBytes(ReadOnlyMemory<byte> bytes, string? path = null)
    {
        var span = bytes.Span;
        if (span.Length < Magic.Length || !span[..Magic.Length].SequenceEqual(Magic))
            throw new ReplayFormatException(path, "is not a GmcRL replay file (it does not start with GMCRPLAY)");
        if (span.Length < PrefixLength)
            throw new ReplayFormatException(path, $"is truncated: {span.Length} bytes, shorter than the {PrefixLength}-byte preamble");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(span[8..]);
        if (version != FormatVersion)
            throw new ReplayFormatException(path, $"has format version {version}; this gmcrl reads version {FormatVersion}" +
                (version > FormatVersion ? " (it was written by a newer gmcrl)" : ""));
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(span[12..]);
        ulong present = (ulong)(span.Length - PrefixLength);
        if (length > present) throw new ReplayFormatException(path, $"is truncated: its body should be {length:N0} bytes, but only {present:N0} are there");
        if (length < present) throw new ReplayFormatException(path, $"has {present - length:N0} unexpected bytes after its body");
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(span[PrefixLength..], hash);
        if (!hash.SequenceEqual(span.Slice(20, 32)))
            throw new ReplayFormatException(path, "is corrupted: its checksum (SHA-256) does not match its contents");
        return Parse(bytes[PrefixLength..], path);
    }

    /// <summary>Parses a body whose checksum has been checked (internal, so tests can fuzz the parser behind the checksum).</summary>
    internal static Replay Parse(ReadOnlyMemory<byte> body, string? path)
    {
        try
        {
            var replay = MessagePackSerializer.Deserialize<Replay>(body, Options, out int read);
            if (read != body.Length) throw new ReplayFormatException(path, $"has {body.Length - read} bytes after the replay's data");
            return replay;
        }
        catch (MessagePackSerializationException e)
        {
            throw Explain(e, path);
        }
    }

    // MessagePack wraps what the formatter throws; the reader's own errors mean malformed or truncated data. Anything
    // else is a bug here and is rethrown as it is.
    private static Exception Explain(MessagePackSerializationException e, string? path)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case ReplayFormatException r: return new ReplayFormatException(path, r.Problem, e);
                case EndOfStreamException: return new ReplayFormatException(path, "is malformed: its data ends in the middle of a value", e);
                case OverflowException: return new ReplayFormatException(path, "is malformed: a number is out of range", e);
                case InsufficientExecutionStackException: return new ReplayFormatException(path, "is malformed: its data is nested too deeply", e);
            }
        }
        Exception innermost = e;
        while (innermost.InnerException is not null) innermost = innermost.InnerException;
        return innermost is MessagePackSerializationException m ? new ReplayFormatException(path, $"is malformed: {m.Message}", e) : e;
    }
}
