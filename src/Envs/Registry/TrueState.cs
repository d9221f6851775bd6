namespace GmcRL.Envs.Registry;

/// <summary>
/// How an environment's true state (<see cref="StepInfo.State"/>) becomes the feature vector of the true-state upper
/// bound, a controller that sees the state instead of the senses.
/// </summary>
/// <param name="Names">The state's components, e.g. theta and theta_dot.</param>
/// <param name="FeatureNames">The features' components, e.g. cos_theta, sin_theta, theta_dot.</param>
/// <param name="Features">Writes the features of a state (Names.Count values) into a span of FeatureNames.Count values.</param>
/// <param name="Angle">The index of a state component that is an angle in radians, or null: pretraining then reports
/// how far (in angle) each modality's nearest complete latent lies from its own.</param>
public sealed record TrueState(
    IReadOnlyList<string> Names, IReadOnlyList<string> FeatureNames, TrueState.FeatureMap Features, int? Angle = null)
{
    /// <summary>Writes the features of <paramref name="state"/> into <paramref name="features"/>.</summary>
    public delegate void FeatureMap(ReadOnlySpan<double> state, Span<float> features);

    /// <summary>The state as it is: each component a feature.</summary>
    public static TrueState Identity(IReadOnlyList<string> names, int? angle = null) =>
        new(names, names, (state, features) => { for (int i = 0; i < state.Length; i++) features[i] = (float)state[i]; }, angle);

    /// <summary>The problem with this declaration, or null.</summary>
    internal string? Problem()
    {
        if (Names is null || Names.Count == 0 || Names.Any(string.IsNullOrWhiteSpace)) return "the true state needs named components";
        if (FeatureNames is null || FeatureNames.Count == 0 || FeatureNames.Any(string.IsNullOrWhiteSpace)) return "the true-state features need names";
        if (Features is null) return "the true state needs its feature map";
        if (Angle is int a && (a < 0 || a >= Names.Count)) return $"the true state's angle index {a} is not one of its {Names.Count} components";
        return null;
    }
}
