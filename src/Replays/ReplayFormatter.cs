using System.Buffers;
using System.Buffers.Binary;
using GmcRL.Envs;
using GmcRL.Storage;
using MessagePack;
using MessagePack.Formatters;

namespace GmcRL.Replays;

/// <summary>
/// The MessagePack body of a replay file (the frame around it, with magic, version and checksum, is
/// <see cref="ReplayFile"/>'s). Layout, every field in a fixed order:
/// <code>
/// [ header: [environment, settings, agent, condition, schedule, seed, episode, dt, frames_per_observation,
///            modalities: [[name, [shape...], element_type, kind, low, high] ...], state_names: [...],
///            action_size, latent_size,
///            voices: nil | [[name ...], base_frequency, loudest_amplitude, loudest_sum, modality]],
///   steps:  [count, states: bin(f64), masks: bin(u32), actions: bin(f32), rewards: bin(f64), latents: bin(f32),
///            voices: bin(f32, per step and voice: frequency, amplitude), frames: [bin per modality]] ]
/// </code>
/// Numbers in bins are little-endian. A modality's bin holds only its present frames, in step order; a binary
/// modality (bytes in [0, 1]) packs each frame into ceil(length / 8) bytes, most significant bit first (<see cref="BitPacking"/>).
/// Reading checks every count against the bytes present before allocating, so a hostile file cannot ask for more
/// memory than about eight times its own size.
/// </summary>
internal sealed class ReplayFormatter : IMessagePackFormatter<Replay>
{
    private const int HeaderFields = 14, StepFields = 8, ModalityFields = 7, VoicesFields = 5;

    /// <summary>The most steps one replay may hold.</summary>
    internal const int MaxSteps = 10_000_000;

    public void Serialize(ref MessagePackWriter writer, Replay value, MessagePackSerializerOptions options)
    {
        var h = value.Header;
        writer.WriteArrayHeader(2);
        writer.WriteArrayHeader(HeaderFields);
        writer.Write(h.Environment);
        writer.Write(h.Settings);
        writer.Write(h.Agent);
        writer.Write(h.Condition);
        writer.Write(h.Schedule);
        writer.Write(h.Seed);
        writer.Write(h.Episode);
        writer.Write(h.Dt);
        writer.Write(h.FramesPerObservation);
        writer.WriteArrayHeader(h.Modalities.Count);
        foreach (var m in h.Modalities)
        {
            writer.WriteArrayHeader(ModalityFields);
            writer.Write(m.Name);
            writer.WriteArrayHeader(m.Shape.Count);
            foreach (int d in m.Shape) writer.Write(d);
            writer.Write((int)m.ElementType);
            writer.Write((int)m.Kind);
            writer.Write(m.Low);
            writer.Write(m.High);
            writer.Write(m.Levels);
        }
        writer.WriteArrayHeader(h.StateNames.Count);
        foreach (string n in h.StateNames) writer.Write(n);
        writer.Write(h.ActionSize);
        writer.Write(h.LatentSize);
        if (h.Voices is null) writer.WriteNil();
        else
        {
            writer.WriteArrayHeader(VoicesFields);
            writer.WriteArrayHeader(h.Voices.Names.Count);
            foreach (string n in h.Voices.Names) writer.Write(n);
            writer.Write(h.Voices.BaseFrequency);
            writer.Write(h.Voices.LoudestAmplitude);
            writer.Write(h.Voices.LoudestSum);
            writer.Write(h.Voices.Modality);
        }

        writer.WriteArrayHeader(StepFields);
        writer.Write(value.Count);
        writer.Write(Encode(value.States));
        writer.Write(Encode(value.Masks));
        writer.Write(Encode(value.Actions));
        writer.Write(Encode(value.Rewards));
        writer.Write(Encode(value.Latents));
        writer.Write(Encode(value.AllVoices));
        writer.WriteArrayHeader(value.AllFrames.Length);
        foreach (var f in value.AllFrames)
            writer.Write(f.Floats is not null ? Encode(f.Floats) : ModalityFrames.IsBinary(f.Spec) ? PackBits(f.Bytes!, f.Spec.Length) : f.Bytes);
    }

    public Replay Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        options.Security.DepthStep(ref reader);
        Expect(ref reader, 2, "the replay");
        var header = ReadHeader(ref reader, options);
        var replay = ReadSteps(ref reader, header, options);
        reader.Depth--;
        return replay;
    }

    private static ReplayHeader ReadHeader(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        options.Security.DepthStep(ref reader);
        Expect(ref reader, HeaderFields, "the header");
        string environment = Text(ref reader, "environment"), settings = Text(ref reader, "settings"),
            agent = Text(ref reader, "agent"), condition = Text(ref reader, "condition"), schedule = Text(ref reader, "schedule");
        int seed = Int(ref reader, "seed"), episode = Int(ref reader, "episode");
        double dt = Real(ref reader, "time step (dt)");
        int frames = Int(ref reader, "frames per observation");

        options.Security.DepthStep(ref reader);
        int modalityCount = Array(ref reader, "modality list");
        if (modalityCount is < 1 or > PresenceMask.MaxModalities) throw Bad($"the header names {modalityCount} modalities; 1 to {PresenceMask.MaxModalities} are supported");
        var modalities = new ModalitySpec[modalityCount];
        for (int m = 0; m < modalityCount; m++)
        {
            options.Security.DepthStep(ref reader);
            Expect(ref reader, ModalityFields, "a modality");
            string name = Text(ref reader, "modality name");
            int rank = Array(ref reader, $"shape of '{name}'");
            if (rank is < 1 or > 8) throw Bad($"modality '{name}' has {rank} dimensions; 1 to 8 are supported");
            var shape = new int[rank];
            long length = 1;
            for (int d = 0; d < rank; d++)
            {
                shape[d] = Int(ref reader, $"shape of '{name}'");
                if (shape[d] < 1) throw Bad($"modality '{name}' has a dimension of {shape[d]}");
                length *= shape[d];
                if (length > ReplayHeader.MaxFrameLength) throw Bad($"modality '{name}' has more than {ReplayHeader.MaxFrameLength} elements per frame");
            }
            int type = Int(ref reader, $"element type of '{name}'");
            if (!Enum.IsDefined((ElementType)type)) throw Bad($"modality '{name}' has unknown element type {type}");
            int kind = Int(ref reader, $"kind of '{name}'");
            if (!Enum.IsDefined((ModalityKind)kind)) throw Bad($"modality '{name}' has unknown kind {kind}");
            double low = Real(ref reader, $"low bound of '{name}'"), high = Real(ref reader, $"high bound of '{name}'");
            if (string.IsNullOrWhiteSpace(name) || !double.IsFinite(low) || !double.IsFinite(high) || !(low <= high))
                throw Bad($"modality {m} has an empty name or bounds [{low}, {high}]");
            if ((ModalityKind)kind == ModalityKind.Image && (rank < 2 || (ElementType)type != ElementType.UInt8))
                throw Bad($"modality '{name}' is an image of {(ElementType)type} [{string.Join(", ", shape)}]; an image holds bytes in 2 or more dimensions");
            int levels = Int(ref reader, $"levels of '{name}'");
            if (levels != 0 && ((ElementType)type != ElementType.Float32 || levels < 2 || levels > ModalitySpec.MaxLevels || !(low < high)))
                throw Bad($"modality '{name}' declares {levels} levels for {(ElementType)type} in [{low}, {high}]");
            modalities[m] = new ModalitySpec(name, shape, (ElementType)type, low, high, (ModalityKind)kind, levels);
            reader.Depth--;
        }
        reader.Depth--;

        options.Security.DepthStep(ref reader);
        int stateCount = Array(ref reader, "state names");
        if (stateCount > ReplayHeader.MaxStateSize) throw Bad($"the state has {stateCount} components; at most {ReplayHeader.MaxStateSize} are supported");
        var stateNames = new string[stateCount];
        for (int i = 0; i < stateCount; i++) stateNames[i] = Text(ref reader, "state name");
        reader.Depth--;
        int actionSize = Int(ref reader, "action size"), latentSize = Int(ref reader, "latent size");

        ReplayVoices? voices = null;
        if (!reader.TryReadNil())
        {
            options.Security.DepthStep(ref reader);
            Expect(ref reader, VoicesFields, "the voices");
            options.Security.DepthStep(ref reader);
            int voiceCount = Array(ref reader, "voice names");
            if (voiceCount is < 1 or > ReplayVoices.MaxVoices) throw Bad($"the header names {voiceCount} voices; 1 to {ReplayVoices.MaxVoices} are supported");
            var names = new string[voiceCount];
            for (int i = 0; i < voiceCount; i++) names[i] = Text(ref reader, "voice name");
            reader.Depth--;
            double baseFrequency = Real(ref reader, "base frequency"), loudest = Real(ref reader, "loudest amplitude"),
                loudestSum = Real(ref reader, "loudest sum");
            voices = new ReplayVoices(names, baseFrequency, loudest, loudestSum, Text(ref reader, "voices' modality"));
            reader.Depth--;
        }
        reader.Depth--;

        var header = new ReplayHeader
        {
            Environment = environment, Settings = settings, Agent = agent, Condition = condition, Schedule = schedule,
            Seed = seed, Episode = episode, Dt = dt, FramesPerObservation = frames, Modalities = modalities,
            StateNames = stateNames, ActionSize = actionSize, LatentSize = latentSize, Voices = voices,
        };
        if (header.Problem() is string problem) throw Bad($"invalid header: {problem}");
        return header;
    }

    private static Replay ReadSteps(ref MessagePackReader reader, ReplayHeader h, MessagePackSerializerOptions options)
    {
        options.Security.DepthStep(ref reader);
        Expect(ref reader, StepFields, "the steps");
        int count = Int(ref reader, "step count");
        if (count is < 0 or > MaxSteps) throw Bad($"the replay claims {count} steps; 0 to {MaxSteps} are supported");
        int voiceCount = h.Voices?.Count ?? 0;

        double[] states = DecodeDoubles(Bin(ref reader, "states", 8L * count * h.StateNames.Count));
        uint[] masks = DecodeUInts(Bin(ref reader, "masks", 4L * count));
        float[] actions = DecodeFloats(Bin(ref reader, "actions", 4L * count * h.ActionSize));
        double[] rewards = DecodeDoubles(Bin(ref reader, "rewards", 8L * count));
        float[] latents = DecodeFloats(Bin(ref reader, "latents", 4L * count * h.LatentSize));
        float[] voices = DecodeFloats(Bin(ref reader, "voices", 4L * count * voiceCount * 2));
        Finite(states, "a state"); Finite(actions, "an action"); Finite(rewards, "a reward");
        for (int i = 0; i < voices.Length; i += 2)
            if (!ReplayVoices.Usable(voices[i], voices[i + 1]))
                throw Bad($"step {i / (2 * voiceCount)} has voice '{h.Voices!.Names[i / 2 % voiceCount]}' at {voices[i]} Hz and amplitude {voices[i + 1]}, not a positive frequency and amplitude");
        uint all = PresenceMask.All(h.Modalities.Count).Bits;
        for (int t = 0; t < count; t++)
            if ((masks[t] & ~all) != 0) throw Bad($"step {t}'s presence mask names a modality that does not exist");

        Expect(ref reader, h.Modalities.Count, "the frames");
        var frames = new ModalityFrames[h.Modalities.Count];
        for (int m = 0; m < frames.Length; m++)
        {
            var spec = h.Modalities[m];
            var slots = new int[count];
            int present = 0;
            for (int t = 0; t < count; t++) slots[t] = (masks[t] & (1u << m)) != 0 ? present++ : -1;
            string what = $"frames of '{spec.Name}'";
            if (spec.ElementType == ElementType.Float32)
            {
                float[] floats = DecodeFloats(Bin(ref reader, what, 4L * present * spec.Length));
                Finite(floats, $"a '{spec.Name}' frame");
                frames[m] = new ModalityFrames(spec, slots, null, floats);
            }
            else if (ModalityFrames.IsBinary(spec))
                frames[m] = new ModalityFrames(spec, slots, UnpackBits(Bin(ref reader, what, present * BitPacking.PackedLength(spec.Length)), present, spec.Length), null);
            else
                frames[m] = new ModalityFrames(spec, slots, Bin(ref reader, what, (long)present * spec.Length).ToArray(), null);
        }
        reader.Depth--;
        return new Replay(h, count, states, masks, actions, rewards, latents, voices, frames);
    }

    private static void Expect(ref MessagePackReader reader, int fields, string what)
    {
        int n = Array(ref reader, what);
        if (n != fields) throw Bad($"{what} has {n} fields; this format has {fields}");
    }

    // Each read checks the type of the value first, so a value of the wrong type is named in the error.
    private static int Array(ref MessagePackReader reader, string what)
    {
        Check(ref reader, what, "an array", MessagePackType.Array);
        return reader.ReadArrayHeader();
    }

    private static int Int(ref MessagePackReader reader, string what)
    {
        Check(ref reader, what, "an integer", MessagePackType.Integer);
        try { return reader.ReadInt32(); }
        catch (OverflowException) { throw Bad($"{what}: out of range"); }
    }

    private static double Real(ref MessagePackReader reader, string what)
    {
        Check(ref reader, what, "a number", MessagePackType.Float, MessagePackType.Integer);
        return reader.ReadDouble();
    }

    private static string Text(ref MessagePackReader reader, string what)
    {
        Check(ref reader, what, "a string", MessagePackType.String, MessagePackType.Nil);
        return reader.ReadString() ?? throw Bad($"the {what} is missing");
    }

    private static void Check(ref MessagePackReader reader, string what, string expected, params ReadOnlySpan<MessagePackType> types)
    {
        if (reader.End) throw Bad($"its data ends before {what}");
        var next = reader.NextMessagePackType;
        foreach (var type in types) if (next == type) return;
        throw Bad($"{what}: expected {expected}, found {Describe(next)}");
    }

    private static string Describe(MessagePackType type) => type switch
    {
        MessagePackType.Integer => "an integer",
        MessagePackType.Float => "a floating-point number",
        MessagePackType.String => "a string",
        MessagePackType.Binary => "binary data",
        MessagePackType.Array => "an array",
        MessagePackType.Map => "a map",
        MessagePackType.Nil => "nil",
        MessagePackType.Boolean => "a boolean",
        MessagePackType.Extension => "an extension value",
        _ => "of an unknown type",
    };

    private static ReadOnlySequence<byte> Bin(ref MessagePackReader reader, string what, long expected)
    {
        Check(ref reader, what, "binary data", MessagePackType.Binary, MessagePackType.Nil);
        var bytes = reader.ReadBytes() ?? throw Bad($"the {what} are missing");
        if (bytes.Length != expected) throw Bad($"the {what} hold {bytes.Length} bytes; the header and step count call for {expected}");
        return bytes;
    }

    private static void Finite(double[] values, string what)
    {
        foreach (double x in values) if (!double.IsFinite(x)) throw Bad($"{what} holds a non-finite number");
    }

    private static void Finite(float[] values, string what)
    {
        foreach (float x in values) if (!float.IsFinite(x)) throw Bad($"{what} holds a non-finite number");
    }

    private static ReplayFormatException Bad(string problem) => new(null, problem);

    private static byte[] Encode(double[] values)
    {
        var bytes = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * 8), values[i]);
        return bytes;
    }

    private static byte[] Encode(float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        return bytes;
    }

    private static byte[] Encode(uint[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), values[i]);
        return bytes;
    }

    private static double[] DecodeDoubles(ReadOnlySequence<byte> seq)
    {
        byte[] bytes = seq.ToArray();
        var values = new double[bytes.Length / 8];
        for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(i * 8));
        return values;
    }

    private static float[] DecodeFloats(ReadOnlySequence<byte> seq)
    {
        byte[] bytes = seq.ToArray();
        var values = new float[bytes.Length / 4];
        for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4));
        return values;
    }

    private static uint[] DecodeUInts(ReadOnlySequence<byte> seq)
    {
        byte[] bytes = seq.ToArray();
        var values = new uint[bytes.Length / 4];
        for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i * 4));
        return values;
    }

    // Frame after frame, each padded to whole bytes.
    private static byte[] PackBits(byte[] frames, int length)
    {
        int per = (int)BitPacking.PackedLength(length), count = frames.Length / length;
        var packed = new byte[count * per];
        for (int f = 0; f < count; f++) BitPacking.Pack(frames.AsSpan(f * length, length), packed.AsSpan(f * per, per));
        return packed;
    }

    private static byte[] UnpackBits(ReadOnlySequence<byte> seq, int count, int length)
    {
        byte[] packed = seq.ToArray();
        int per = (int)BitPacking.PackedLength(length);
        var frames = new byte[count * length];
        for (int f = 0; f < count; f++) BitPacking.Unpack(packed.AsSpan(f * per, per), frames.AsSpan(f * length, length));
        return frames;
    }
}
