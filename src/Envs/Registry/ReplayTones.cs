namespace GmcRL.Envs.Registry;

/// <summary>
/// How a replay sounds an environment: as tones, one voice per source or receiver, whose frequency (Hz) and amplitude
/// at each step the environment computes from its true state.
/// </summary>
/// <param name="Modality">The modality the tones stand for: they are silent while it is missing.</param>
/// <param name="Voices">The voices' names, e.g. the receivers.</param>
/// <param name="BaseFrequency">The tone at rest (Hz); pictures scale their frequency axis around it.</param>
/// <param name="LoudestAmplitude">The largest amplitude one voice can have.</param>
/// <param name="LoudestSum">The largest sum of the voices' amplitudes: the mix is divided by it, so it never clips.</param>
/// <param name="Compute">Writes Voices.Count x (frequency, amplitude) of a state.</param>
public sealed record ReplayTones(string Modality, IReadOnlyList<string> Voices, double BaseFrequency, double LoudestAmplitude,
    double LoudestSum, TrueState.FeatureMap Compute);
