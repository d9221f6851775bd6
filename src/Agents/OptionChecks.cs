namespace GmcRL.Agents;

/// <summary>The checks every options record's Validated() uses, so their messages read alike.</summary>
internal static class OptionChecks
{
    public static void Positive(double value, string owner, string name)
    {
        if (!(value > 0) || !double.IsFinite(value))
            throw new ArgumentException($"{owner}.{name} must be a positive finite number (got {value}).");
    }

    public static void Positive(long value, string owner, string name)
    {
        if (value <= 0) throw new ArgumentException($"{owner}.{name} must be positive (got {value}).");
    }

    public static void NotNegative(long value, string owner, string name)
    {
        if (value < 0) throw new ArgumentException($"{owner}.{name} must not be negative (got {value}).");
    }

    public static void NotNegative(double value, string owner, string name)
    {
        if (!(value >= 0) || !double.IsFinite(value))
            throw new ArgumentException($"{owner}.{name} must be a finite number >= 0 (got {value}).");
    }

    public static void Fraction(double value, string owner, string name)
    {
        if (!(value >= 0 && value <= 1)) throw new ArgumentException($"{owner}.{name} must lie in [0, 1] (got {value}).");
    }

    public static void Discount(double value, string owner, string name)
    {
        if (!(value >= 0 && value < 1)) throw new ArgumentException($"{owner}.{name} must lie in [0, 1) (got {value}).");
    }

    public static void Layers(IReadOnlyList<int> sizes, string owner, string name)
    {
        if (sizes.Count == 0 || sizes.Any(s => s <= 0))
            throw new ArgumentException($"{owner}.{name} must list at least one positive layer size (got [{string.Join(", ", sizes)}]).");
    }
}
