namespace GmcRL.Envs;

/// <summary>Which modalities an observation holds: bit i set means modality i is present.</summary>
public readonly record struct PresenceMask(uint Bits)
{
    /// <summary>The largest number of modalities a mask can describe.</summary>
    public const int MaxModalities = 32;

    /// <summary>No modality present.</summary>
    public static PresenceMask None => new(0);

    /// <summary>All of the first <paramref name="count"/> modalities present.</summary>
    public static PresenceMask All(int count) => new(count >= 32 ? uint.MaxValue : (1u << count) - 1);

    /// <summary>True when modality <paramref name="index"/> is present.</summary>
    public bool Has(int index) => (Bits & (1u << index)) != 0;

    /// <summary>This mask with modality <paramref name="index"/> present.</summary>
    public PresenceMask With(int index) => new(Bits | (1u << index));

    /// <summary>This mask with modality <paramref name="index"/> missing.</summary>
    public PresenceMask Without(int index) => new(Bits & ~(1u << index));

    /// <summary>Number of modalities present.</summary>
    public int Count => System.Numerics.BitOperations.PopCount(Bits);

    /// <summary>True when all of the first <paramref name="count"/> modalities are present.</summary>
    public bool IsComplete(int count) => this == All(count);

    /// <summary>Every non-empty proper subset of <paramref name="count"/> modalities, smallest first and, among subsets
    /// of one size, in order of their bits (bit patterns 1 .. 2^count - 2): the order of the evaluation's conditions
    /// and of the geometry's subsets.</summary>
    public static IEnumerable<PresenceMask> ProperSubsets(int count) =>
        Enumerable.Range(1, (1 << count) - 2).Select(bits => new PresenceMask((uint)bits)).OrderBy(mask => mask.Count);

    /// <inheritdoc/>
    public override string ToString() => Convert.ToString(Bits, 2);
}
