namespace GmcRL.Geometry.Maps;

/// <summary>UMAP's hyperparameters, with umap-learn's names and defaults (Euclidean input, 2-D output).</summary>
public sealed record UmapOptions
{
    /// <summary>Neighbourhood size, the point itself counted (as umap-learn does); capped at the count - 1.</summary>
    public int NNeighbors { get; init; } = 15;

    /// <summary>Map distance up to which neighbours have full membership: how tightly points may pack.</summary>
    public double MinDist { get; init; } = 0.1;

    /// <summary>Scale of the membership decay beyond <see cref="MinDist"/>.</summary>
    public double Spread { get; init; } = 1.0;

    /// <summary>Layout epochs; null means umap-learn's choice, 500 for up to 10,000 points and 200 above.</summary>
    public int? NEpochs { get; init; }

    /// <summary>Initial SGD step size, decaying linearly to 0 over the epochs.</summary>
    public double LearningRate { get; init; } = 1.0;

    /// <summary>Negative samples per positive edge sample.</summary>
    public int NegativeSampleRate { get; init; } = 5;

    /// <summary>Weight gamma of the repulsive (negative sample) gradient.</summary>
    public double RepulsionStrength { get; init; } = 1.0;

    /// <summary>How many nearest neighbours every point is assumed fully connected to.</summary>
    public double LocalConnectivity { get; init; } = 1.0;

    /// <summary>1 joins the local fuzzy sets by fuzzy union, 0 by fuzzy intersection, values between mix.</summary>
    public double SetOpMixRatio { get; init; } = 1.0;

    /// <summary>Seed of every random choice (start vectors, noise, negative samples): same seed, same map.</summary>
    public int Seed { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid property.</summary>
    public UmapOptions Validated()
    {
        // Each condition is written so that NaN fails it.
        Require(NNeighbors >= 2, nameof(NNeighbors), NNeighbors, "must be at least 2");
        Require(Spread > 0 && double.IsFinite(Spread), nameof(Spread), Spread, "must be positive and finite");
        Require(MinDist >= 0 && MinDist <= Spread, nameof(MinDist), MinDist, $"must lie in [0, Spread = {Spread}]");
        Require(NEpochs is null or >= 1, nameof(NEpochs), NEpochs, "must be at least 1 (or null for the default)");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), LearningRate,
            "must be positive and finite");
        Require(NegativeSampleRate >= 0, nameof(NegativeSampleRate), NegativeSampleRate, "must not be negative");
        Require(RepulsionStrength >= 0 && double.IsFinite(RepulsionStrength), nameof(RepulsionStrength),
            RepulsionStrength, "must be non-negative and finite");
        Require(LocalConnectivity >= 0 && double.IsFinite(LocalConnectivity), nameof(LocalConnectivity),
            LocalConnectivity, "must be non-negative and finite");
        Require(SetOpMixRatio is >= 0 and <= 1, nameof(SetOpMixRatio), SetOpMixRatio, "must lie in [0, 1]");
        return this;
    }

    static void Require(bool valid, string property, object? value, string rule)
    {
        if (!valid) throw new ArgumentException($"{nameof(UmapOptions)}.{property} {rule} (got {value}).", property);
    }
}
