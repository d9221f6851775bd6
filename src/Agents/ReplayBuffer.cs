namespace GmcRL.Agents;

/// <summary>
/// A ring buffer of transitions between feature vectors, preallocated as plain arrays at its capacity. Terminated
/// and truncated are stored separately; sampling is uniform with replacement from a caller-seeded generator.
/// </summary>
public sealed class ReplayBuffer
{
    private readonly float[] _features;
    private readonly float[] _actions;
    private readonly float[] _rewards;
    private readonly float[] _nextFeatures;
    private readonly bool[] _terminated;
    private readonly bool[] _truncated;
    private int _next;

    /// <summary>A buffer for <paramref name="capacity"/> transitions; the oldest is overwritten once it is full.</summary>
    public ReplayBuffer(int capacity, int featureSize, int actionWidth)
    {
        if (capacity <= 0) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "A replay buffer needs room for at least one transition.");
        if (featureSize <= 0) throw new ArgumentOutOfRangeException(nameof(featureSize), featureSize, "Feature vectors need at least one element.");
        if (actionWidth <= 0) throw new ArgumentOutOfRangeException(nameof(actionWidth), actionWidth, "Actions need at least one element.");
        Capacity = capacity;
        FeatureSize = featureSize;
        ActionWidth = actionWidth;
        _features = new float[(long)capacity * featureSize];
        _actions = new float[(long)capacity * actionWidth];
        _rewards = new float[capacity];
        _nextFeatures = new float[(long)capacity * featureSize];
        _terminated = new bool[capacity];
        _truncated = new bool[capacity];
    }

    /// <summary>Maximum number of transitions held.</summary>
    public int Capacity { get; }

    /// <summary>Length of one feature vector.</summary>
    public int FeatureSize { get; }

    /// <summary>Floats per action.</summary>
    public int ActionWidth { get; }

    /// <summary>Number of transitions held.</summary>
    public int Count { get; private set; }

    /// <summary>Stores one transition, overwriting the oldest when full.</summary>
    public void Add(ReadOnlySpan<float> features, ReadOnlySpan<float> action, float reward, ReadOnlySpan<float> nextFeatures,
        bool terminated, bool truncated)
    {
        if (features.Length != FeatureSize || nextFeatures.Length != FeatureSize)
            throw new ArgumentException($"ReplayBuffer: feature vectors must have {FeatureSize} element(s) (got {features.Length} and {nextFeatures.Length}).");
        if (action.Length != ActionWidth)
            throw new ArgumentException($"ReplayBuffer: actions must have {ActionWidth} element(s) (got {action.Length}).", nameof(action));
        int i = _next;
        features.CopyTo(_features.AsSpan(i * FeatureSize, FeatureSize));
        action.CopyTo(_actions.AsSpan(i * ActionWidth, ActionWidth));
        _rewards[i] = reward;
        nextFeatures.CopyTo(_nextFeatures.AsSpan(i * FeatureSize, FeatureSize));
        _terminated[i] = terminated;
        _truncated[i] = truncated;
        _next = (i + 1) % Capacity;
        if (Count < Capacity) Count++;
    }

    /// <summary>Fills <paramref name="batch"/> with transitions drawn uniformly (with replacement) using <paramref name="rng"/>.</summary>
    public void Sample(Random rng, Batch batch)
    {
        if (Count == 0) throw new InvalidOperationException("ReplayBuffer: cannot sample from an empty buffer; add transitions first.");
        if (batch.FeatureSize != FeatureSize || batch.ActionWidth != ActionWidth)
            throw new ArgumentException($"ReplayBuffer: the batch is for features {batch.FeatureSize} and actions {batch.ActionWidth}, this buffer holds {FeatureSize} and {ActionWidth}.", nameof(batch));
        for (int row = 0; row < batch.Size; row++)
        {
            int i = rng.Next(Count);
            _features.AsSpan(i * FeatureSize, FeatureSize).CopyTo(batch.Features.AsSpan(row * FeatureSize, FeatureSize));
            _actions.AsSpan(i * ActionWidth, ActionWidth).CopyTo(batch.Actions.AsSpan(row * ActionWidth, ActionWidth));
            batch.Rewards[row] = _rewards[i];
            _nextFeatures.AsSpan(i * FeatureSize, FeatureSize).CopyTo(batch.NextFeatures.AsSpan(row * FeatureSize, FeatureSize));
            batch.Terminated[row] = _terminated[i];
            batch.Truncated[row] = _truncated[i];
        }
    }

    /// <summary>Writes the held transitions (for resuming training).</summary>
    public void Save(BinaryWriter writer)
    {
        writer.Write(Capacity);
        writer.Write(FeatureSize);
        writer.Write(ActionWidth);
        writer.Write(Count);
        writer.Write(_next);
        WriteFloats(writer, _features.AsSpan(0, Count * FeatureSize));
        WriteFloats(writer, _actions.AsSpan(0, Count * ActionWidth));
        WriteFloats(writer, _rewards.AsSpan(0, Count));
        WriteFloats(writer, _nextFeatures.AsSpan(0, Count * FeatureSize));
        for (int i = 0; i < Count; i++) writer.Write(_terminated[i]);
        for (int i = 0; i < Count; i++) writer.Write(_truncated[i]);
    }

    /// <summary>Replaces the contents with transitions written by <see cref="Save"/> from a buffer of the same shape.</summary>
    public void Load(BinaryReader reader)
    {
        int capacity = reader.ReadInt32(), featureSize = reader.ReadInt32(), actionWidth = reader.ReadInt32();
        if (capacity != Capacity || featureSize != FeatureSize || actionWidth != ActionWidth)
            throw new InvalidDataException($"The saved replay buffer holds {capacity} transitions of features {featureSize} and actions {actionWidth}; this one holds {Capacity} of {FeatureSize} and {ActionWidth}. Resume with the same buffer size, representation and action space.");
        int count = reader.ReadInt32(), next = reader.ReadInt32();
        if (count < 0 || count > Capacity || next < 0 || next >= Capacity)
            throw new InvalidDataException($"The saved replay buffer is damaged (count {count}, position {next}, capacity {Capacity}).");
        ReadFloats(reader, _features.AsSpan(0, count * FeatureSize));
        ReadFloats(reader, _actions.AsSpan(0, count * ActionWidth));
        ReadFloats(reader, _rewards.AsSpan(0, count));
        ReadFloats(reader, _nextFeatures.AsSpan(0, count * FeatureSize));
        for (int i = 0; i < count; i++) _terminated[i] = reader.ReadBoolean();
        for (int i = 0; i < count; i++) _truncated[i] = reader.ReadBoolean();
        Count = count;
        _next = next;
    }

    private static void WriteFloats(BinaryWriter writer, ReadOnlySpan<float> values) =>
        writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));

    private static void ReadFloats(BinaryReader reader, Span<float> values)
    {
        reader.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
    }
}
