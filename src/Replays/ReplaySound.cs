using GmcRL.Envs.Pendulum;

namespace GmcRL.Replays;

/// <summary>
/// What a replay needs to sonify the pendulum's sound modality (GMC-SPEC §5): the emitted tone, the speed of sound,
/// the rod's length and the receivers. The recorder computes each step's raw sound (Hz, 1/d^2 per receiver) from the
/// recorded state with these, so a replay carries both.
/// </summary>
/// <param name="EmittedFrequency">Frequency emitted by the rod tip (Hz).</param>
/// <param name="SpeedOfSound">Speed of sound (units/s).</param>
/// <param name="RodLength">Length of the rod (units).</param>
/// <param name="Receivers">The receivers in world coordinates.</param>
public sealed record ReplaySound(double EmittedFrequency, double SpeedOfSound, double RodLength, IReadOnlyList<Receiver> Receivers)
{
    /// <summary>The sound of a multimodal pendulum with <paramref name="settings"/>.</summary>
    public static ReplaySound From(MultimodalPendulumSettings settings) =>
        new(settings.Sound.EmittedFrequency, settings.Sound.SpeedOfSound, settings.Physics.Length, settings.Sound.Receivers.ToArray());

    /// <summary>Writes the raw sound of state (theta, theta_dot): per receiver (Hz, 1/d^2), 2 values each.</summary>
    public void Compute(double theta, double thetaDot, Span<float> frame) => ToPendulumSound().Compute(theta, thetaDot, RodLength, frame);

    /// <summary>The environment's sound model with these settings (the recorder keeps one per episode, so recording a
    /// step allocates nothing).</summary>
    public PendulumSound ToPendulumSound() =>
        new() { EmittedFrequency = EmittedFrequency, SpeedOfSound = SpeedOfSound, Receivers = Receivers };

    /// <summary>The largest sum of the receivers' amplitudes any state can give: sum of 1 / (d_i - l)^2 over receivers at
    /// distance d_i from the axle. Sonification divides by it, so the mix never clips.</summary>
    public double LoudestSum => Receivers.Sum(r => 1 / ((r.DistanceFromAxle - RodLength) * (r.DistanceFromAxle - RodLength)));

    /// <summary>The problem with these values, or null when they are usable (a tip that can never reach a receiver).</summary>
    public string? Problem()
    {
        if (!(EmittedFrequency > 0 && EmittedFrequency <= 20_000)) return $"the emitted frequency {EmittedFrequency} Hz is not in (0, 20000]";
        if (!(SpeedOfSound > 0) || !double.IsFinite(SpeedOfSound)) return $"the speed of sound {SpeedOfSound} is not positive";
        if (!(RodLength > 0) || !double.IsFinite(RodLength)) return $"the rod length {RodLength} is not positive";
        if (Receivers.Count is < 1 or > 16) return $"{Receivers.Count} receivers; 1 to 16 are supported";
        foreach (var r in Receivers)
        {
            if (!double.IsFinite(r.X) || !double.IsFinite(r.Y)) return $"receiver '{r.Name}' has a non-finite position";
            if (!(r.DistanceFromAxle > RodLength)) return $"receiver '{r.Name}' lies within the rod's reach";
        }
        return null;
    }

    /// <inheritdoc/>
    public bool Equals(ReplaySound? other) =>
        other is not null && EmittedFrequency.Equals(other.EmittedFrequency) && SpeedOfSound.Equals(other.SpeedOfSound) &&
        RodLength.Equals(other.RodLength) && Receivers.SequenceEqual(other.Receivers);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(EmittedFrequency, SpeedOfSound, RodLength, Receivers.Count);
}
