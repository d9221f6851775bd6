namespace GmcRL.Envs;

/// <summary>A box of real vectors: element i lies in [Low[i], High[i]]. Used for continuous actions and state vectors.</summary>
public sealed class Box : ISpace<float[]>
{
    private readonly float[] _low;
    private readonly float[] _high;

    /// <summary>A box with per-element bounds; Low and High must have the same positive length and Low &lt;= High.</summary>
    public Box(float[] low, float[] high)
    {
        if (low.Length == 0 || low.Length != high.Length)
            throw new ArgumentException($"Box bounds must be non-empty and of equal length (got {low.Length} and {high.Length}).");
        for (int i = 0; i < low.Length; i++)
            if (!(low[i] <= high[i]) || float.IsNaN(low[i]) || float.IsNaN(high[i]))
                throw new ArgumentException($"Box bound {i}: low {low[i]} must not exceed high {high[i]}.");
        _low = (float[])low.Clone();
        _high = (float[])high.Clone();
    }

    /// <summary>A box of <paramref name="size"/> elements that share the bounds [low, high].</summary>
    public Box(int size, float low, float high) : this(Enumerable.Repeat(low, size).ToArray(), Enumerable.Repeat(high, size).ToArray()) { }

    /// <summary>Number of elements.</summary>
    public int Size => _low.Length;

    /// <summary>Lower bounds.</summary>
    public ReadOnlySpan<float> Low => _low;

    /// <summary>Upper bounds.</summary>
    public ReadOnlySpan<float> High => _high;

    /// <inheritdoc/>
    public bool Contains(float[] value)
    {
        if (value is null || value.Length != _low.Length) return false;
        for (int i = 0; i < value.Length; i++)
            if (!(value[i] >= _low[i] && value[i] <= _high[i])) return false;
        return true;
    }

    /// <inheritdoc/>
    public float[] Sample(Random rng)
    {
        var x = new float[_low.Length];
        for (int i = 0; i < x.Length; i++)
        {
            if (float.IsInfinity(_low[i]) || float.IsInfinity(_high[i]))
                throw new InvalidOperationException("Cannot sample uniformly from an unbounded Box.");
            x[i] = (float)(_low[i] + rng.NextDouble() * (_high[i] - _low[i]));
        }
        return x;
    }

    /// <summary>Throws <see cref="InvalidActionException"/> unless <paramref name="action"/> has this box's length and finite
    /// values. Values outside the bounds are allowed (environments clip them, as Gymnasium's do).</summary>
    public void CheckAction(float[]? action, string env)
    {
        if (action is null)
            throw new InvalidActionException($"{env}: the action is null; pass an array of {Size} finite value(s) in [{FormatBounds()}].");
        if (action.Length != Size)
            throw new InvalidActionException($"{env}: the action has {action.Length} element(s) but the action space needs {Size}; pass an array of {Size} value(s) in [{FormatBounds()}].");
        for (int i = 0; i < action.Length; i++)
            if (!float.IsFinite(action[i]))
                throw new InvalidActionException($"{env}: action[{i}] is {action[i]}; actions must be finite numbers in [{FormatBounds()}].");
    }

    private string FormatBounds() =>
        Size == 1 ? $"{_low[0]}, {_high[0]}" : string.Join("; ", _low.Select((l, i) => $"{l}, {_high[i]}"));

    /// <inheritdoc/>
    public override string ToString() => $"Box({Size}, [{FormatBounds()}])";
}
