using GmcRL.Envs.Registry;

namespace GmcRL.Envs.Pendulum;

/// <summary>
/// The multimodal pendulum's sound scale fitted to data (docs/method.md §5): one min-max for all frequencies and one for all
/// amplitudes, over every receiver and frame of the collected data, so each lands in [0, 1]. The constants are
/// <c>sound.frequency_min</c>, <c>sound.frequency_max</c>, <c>sound.amplitude_min</c> and <c>sound.amplitude_max</c>.
/// </summary>
public sealed class PendulumCalibration : ICalibration
{
    private const string FrequencyMin = "sound.frequency_min", FrequencyMax = "sound.frequency_max",
        AmplitudeMin = "sound.amplitude_min", AmplitudeMax = "sound.amplitude_max";

    /// <summary>The constants of a normalisation.</summary>
    public static Calibration Of(SoundNormalization n) => new(new Dictionary<string, double>
    {
        [FrequencyMin] = n.FrequencyMin, [FrequencyMax] = n.FrequencyMax, [AmplitudeMin] = n.AmplitudeMin, [AmplitudeMax] = n.AmplitudeMax,
    });

    /// <summary>The normalisation that constants describe.</summary>
    public static SoundNormalization Normalization(Calibration c) =>
        new SoundNormalization(c[FrequencyMin], c[FrequencyMax], c[AmplitudeMin], c[AmplitudeMax]).Validated();

    /// <inheritdoc/>
    public Calibration Raw { get; } = Of(new SoundNormalization(0, 1, 0, 1));

    /// <inheritdoc/>
    public Calibration Fit(IReadOnlyDictionary<string, ReadOnlyMemory<float>> raw) =>
        raw.TryGetValue("sound", out var sound)
            ? Of(SoundNormalization.FromData(sound.Span))
            : throw new ArgumentException("The pendulum's calibration needs the raw 'sound' data.", nameof(raw));

    /// <inheritdoc/>
    public void Apply(Calibration calibration, string modality, Span<float> values)
    {
        if (modality != "sound") return;
        var n = Normalization(calibration);
        // Pairs (f, a): f' = (f - fMin) / (fMax - fMin), a' likewise, in double before rounding (as the environment does).
        for (int i = 0; i + 1 < values.Length; i += 2)
        {
            values[i] = (float)n.Frequency(values[i]);
            values[i + 1] = (float)n.Amplitude(values[i + 1]);
        }
    }
}
