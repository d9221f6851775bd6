using GmcRL.Envs;

namespace GmcRL.Agents.Training;

/// <summary>Continuous actions: a float[] is its own row. Decoded actions are per-slot buffers, reused every step.</summary>
public sealed class BoxActionEncoding : IActionEncoding<float[]>
{
    private float[][] _slots = [];

    /// <summary>The encoding of actions in <paramref name="space"/>.</summary>
    public BoxActionEncoding(Box space) => Spec = ActionSpec.Continuous(space);

    /// <inheritdoc/>
    public ActionSpec Spec { get; }

    /// <inheritdoc/>
    public void Encode(float[] action, Span<float> row) => action.CopyTo(row);

    /// <inheritdoc/>
    public float[] Decode(ReadOnlySpan<float> row, int slot)
    {
        if (slot >= _slots.Length)
        {
            int old = _slots.Length;
            Array.Resize(ref _slots, slot + 1);
            for (int i = old; i <= slot; i++) _slots[i] = new float[Spec.Width];
        }
        row.CopyTo(_slots[slot]);
        return _slots[slot];
    }
}
