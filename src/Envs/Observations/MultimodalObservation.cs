namespace GmcRL.Envs;

/// <summary>
/// One observation of several modalities, each a flat array in its spec's shape (row-major), with a
/// <see cref="PresenceMask"/> that says which modalities it holds. A missing modality's data is all zeros,
/// but downstream code should read the mask, not the zeros.
/// </summary>
/// <remarks>
/// Environments return an observation they own and overwrite on their next Reset or Step, so that
/// stepping allocates nothing; call <see cref="Clone"/> or <see cref="CopyTo"/> to keep one.
/// </remarks>
public sealed class MultimodalObservation
{
    private readonly Array[] _data;
    private double[] _trueState = [];

    /// <summary>A zeroed observation for <paramref name="spec"/> with every modality present.</summary>
    public MultimodalObservation(ObservationSpec spec)
    {
        Spec = spec;
        _data = spec.Modalities.Select(m => m.ElementType switch
        {
            ElementType.UInt8 => (Array)new byte[m.Length],
            ElementType.Float32 => new float[m.Length],
            _ => throw new ArgumentOutOfRangeException(nameof(spec), m.ElementType, "unknown element type"),
        }).ToArray();
        Mask = PresenceMask.All(spec.Count);
    }

    /// <summary>The modalities this observation holds.</summary>
    public ObservationSpec Spec { get; }

    /// <summary>Which modalities are present.</summary>
    public PresenceMask Mask { get; set; }

    /// <summary>The environment's true state behind this observation (for the pendulum: theta, theta_dot), when a
    /// <see cref="Wrappers.TrueStateAttached{TAction}"/> wrapper attached it; empty otherwise. It is not a modality:
    /// dropping modalities never removes it. Only the true-state upper bound reads it; representations of the senses
    /// must not.</summary>
    public ReadOnlySpan<double> TrueState => _trueState;

    /// <summary>Attaches <paramref name="state"/> as <see cref="TrueState"/> (copied; the buffer is reused when the
    /// length stays the same).</summary>
    public void AttachTrueState(ReadOnlySpan<double> state)
    {
        if (_trueState.Length != state.Length) _trueState = new double[state.Length];
        state.CopyTo(_trueState);
    }

    /// <summary>The elements of a <see cref="ElementType.UInt8"/> modality.</summary>
    public Span<byte> Bytes(int modality) => _data[modality] as byte[]
        ?? throw new InvalidOperationException($"Modality '{Spec.Modalities[modality].Name}' holds {Spec.Modalities[modality].ElementType}, not bytes.");

    /// <summary>The elements of a <see cref="ElementType.Float32"/> modality.</summary>
    public Span<float> Floats(int modality) => _data[modality] as float[]
        ?? throw new InvalidOperationException($"Modality '{Spec.Modalities[modality].Name}' holds {Spec.Modalities[modality].ElementType}, not floats.");

    /// <summary>Element <paramref name="index"/> of a modality as a double, whatever its storage.</summary>
    public double Get(int modality, int index) => _data[modality] switch
    {
        byte[] b => b[index],
        float[] f => f[index],
        _ => throw new InvalidOperationException("unknown storage"),
    };

    /// <summary>Marks a modality missing and zeroes its data.</summary>
    public void Drop(int modality)
    {
        Array.Clear(_data[modality]);
        Mask = Mask.Without(modality);
    }

    /// <summary>Copies data, mask and attached true state into <paramref name="target"/>, which must have the same spec.</summary>
    public void CopyTo(MultimodalObservation target)
    {
        if (!ReferenceEquals(Spec, target.Spec) && !Spec.Equals(target.Spec))
            throw new ArgumentException("Cannot copy between observations of different specs.");
        for (int i = 0; i < _data.Length; i++) Array.Copy(_data[i], target._data[i], _data[i].Length);
        target.Mask = Mask;
        target.AttachTrueState(_trueState);
    }

    /// <summary>An independent copy.</summary>
    public MultimodalObservation Clone()
    {
        var copy = new MultimodalObservation(Spec);
        CopyTo(copy);
        return copy;
    }

    /// <summary>True when both observations hold the same mask and the same elements.</summary>
    public bool ContentEquals(MultimodalObservation other)
    {
        if (!Spec.Equals(other.Spec) || Mask != other.Mask) return false;
        for (int i = 0; i < _data.Length; i++)
        {
            bool same = _data[i] switch
            {
                byte[] b => b.AsSpan().SequenceEqual((byte[])other._data[i]),
                float[] f => f.AsSpan().SequenceEqual((float[])other._data[i]),
                _ => false,
            };
            if (!same) return false;
        }
        return true;
    }
}
