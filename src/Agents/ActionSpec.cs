using GmcRL.Envs;

namespace GmcRL.Agents;

/// <summary>
/// The action space as agents see it. Actions travel as rows of <see cref="Width"/> floats in the environment's
/// units: a continuous action is its vector; a discrete action is its index as one float (exact below 2^24).
/// </summary>
public sealed class ActionSpec
{
    private readonly float[] _low;
    private readonly float[] _high;

    private ActionSpec(ActionKind kind, int choices, float[] low, float[] high)
    {
        Kind = kind;
        Choices = choices;
        _low = low;
        _high = high;
    }

    /// <summary>Continuous actions in <paramref name="box"/>, which must be bounded.</summary>
    public static ActionSpec Continuous(Box box)
    {
        for (int i = 0; i < box.Size; i++)
            if (!float.IsFinite(box.Low[i]) || !float.IsFinite(box.High[i]) || !(box.Low[i] < box.High[i]))
                throw new ArgumentException($"Continuous-action agents need finite bounds with low < high; element {i} of {box} is not.", nameof(box));
        return new ActionSpec(ActionKind.Continuous, 0, box.Low.ToArray(), box.High.ToArray());
    }

    /// <summary>Continuous actions with per-element bounds.</summary>
    public static ActionSpec Continuous(float[] low, float[] high) => Continuous(new Box(low, high));

    /// <summary>Discrete actions 0 .. space.N - 1.</summary>
    public static ActionSpec Discrete(Discrete space) => Discrete(space.N);

    /// <summary>Discrete actions 0 .. choices - 1.</summary>
    public static ActionSpec Discrete(int choices)
    {
        if (choices < 2) throw new ArgumentOutOfRangeException(nameof(choices), choices, "A discrete action space for learning needs at least 2 choices.");
        return new ActionSpec(ActionKind.Discrete, choices, [], []);
    }

    /// <summary>Continuous or discrete.</summary>
    public ActionKind Kind { get; }

    /// <summary>Number of choices of a discrete space; 0 for a continuous one.</summary>
    public int Choices { get; }

    /// <summary>Number of elements of a continuous action; 1 (the index) for a discrete one.</summary>
    public int Width => Kind == ActionKind.Continuous ? _low.Length : 1;

    /// <summary>Lower bounds of a continuous space (empty for a discrete one).</summary>
    public ReadOnlySpan<float> Low => _low;

    /// <summary>Upper bounds of a continuous space (empty for a discrete one).</summary>
    public ReadOnlySpan<float> High => _high;

    /// <summary>True when <paramref name="other"/> describes the same actions.</summary>
    public bool SameAs(ActionSpec other) =>
        Kind == other.Kind && Choices == other.Choices && Low.SequenceEqual(other.Low) && High.SequenceEqual(other.High);

    /// <inheritdoc/>
    public override string ToString() => Kind == ActionKind.Discrete
        ? $"Discrete({Choices})"
        : $"Box({Width}, [{string.Join("; ", _low.Select((l, i) => $"{l}, {_high[i]}"))}])";
}
