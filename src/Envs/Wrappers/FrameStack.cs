namespace GmcRL.Envs.Wrappers;

/// <summary>
/// Stacks the last <see cref="Count"/> frames of every modality in a new leading dimension, oldest first
/// (docs/method.md §5: the pendulum observes 2 frames). At reset the first frame fills every slot. Changes only the
/// observation: its spec becomes each modality's shape with <see cref="Count"/> in front.
/// </summary>
/// <remarks>A modality missing from any stacked frame is reported missing (and zeroed) in the stack; to drop
/// modalities from stacked observations, put <see cref="ModalityDropout{TAction}"/> outside this wrapper.</remarks>
public sealed class FrameStack<TAction> : IEnvironment<MultimodalObservation, TAction>, IWrapper
{
    private readonly IEnvironment<MultimodalObservation, TAction> _inner;

    /// <inheritdoc/>
    public object Inner => _inner;
    private readonly MultimodalSpace _space;
    private readonly MultimodalObservation _stack;
    private readonly PresenceMask[] _masks;

    /// <summary>Stacks <paramref name="count"/> (at least 1) frames of <paramref name="inner"/>'s multimodal observations.</summary>
    public FrameStack(IEnvironment<MultimodalObservation, TAction> inner, int count)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "FrameStack needs at least one frame.");
        if (inner.ObservationSpace is not MultimodalSpace innerSpace)
            throw new ArgumentException("FrameStack needs an environment whose observation space is a MultimodalSpace.", nameof(inner));
        _inner = inner;
        Count = count;
        _space = new MultimodalSpace(innerSpace.Spec.Stacked(count));
        _stack = new MultimodalObservation(_space.Spec);
        _masks = new PresenceMask[count];
    }

    /// <summary>Frames per observation.</summary>
    public int Count { get; }

    /// <inheritdoc/>
    public ISpace<MultimodalObservation> ObservationSpace => _space;

    /// <inheritdoc/>
    public ISpace<TAction> ActionSpace => _inner.ActionSpace;

    /// <inheritdoc/>
    public ResetResult<MultimodalObservation> Reset(int? seed = null)
    {
        var r = _inner.Reset(seed);
        for (int k = 0; k < Count; k++) Write(r.Observation, k);
        Publish();
        return r with { Observation = _stack };
    }

    /// <inheritdoc/>
    public StepResult<MultimodalObservation> Step(TAction action)
    {
        var r = _inner.Step(action);
        // Shift every modality one frame towards the front (oldest first), then write the newest at the end.
        for (int m = 0; m < _space.Spec.Count; m++) Shift(m);
        Array.Copy(_masks, 1, _masks, 0, Count - 1);
        Write(r.Observation, Count - 1);
        Publish();
        return r with { Observation = _stack };
    }

    private void Shift(int m)
    {
        if (Count == 1) return;
        if (_stack.Spec.Modalities[m].ElementType == ElementType.UInt8)
        {
            Span<byte> s = _stack.Bytes(m);
            int frame = s.Length / Count;
            s[frame..].CopyTo(s);
        }
        else
        {
            Span<float> s = _stack.Floats(m);
            int frame = s.Length / Count;
            s[frame..].CopyTo(s);
        }
    }

    private void Write(MultimodalObservation frame, int slot)
    {
        for (int m = 0; m < frame.Spec.Count; m++)
        {
            if (frame.Spec.Modalities[m].ElementType == ElementType.UInt8)
            {
                ReadOnlySpan<byte> src = frame.Bytes(m);
                src.CopyTo(_stack.Bytes(m).Slice(slot * src.Length, src.Length));
            }
            else
            {
                ReadOnlySpan<float> src = frame.Floats(m);
                src.CopyTo(_stack.Floats(m).Slice(slot * src.Length, src.Length));
            }
        }
        _masks[slot] = frame.Mask;
    }

    // The stack's mask: a modality is present only if every stacked frame has it.
    private void Publish()
    {
        uint bits = uint.MaxValue;
        foreach (var mask in _masks) bits &= mask.Bits;
        var present = new PresenceMask(bits & PresenceMask.All(_space.Spec.Count).Bits);
        _stack.Mask = PresenceMask.All(_space.Spec.Count);
        for (int m = 0; m < _space.Spec.Count; m++)
            if (!present.Has(m)) _stack.Drop(m);
    }
}
