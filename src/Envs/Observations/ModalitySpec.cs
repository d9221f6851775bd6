namespace GmcRL.Envs;

/// <summary>One modality of a multimodal observation: its name, kind, shape, element type and element bounds, and for a
/// quantised float modality (such as 16-bit audio) the number of evenly spaced values its elements take.</summary>
public sealed record ModalitySpec
{
    /// <summary>A validated modality spec. Without <paramref name="kind"/>, bytes of two or more dimensions are an
    /// <see cref="ModalityKind.Image"/> and anything else a <see cref="ModalityKind.Vector"/>. <paramref name="levels"/>
    /// (0, continuous, by default) declares a float modality whose elements only take the values of <see cref="Level"/>:
    /// datasets then store it in 16 bits per element, losslessly.</summary>
    public ModalitySpec(string name, int[] shape, ElementType elementType, double low, double high, ModalityKind? kind = null, int levels = 0)
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
        if (levels != 0 && (elementType != ElementType.Float32 || levels < 2 || levels > MaxLevels || !(low < high) || !double.IsFinite(high - low)))
            throw new ArgumentException($"Modality '{name}': {levels} levels need float elements, 2 to {MaxLevels} levels and finite bounds low < high " +
                $"(got {elementType} in [{low}, {high}]).", nameof(levels));
        Kind = k;
        Levels = levels;
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

    /// <summary>The most levels a quantised modality may declare (16 bits).</summary>
    public const int MaxLevels = 65_536;

    /// <summary>The number of evenly spaced values from <see cref="Low"/> to <see cref="High"/> that every element takes
    /// (see <see cref="Level"/>); 0 for a continuous modality.</summary>
    public int Levels { get; }

    /// <summary>Value number <paramref name="k"/> (0 to <see cref="Levels"/> - 1) of a quantised modality:
    /// (float)(Low + (High - Low) * k / (Levels - 1)), computed in double precision.</summary>
    public float Level(int k) => (float)(Low + (High - Low) * k / (Levels - 1));

    /// <summary>Number of elements (product of the shape).</summary>
    public int Length => Shape.Aggregate(1, (a, b) => a * b);

    /// <summary>The same modality with <paramref name="count"/> frames stacked in a new leading dimension.</summary>
    public ModalitySpec Stacked(int count) => new(Name, [count, .. Shape], ElementType, Low, High, Kind, Levels);

    /// <inheritdoc/>
    public bool Equals(ModalitySpec? other) =>
        other is not null && Name == other.Name && Kind == other.Kind && Shape.SequenceEqual(other.Shape) &&
        ElementType == other.ElementType && Low.Equals(other.Low) && High.Equals(other.High) && Levels == other.Levels;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, Length, ElementType, Low, High);

    /// <inheritdoc/>
    public override string ToString() => $"{Name}[{string.Join("x", Shape)}] {ElementType} in [{Low}, {High}]{(Levels > 0 ? $", {Levels} levels" : "")}";
}
