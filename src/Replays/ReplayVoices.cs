namespace GmcRL.Replays;

/// <summary>
/// What a replay needs to sound an environment as tones: one voice per source the environment hears (for the
/// multimodal pendulum, each receiver's Doppler-shifted tone), each a (frequency, amplitude) pair per step that the
/// environment computes and the recorder stores (<see cref="Replay.Voices"/>). The picture's bars and the sonification
/// take their scales from here, so every replay of an environment is drawn and heard on the same scale.
/// </summary>
/// <param name="Names">One name per voice, e.g. the pendulum's receivers "left_bottom", "right_bottom", "middle_top".</param>
/// <param name="BaseFrequency">The voices' resting frequency in Hz (the pendulum's emitted 440 Hz): the picture's frequency
/// axis spans at least 0.9 to 1.1 times it.</param>
/// <param name="LoudestAmplitude">The largest amplitude one voice can have: the picture's amplitude bars are scaled by it.</param>
/// <param name="LoudestSum">The largest sum of the voices' amplitudes at one step: the sonification divides by it, so the mix
/// never clips and the same sound is equally loud in every replay.</param>
/// <param name="Modality">The name of the modality whose presence the audio and the voices' panel follow (the pendulum's
/// "sound"): silent and struck through while the agent did not have it.</param>
public sealed record ReplayVoices(IReadOnlyList<string> Names, double BaseFrequency, double LoudestAmplitude, double LoudestSum, string Modality)
{
    /// <summary>The most voices a replay may have.</summary>
    public const int MaxVoices = 16;

    /// <summary>The highest base frequency accepted, in Hz.</summary>
    public const double MaxFrequency = 20_000;

    /// <summary>The voices of an environment's declared replay tones.</summary>
    public static ReplayVoices From(Envs.Registry.ReplayTones tones) =>
        new(tones.Voices, tones.BaseFrequency, tones.LoudestAmplitude, tones.LoudestSum, tones.Modality);

    /// <summary>The number of voices.</summary>
    public int Count => Names.Count;

    /// <summary>The problem with these values, or null when they are usable.</summary>
    public string? Problem()
    {
        if (Names is null || Names.Count is < 1 or > MaxVoices) return $"{Names?.Count ?? 0} voices; 1 to {MaxVoices} are supported";
        if (Names.Any(n => n is null)) return "a voice has no name";
        if (!(BaseFrequency > 0 && BaseFrequency <= MaxFrequency)) return $"the base frequency {BaseFrequency} Hz is not in (0, {MaxFrequency}]";
        if (!(LoudestAmplitude > 0) || !double.IsFinite(LoudestAmplitude)) return $"the loudest amplitude {LoudestAmplitude} is not a finite positive number";
        if (!(LoudestSum > 0) || !double.IsFinite(LoudestSum)) return $"the loudest sum {LoudestSum} is not a finite positive number";
        if (string.IsNullOrWhiteSpace(Modality)) return "the voices name no modality to follow";
        return null;
    }

    /// <summary>Whether one step's (frequency, amplitude) of a voice can be sounded: a finite positive frequency and a
    /// finite amplitude of at least 0. The recorder and the file reader both hold voices to it.</summary>
    internal static bool Usable(float frequency, float amplitude) =>
        frequency > 0 && float.IsFinite(frequency) && amplitude >= 0 && float.IsFinite(amplitude);

    /// <inheritdoc/>
    public bool Equals(ReplayVoices? other) =>
        other is not null && Names.SequenceEqual(other.Names) && BaseFrequency.Equals(other.BaseFrequency) &&
        LoudestAmplitude.Equals(other.LoudestAmplitude) && LoudestSum.Equals(other.LoudestSum) && Modality == other.Modality;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Names.Count, BaseFrequency, LoudestAmplitude, LoudestSum, Modality);
}
