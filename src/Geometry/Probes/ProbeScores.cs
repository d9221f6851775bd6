namespace GmcRL.Geometry.Probes;

/// <summary>What <see cref="StateProbe.Measure"/> found, per target component.</summary>
/// <param name="Linear">R^2 of the ridge regression, or null for a component that did not vary.</param>
/// <param name="Neighbours">R^2 of the nearest-neighbour mean, or null likewise.</param>
/// <param name="Points">Samples, every one predicted once.</param>
/// <param name="Folds">Contiguous folds, each predicted from the others.</param>
/// <param name="K">Neighbours averaged.</param>
public sealed record ProbeScores(IReadOnlyList<double?> Linear, IReadOnlyList<double?> Neighbours, int Points, int Folds, int K)
{
    /// <summary>The mean R^2 of the ridge regression over the components that varied (NaN when none did).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double MeanLinear => Mean(Linear);

    /// <summary>The mean R^2 of the nearest-neighbour mean over the components that varied (NaN when none did).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double MeanNeighbours => Mean(Neighbours);

    private static double Mean(IReadOnlyList<double?> values)
    {
        var present = values.Where(v => v.HasValue).Select(v => v!.Value).ToList();
        return present.Count == 0 ? double.NaN : present.Average();
    }
}
