namespace GmcRL.Envs.Pendulum;

/// <summary>Settings of <see cref="MultimodalPendulum"/>: physics, sound, and the sound normalisation.</summary>
public sealed record MultimodalPendulumSettings
{
    /// <summary>The pendulum's physics (Pendulum-v1's by default).</summary>
    public PendulumSettings Physics { get; init; } = new();

    /// <summary>The tone, the speed of sound and the receivers.</summary>
    public PendulumSound Sound { get; init; } = new();

    /// <summary>Min-max constants for the sound; null means the widest range any state can produce
    /// (<see cref="PendulumSound.TheoreticalRange"/>), which keeps every observation in [0, 1].</summary>
    public SoundNormalization? SoundNormalization { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public MultimodalPendulumSettings Validated()
    {
        Physics.Validated();
        Sound.Validated(Physics);
        SoundNormalization?.Validated();
        return this;
    }
}
