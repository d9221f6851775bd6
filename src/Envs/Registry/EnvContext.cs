namespace GmcRL.Envs.Registry;

/// <summary>What a registered environment's factory is given to make one copy.</summary>
/// <param name="Seed">Seeds the copy's random generator (a seed passed to Reset reseeds it).</param>
/// <param name="Calibration">The named constants fitted to a dataset (see <see cref="ICalibration"/>) that the copy
/// observes with; null for the environment's own defaults.</param>
public sealed record EnvContext(int Seed, Calibration? Calibration = null);
