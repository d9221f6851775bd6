using System.Text;
using GmcRL.Storage;
using MessagePack;

namespace GmcRL.Agents.Checkpoints;

/// <summary>
/// The agent checkpoint format: a <see cref="FramedFile"/> whose body holds a <see cref="CheckpointHeader"/> and the
/// payload that an agent or the training loop writes. Saving is atomic, so a failed save never destroys an existing
/// checkpoint; loading checks the frame (kind, version, length, checksum) and then the header before any payload byte
/// is handed out, so a wrong, truncated or damaged file changes nothing. A checkpoint is read up to the container's own
/// cap, <see cref="InputFile.MaxBytes"/> (just under 2 GiB): a training checkpoint holds the whole replay buffer.
/// </summary>
public static class CheckpointFile
{
    /// <summary>The format version this build writes and reads.</summary>
    public const int FormatVersion = 3;

    private static readonly FramedFile Format = new("gmcrl-agent-checkpoint", FormatVersion, "GmcRL agent checkpoint");

    /// <summary>Writes <paramref name="header"/> and the payload produced by <paramref name="writePayload"/> to
    /// <paramref name="path"/> atomically (temporary file, then rename).</summary>
    public static void Write(string path, CheckpointHeader header, Action<BinaryWriter> writePayload)
    {
        var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true)) writePayload(writer);
        Format.WriteObject(path, new CheckpointBody
        {
            Content = header.Content, Algorithm = (int)header.Algorithm, FeatureSize = header.FeatureSize,
            Kind = (int)header.Actions.Kind, Choices = header.Actions.Choices,
            Low = header.Actions.Low.ToArray(), High = header.Actions.High.ToArray(), Network = header.Network,
            Payload = payload.ToArray(),
        });
    }

    /// <summary>Reads the header of the checkpoint at <paramref name="path"/> without checking it against anything.</summary>
    public static CheckpointHeader ReadHeader(string path) => Open(path).Header;

    /// <summary>Throws <see cref="CheckpointException"/> unless the checkpoint at <paramref name="path"/> is complete
    /// and was made for <paramref name="expected"/>.</summary>
    public static void Check(string path, CheckpointHeader expected) => OpenFor(path, expected);

    /// <summary>Checks that the checkpoint at <paramref name="path"/> is complete and was made for
    /// <paramref name="expected"/>, then hands its payload to <paramref name="readPayload"/>, which must read all of
    /// it: bytes left over mean a payload that this build did not write.</summary>
    public static void Read(string path, CheckpointHeader expected, Action<BinaryReader> readPayload) =>
        ReadPayload(path, expected, reader =>
        {
            readPayload(reader);
            long left = reader.BaseStream.Length - reader.BaseStream.Position;
            if (left > 0) throw new InvalidDataException($"{left:N0} unexpected bytes after the state it holds");
            return true;
        });

    /// <summary>Like <see cref="Read"/>, but <paramref name="readStart"/> reads only the start of the payload, such as
    /// a counter that names a companion file before the whole checkpoint is read.</summary>
    public static T ReadStart<T>(string path, CheckpointHeader expected, Func<BinaryReader, T> readStart) =>
        ReadPayload(path, expected, readStart);

    private static T ReadPayload<T>(string path, CheckpointHeader expected, Func<BinaryReader, T> read)
    {
        var payload = OpenFor(path, expected);
        using var reader = new BinaryReader(new MemoryStream(payload, writable: false), Encoding.UTF8);
        try
        {
            return read(reader);
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
        CheckpointBody body;
        try
        {
            body = Format.ReadObject<CheckpointBody>(path);
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
        {
            throw new CheckpointException($"Cannot load checkpoint: {e.Message}", e);
        }
        try
        {
            return (body.Header(), body.Payload);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
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
}

/// <summary>The body of an agent checkpoint. Keys are the format: changing one needs a format version bump. An array
/// that a file holds as nil reads as an empty one, which then fails the checks of the header or the payload.</summary>
[MessagePackObject]
internal sealed class CheckpointBody
{
    [Key(0)] public string Content { get; set; } = "";
    [Key(1)] public int Algorithm { get; set; }
    [Key(2)] public int FeatureSize { get; set; }
    [Key(3)] public int Kind { get; set; }
    [Key(4)] public int Choices { get; set; }
    [Key(5)] public float[] Low { get; set => field = value ?? []; } = [];
    [Key(6)] public float[] High { get; set => field = value ?? []; } = [];
    [Key(7)] public string Network { get; set; } = "";
    [Key(8)] public byte[] Payload { get; set => field = value ?? []; } = [];

    public CheckpointHeader Header()
    {
        if (!Enum.IsDefined((Algorithm)Algorithm)) throw new InvalidDataException($"unknown algorithm {Algorithm}");
        var actions = (ActionKind)Kind switch
        {
            ActionKind.Discrete => ActionSpec.Discrete(Choices),
            ActionKind.Continuous => ActionSpec.Continuous(Low, High),
            _ => throw new InvalidDataException($"unknown action kind {Kind}"),
        };
        return new CheckpointHeader(Content, (Algorithm)Algorithm, FeatureSize, actions, Network);
    }
}
