using GmcRL.Envs;

namespace GmcRL.Representation.Data;

/// <summary>
/// Recorded transitions of a multimodal environment: per sample the stacked observation, the action, the reward, the
/// next observation, the terminated and truncated flags, and the true state the observation shows. Each modality is
/// one column (sample-major) in its storage form: binary images stay packed as bits in memory, as in the file.
/// </summary>
public sealed class MultimodalDataset
{
    private readonly ModalityColumn[] _observations;
    private readonly ModalityColumn[] _next;
    private readonly float[] _actions;
    private readonly float[] _rewards;
    private readonly bool[] _terminated;
    private readonly bool[] _truncated;
    private readonly double[] _states;

    internal MultimodalDataset(DatasetHeader header, ModalityColumn[] observations, ModalityColumn[] next, float[] actions,
        float[] rewards, bool[] terminated, bool[] truncated, double[] states)
    {
        int n = header.Count;
        if (observations.Length != header.Spec.Count || next.Length != header.Spec.Count ||
            observations.Concat(next).Any(c => c.Count != n) ||
            observations.Concat(next).Select((c, i) => !c.Spec.Equals(header.Spec.Modalities[i % header.Spec.Count])).Any(bad => bad))
            throw new InvalidDataException("Dataset: the modality columns do not match the header's spec and count.");
        if (actions.LongLength != (long)n * header.ActionSize || rewards.Length != n || terminated.Length != n ||
            truncated.Length != n || states.LongLength != (long)n * header.StateSize)
            throw new InvalidDataException("Dataset: the action, reward, flag or state columns do not match the sample count.");
        Header = header;
        _observations = observations;
        _next = next;
        _actions = actions;
        _rewards = rewards;
        _terminated = terminated;
        _truncated = truncated;
        _states = states;
    }

    /// <summary>What the dataset holds and how it was made.</summary>
    public DatasetHeader Header { get; }

    /// <summary>The stacked observations' modalities.</summary>
    public ObservationSpec Spec => Header.Spec;

    /// <summary>Number of samples.</summary>
    public int Count => Header.Count;

    /// <summary>All observations of a UInt8 modality, sample after sample (binary images are unpacked on first use).</summary>
    public ReadOnlySpan<byte> ObservationBytes(int modality) => _observations[modality].Bytes;

    /// <summary>All observations of a Float32 modality, sample after sample.</summary>
    public ReadOnlySpan<float> ObservationFloats(int modality) => _observations[modality].Floats;

    /// <summary>All next observations of a UInt8 modality (binary images are unpacked on first use).</summary>
    public ReadOnlySpan<byte> NextObservationBytes(int modality) => _next[modality].Bytes;

    /// <summary>All next observations of a Float32 modality.</summary>
    public ReadOnlySpan<float> NextObservationFloats(int modality) => _next[modality].Floats;

    /// <summary>Actions, <see cref="DatasetHeader.ActionSize"/> per sample.</summary>
    public ReadOnlySpan<float> Actions => _actions;

    /// <summary>Rewards.</summary>
    public ReadOnlySpan<float> Rewards => _rewards;

    /// <summary>True where the step reached a terminal state.</summary>
    public ReadOnlySpan<bool> Terminated => _terminated;

    /// <summary>True where the episode was cut short after the step (the next observation is the episode's last).</summary>
    public ReadOnlySpan<bool> Truncated => _truncated;

    /// <summary>The true state each observation shows, <see cref="DatasetHeader.StateSize"/> per sample.</summary>
    public ReadOnlySpan<double> States => _states;

    internal ModalityColumn ObservationColumn(int modality) => _observations[modality];

    internal ModalityColumn NextObservationColumn(int modality) => _next[modality];

    /// <summary>Copies sample <paramref name="index"/>'s observation (or next observation) into <paramref name="target"/>,
    /// with every modality present.</summary>
    public void CopyObservation(int index, MultimodalObservation target, bool next = false)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"The dataset has {Count} samples.");
        if (!target.Spec.Equals(Spec)) throw new ArgumentException("The observation's spec differs from the dataset's.", nameof(target));
        var columns = next ? _next : _observations;
        target.Mask = PresenceMask.All(Spec.Count);
        for (int m = 0; m < Spec.Count; m++) columns[m].Read(index, target, m);
    }

    /// <summary>True when both datasets hold the same elements (headers are compared by the caller).</summary>
    public bool ContentEquals(MultimodalDataset other)
    {
        if (Count != other.Count || !Spec.Equals(other.Spec)) return false;
        for (int m = 0; m < Spec.Count; m++)
            if (!_observations[m].ContentEquals(other._observations[m]) || !_next[m].ContentEquals(other._next[m])) return false;
        return _actions.AsSpan().SequenceEqual(other._actions) && _rewards.AsSpan().SequenceEqual(other._rewards) &&
               _terminated.AsSpan().SequenceEqual(other._terminated) && _truncated.AsSpan().SequenceEqual(other._truncated) &&
               _states.AsSpan().SequenceEqual(other._states);
    }
}
