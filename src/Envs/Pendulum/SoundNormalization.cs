namespace GmcRL.Envs.Pendulum;

/// <summary>
/// Min-max constants that scale the pendulum's sound to about [0, 1] (docs/method.md §5): frequency f becomes
/// (f - FrequencyMin) / (FrequencyMax - FrequencyMin), amplitude likewise. A trained model carries the constants
/// of its training data so that control time uses the same ones.
/// </summary>
public sealed record SoundNormalization(double FrequencyMin, double FrequencyMax, double AmplitudeMin, double AmplitudeMax)
{
    /// <summary>Throws <see cref="ArgumentException"/> unless each minimum is finite and below its maximum.</summary>
    public SoundNormalization Validated()
    {
        if (!double.IsFinite(FrequencyMin) || !double.IsFinite(FrequencyMax) || !(FrequencyMin < FrequencyMax))
            throw new ArgumentException($"Sound normalisation: FrequencyMin ({FrequencyMin}) must be finite and below FrequencyMax ({FrequencyMax}).");
        if (!double.IsFinite(AmplitudeMin) || !double.IsFinite(AmplitudeMax) || !(AmplitudeMin < AmplitudeMax))
            throw new ArgumentException($"Sound normalisation: AmplitudeMin ({AmplitudeMin}) must be finite and below AmplitudeMax ({AmplitudeMax}).");
        return this;
    }

    /// <summary>The scaled frequency.</summary>
    public double Frequency(double hertz) => (hertz - FrequencyMin) / (FrequencyMax - FrequencyMin);

    /// <summary>The scaled amplitude.</summary>
    public double Amplitude(double amplitude) => (amplitude - AmplitudeMin) / (AmplitudeMax - AmplitudeMin);

    /// <summary>Constants from observed raw sound frames (pairs of frequency, amplitude), over all receivers and frames.</summary>
    public static SoundNormalization FromData(ReadOnlySpan<float> rawFrames)
    {
        if (rawFrames.Length < 2 || rawFrames.Length % 2 != 0)
            throw new ArgumentException("Raw sound data must hold (frequency, amplitude) pairs.");
        double fMin = double.PositiveInfinity, fMax = double.NegativeInfinity, aMin = double.PositiveInfinity, aMax = double.NegativeInfinity;
        for (int i = 0; i < rawFrames.Length; i += 2)
        {
            fMin = Math.Min(fMin, rawFrames[i]); fMax = Math.Max(fMax, rawFrames[i]);
            aMin = Math.Min(aMin, rawFrames[i + 1]); aMax = Math.Max(aMax, rawFrames[i + 1]);
        }
        return new SoundNormalization(fMin, fMax, aMin, aMax).Validated();
    }
}
