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

    /// <inheritdoc/>
    public override string ToString() => Convert.ToString(Bits, 2);
}
