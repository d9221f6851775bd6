using System.Security.Cryptography;
using System.Text;
using GmcRL.Storage;

namespace GmcRL.Agents.Checkpoints;

/// <summary>
/// The checkpoint container: a magic word, a format version, a <see cref="CheckpointHeader"/>, the payload's length,
/// the payload, the SHA-256 of everything before it, and an end marker. Writing goes to a temporary file that replaces
/// the target only when complete, so a failed save never destroys an existing checkpoint; reading checks the header
/// and the whole file (its length and checksum) before any payload byte is handed out, so a wrong, truncated or
/// damaged file changes nothing. Version 1 files, which have no checksum, are still read.
/// </summary>
public static class CheckpointFile
{
    /// <summary>The format version this build writes and reads.</summary>
    public const int FormatVersion = 2;

    private const int HashLength = 32; // SHA-256

    private static readonly byte[] Magic = "GMCRLCKP"u8.ToArray();
    private static readonly byte[] EndMarker = "GMCRLEND"u8.ToArray();

    /// <summary>Writes <paramref name="header"/> and the payload produced by <paramref name="writePayload"/> to
    /// <paramref name="path"/> atomically (temporary file, then rename).</summary>
    public static void Write(string path, CheckpointHeader header, Action<BinaryWriter> writePayload)
    {
        var payload = new MemoryStream();
        using (var payloadWriter = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true)) writePayload(payloadWriter);

        var body = new MemoryStream();
        using (var writer = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            WriteHeader(writer, header);
            writer.Write(payload.Length);
            writer.Write(payload.GetBuffer(), 0, (int)payload.Length);
        }
        byte[] hash = SHA256.HashData(body.GetBuffer().AsSpan(0, (int)body.Length));
        AtomicFile.Write(path, file =>
        {
            file.Write(body.GetBuffer(), 0, (int)body.Length);
            file.Write(hash);
            file.Write(EndMarker);
        });
    }

    /// <summary>Reads the header of the checkpoint at <paramref name="path"/> without checking it against anything.</summary>
    public static CheckpointHeader ReadHeader(string path) => Open(path).Header;

    /// <summary>Throws <see cref="CheckpointException"/> unless the checkpoint at <paramref name="path"/> is complete
    /// and was made for <paramref name="expected"/>.</summary>
    public static void Check(string path, CheckpointHeader expected) => OpenFor(path, expected);

    /// <summary>Checks that the checkpoint at <paramref name="path"/> is complete and was made for
    /// <paramref name="expected"/>, then hands its payload to <paramref name="readPayload"/>.</summary>
    public static void Read(string path, CheckpointHeader expected, Action<BinaryReader> readPayload)
    {
        var payload = OpenFor(path, expected);
        using var reader = new BinaryReader(new MemoryStream(payload, writable: false), Encoding.UTF8);
        try
        {
            readPayload(reader);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or ArgumentException or IOException)
        {
            throw new CheckpointException($"Cannot load checkpoint '{path}': its contents do not match its header ({e.Message}).", e);
        }
    }

    private static byte[] OpenFor(string path, CheckpointHeader expected)
    {
        var (header, payload) = Open(path);
        string? mismatch = Mismatch(header, expected);
        if (mismatch != null) throw new CheckpointException($"Cannot load checkpoint '{path}': {mismatch}");
        return payload;
    }

    private static (CheckpointHeader Header, byte[] Payload) Open(string path)
    {
        if (!File.Exists(path)) throw new CheckpointException($"Cannot load checkpoint '{path}': the file does not exist.");
        byte[] bytes = File.ReadAllBytes(path);
        using var file = new MemoryStream(bytes, writable: false);
        using var reader = new BinaryReader(file, Encoding.UTF8);
        try
        {
            var magic = reader.ReadBytes(Magic.Length);
            if (!magic.AsSpan().SequenceEqual(Magic))
                throw new CheckpointException($"Cannot load checkpoint '{path}': it is not a GmcRL checkpoint (it does not start with GMCRLCKP).");
            int version = reader.ReadInt32();
            if (version is not (1 or FormatVersion))
                throw new CheckpointException($"Cannot load checkpoint '{path}': it has format version {version}; this build reads versions 1 to {FormatVersion}.");
            var header = ReadHeader(reader);
            long length = reader.ReadInt64();
            int hashLength = version >= 2 ? HashLength : 0;
            long remaining = file.Length - file.Position;
            if (length < 0 || length + hashLength + EndMarker.Length != remaining)
                throw new CheckpointException($"Cannot load checkpoint '{path}': it is truncated or damaged (payload of {length} bytes announced, {remaining - hashLength - EndMarker.Length} present). Save it again.");
            var payload = reader.ReadBytes((int)length);
            if (hashLength > 0 && !SHA256.HashData(bytes.AsSpan(0, (int)file.Position)).AsSpan().SequenceEqual(reader.ReadBytes(hashLength)))
                throw new CheckpointException($"Cannot load checkpoint '{path}': it is damaged (its checksum does not match its contents). Save it again.");
            if (!reader.ReadBytes(EndMarker.Length).AsSpan().SequenceEqual(EndMarker))
                throw new CheckpointException($"Cannot load checkpoint '{path}': it is damaged (no end marker). Save it again.");
            return (header, payload);
        }
        catch (EndOfStreamException e)
        {
            throw new CheckpointException($"Cannot load checkpoint '{path}': it is truncated (the file ends inside its header). Save it again.", e);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or FormatException)
        {
            throw new CheckpointException($"Cannot load checkpoint '{path}': its header is damaged ({e.Message}). Save it again.", e);
        }
    }

    private static string? Mismatch(CheckpointHeader found, CheckpointHeader expected)
    {
        if (found.Content != expected.Content)
            return $"it holds {found.Content} state, but {expected.Content} state was asked for.";
        if (found.Algorithm != expected.Algorithm)
            return $"it was made by {found.Algorithm}, but this agent is {expected.Algorithm}; load it into a {found.Algorithm} agent.";
        if (found.FeatureSize != expected.FeatureSize)
            return $"it was made for feature vectors of size {found.FeatureSize}, but this agent takes {expected.FeatureSize}; use the representation it was trained with.";
        if (!found.Actions.SameAs(expected.Actions))
            return $"it was made for the action space {found.Actions}, but this agent acts in {expected.Actions}.";
        if (found.Network != expected.Network)
            return $"its networks are {found.Network}, but this agent's are {expected.Network}; create the agent with the same options.";
        return null;
    }

    private static void WriteHeader(BinaryWriter writer, CheckpointHeader header)
    {
        writer.Write(header.Content);
        writer.Write((int)header.Algorithm);
        writer.Write(header.FeatureSize);
        writer.Write((int)header.Actions.Kind);
        writer.Write(header.Actions.Choices);
        writer.Write(header.Actions.Low.Length);
        foreach (float v in header.Actions.Low) writer.Write(v);
        foreach (float v in header.Actions.High) writer.Write(v);
        writer.Write(header.Network);
    }

    private static CheckpointHeader ReadHeader(BinaryReader reader)
    {
        string content = reader.ReadString();
        var algorithm = (Algorithm)reader.ReadInt32();
        int featureSize = reader.ReadInt32();
        var kind = (ActionKind)reader.ReadInt32();
        int choices = reader.ReadInt32();
        int width = reader.ReadInt32();
        if (width < 0 || width > 1 << 20) throw new InvalidDataException($"implausible action width {width}");
        var low = new float[width];
        var high = new float[width];
        for (int i = 0; i < width; i++) low[i] = reader.ReadSingle();
        for (int i = 0; i < width; i++) high[i] = reader.ReadSingle();
        var actions = kind == ActionKind.Discrete ? ActionSpec.Discrete(choices) : ActionSpec.Continuous(low, high);
        return new CheckpointHeader(content, algorithm, featureSize, actions, reader.ReadString());
    }
}
