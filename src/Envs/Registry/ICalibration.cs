namespace GmcRL.Envs.Registry;

/// <summary>
/// How an environment's observation scale is fitted to collected data. Collection runs the environment with
/// <see cref="Raw"/> (observations unscaled), fits the constants to everything it recorded with <see cref="Fit"/>, and
/// rescales the recorded float modalities with <see cref="Apply"/>; environments made later with the fitted constants
/// observe exactly the rescaled values.
/// </summary>
public interface ICalibration
{
    /// <summary>The constants under which the environment's observations are unscaled.</summary>
    Calibration Raw { get; }

    /// <summary>Constants fitted to the raw values of the float modalities, by modality name; each span holds every
    /// recorded (stacked) observation of that modality, row after row.</summary>
    Calibration Fit(IReadOnlyDictionary<string, ReadOnlyMemory<float>> raw);

    /// <summary>Rescales raw values of modality <paramref name="modality"/> in place, as an environment made with
    /// <paramref name="calibration"/> observes them.</summary>
    void Apply(Calibration calibration, string modality, Span<float> values);
}
