namespace GmcRL.Envs;

/// <summary>One modality of a multimodal observation: its name, kind, shape, element type and element bounds.</summary>
public sealed record ModalitySpec
{
    /// <summary>A validated modality spec. Without <paramref name="kind"/>, bytes of two or more dimensions are an
    /// <see cref="ModalityKind.Image"/> and anything else a <see cref="ModalityKind.Vector"/>.</summary>
    public ModalitySpec(string name, int[] shape, ElementType elementType, double low, double high, ModalityKind? kind = null)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A modality needs a name.", nameof(name));
        if (shape is null || shape.Length == 0 || shape.Any(d => d <= 0))
            throw new ArgumentException($"Modality '{name}': every dimension of the shape must be positive (got [{string.Join(", ", shape ?? [])}]).", nameof(shape));
        if (!Enum.IsDefined(elementType)) throw new ArgumentException($"Modality '{name}': unknown element type {(int)elementType}.", nameof(elementType));
        if (!(low <= high)) throw new ArgumentException($"Modality '{name}': low {low} must not exceed high {high}.");
        var k = kind ?? (elementType == ElementType.UInt8 && shape.Length >= 2 ? ModalityKind.Image : ModalityKind.Vector);
        if (!Enum.IsDefined(k))
            throw new ArgumentException($"Modality '{name}': unknown kind {(int)k}; expected one of {string.Join(", ", Enum.GetNames<ModalityKind>())}.", nameof(kind));
        if (k == ModalityKind.Image && (shape.Length < 2 || elementType != ElementType.UInt8))
            throw new ArgumentException($"Modality '{name}': an image is bytes of shape [height, width] per frame (got {elementType} [{string.Join(", ", shape)}]).", nameof(shape));
        Kind = k;
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

    /// <summary>What the modality is (image, vector, signal): decides its encoder.</summary>
    public ModalityKind Kind { get; }

    /// <summary>How elements are stored.</summary>
    public ElementType ElementType { get; }

    /// <summary>Smallest value an element may take.</summary>
    public double Low { get; }

    /// <summary>Largest value an element may take.</summary>
    public double High { get; }

    /// <summary>Number of elements (product of the shape).</summary>
    public int Length => Shape.Aggregate(1, (a, b) => a * b);

    /// <summary>The same modality with <paramref name="count"/> frames stacked in a new leading dimension.</summary>
    public ModalitySpec Stacked(int count) => new(Name, [count, .. Shape], ElementType, Low, High, Kind);

    /// <inheritdoc/>
    public bool Equals(ModalitySpec? other) =>
        other is not null && Name == other.Name && Kind == other.Kind && Shape.SequenceEqual(other.Shape) &&
        ElementType == other.ElementType && Low.Equals(other.Low) && High.Equals(other.High);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, Length, ElementType, Low, High);

    /// <inheritdoc/>
    public override string ToString() => $"{Name}[{string.Join("x", Shape)}] {ElementType} in [{Low}, {High}]";
}
