using GmcRL.Storage;
using MessagePack;

namespace GmcRL.Replays;

/// <summary>
/// Reads and writes replay files (<c>*.replay</c>): a <see cref="FramedFile"/> whose body is the replay in MessagePack
/// (<see cref="Replay"/>'s layout is in ReplayFormatter). Reading reads only a regular file of at most
/// <see cref="MaxFileBytes"/> (<see cref="InputFile"/>), checks the frame (kind, version, length, checksum) before parsing and parses with MessagePack's untrusted-data settings; every problem is a
/// <see cref="ReplayFormatException"/> that names the file. Writing is atomic.
/// </summary>
public static class ReplayFile
{
    /// <summary>The format version this code writes and reads.</summary>
    public const int FormatVersion = 4;

    /// <summary>The file name extension, with its dot.</summary>
    public const string Extension = ".replay";

    /// <summary>The largest replay file that is read (1 GiB).</summary>
    public const long MaxFileBytes = 1L << 30;

    internal static readonly FramedFile Format = new("gmcrl-replay", FormatVersion, "GmcRL replay file", MaxFileBytes);

    /// <summary>The file name of episode <paramref name="episode"/> of a condition, e.g. <c>image_only-ep002.replay</c>.</summary>
    public static string Name(string condition, int episode)
    {
        var safe = new string(condition.Select(c => char.IsLetterOrDigit(c) || c is '_' or '+' or '.' or '-' ? c : '_').ToArray());
        return $"{safe}-ep{episode:000}{Extension}";
    }

    /// <summary>Writes <paramref name="replay"/> to <paramref name="path"/> atomically: an existing file is replaced only
    /// once the new one is complete.</summary>
    public static void Write(string path, Replay replay) => Format.WriteObject(path, replay);

    /// <summary>The file's bytes for <paramref name="replay"/>.</summary>
    public static byte[] ToBytes(Replay replay) => Format.Frame(MessagePackSerializer.Serialize(replay, FramedFile.Options));

    /// <summary>Reads the replay at <paramref name="path"/>.</summary>
    public static Replay Read(string path)
    {
        if (InputFile.Problem(path, MaxFileBytes, Format.Kind) is string problem) throw new ReplayFormatException(path, problem);
        byte[] bytes;
        try
        {
            bytes = InputFile.ReadAllBytes(path, MaxFileBytes, Format.Kind);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new ReplayFormatException(path, $"cannot be read: {e.Message}", e);
        }
        return FromBytes(bytes, path);
    }

    /// <summary>Reads a replay from the bytes of a file; <paramref name="path"/> names it in errors.</summary>
    public static Replay FromBytes(ReadOnlyMemory<byte> bytes, string? path = null) =>
        Format.TryUnframe(bytes, out var body, out string? problem) ? Parse(body, path) : throw new ReplayFormatException(path, problem);

    /// <summary>Parses a body whose checksum has been checked (internal, so tests can fuzz the parser behind the checksum).</summary>
    internal static Replay Parse(ReadOnlyMemory<byte> body, string? path)
    {
        try
        {
            var replay = MessagePackSerializer.Deserialize<Replay>(body, FramedFile.Options, out int read);
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
