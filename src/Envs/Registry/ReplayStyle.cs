namespace GmcRL.Envs.Registry;

/// <summary>How replays of an environment play: the time a step takes, and optionally how it sounds.</summary>
/// <param name="StepSeconds">Environment time per step in seconds (the pendulum's dt = 0.05).</param>
/// <param name="Sound">The tones a replay plays, or null for silent replays.</param>
public sealed record ReplayStyle(double StepSeconds, ReplayTones? Sound = null);
