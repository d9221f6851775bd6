namespace GmcRL.Envs;

/// <summary>One modality of a multimodal observation: its name, shape, element type and element bounds.</summary>
public sealed record ModalitySpec
{
    /// <summary>A validated modality spec.</summary>
    public ModalitySpec(string name, int[] shape, ElementType elementType, double low, double high)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A modality needs a name.", nameof(name));
        if (shape.Length == 0 || shape.Any(d => d <= 0))
            throw new ArgumentException($"Modality '{name}': every dimension of the shape must be positive (got [{string.Join(", ", shape)}]).", nameof(shape));
        if (!(low <= high)) throw new ArgumentException($"Modality '{name}': low {low} must not exceed high {high}.");
        Name = name;
        Shape = (int[])shape.Clone();
        ElementType = elementType;
        Low = low;
        High = high;
    }

    /// <summary>The modality's name, e.g. "image" or "sound".</summary>
    public string Name { get; }

    /// <summary>The shape of one observation of this modality, outermost dimension first.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>How elements are stored.</summary>
    public ElementType ElementType { get; }

    /// <summary>Smallest value an element may take.</summary>
    public double Low { get; }

    /// <summary>Largest value an element may take.</summary>
    public double High { get; }

    /// <summary>Number of elements (product of the shape).</summary>
    public int Length => Shape.Aggregate(1, (a, b) => a * b);

    /// <summary>The same modality with <paramref name="count"/> frames stacked in a new leading dimension.</summary>
    public ModalitySpec Stacked(int count) => new(Name, [count, .. Shape], ElementType, Low, High);

    /// <inheritdoc/>
    public bool Equals(ModalitySpec? other) =>
        other is not null && Name == other.Name && Shape.SequenceEqual(other.Shape) &&
        ElementType == other.ElementType && Low.Equals(other.Low) && High.Equals(other.High);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, Length, ElementType, Low, High);

    /// <inheritdoc/>
    public override string ToString() => $"{Name}[{string.Join("x", Shape)}] {ElementType} in [{Low}, {High}]";
}
