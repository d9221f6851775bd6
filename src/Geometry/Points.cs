namespace GmcRL.Geometry;

/// <summary>A set of points in d dimensions, stored row by row: point i is <c>Data[i*Dimension .. (i+1)*Dimension)</c>.</summary>
public sealed class Points
{
    public Points(float[] data, int dimension)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "the dimension must be at least 1");
        if (data.Length % dimension != 0)
            throw new ArgumentException($"{data.Length} values do not make whole points of dimension {dimension}", nameof(data));
        Data = data;
        Dimension = dimension;
    }

    public float[] Data { get; }
    public int Dimension { get; }
    public int Count => Data.Length / Dimension;

    /// <summary>Point <paramref name="index"/> as a read-only span.</summary>
    public ReadOnlySpan<float> this[int index] => Data.AsSpan(index * Dimension, Dimension);
}
