namespace GmcRL.Representation.Gmc;

/// <summary>What a signal trunk (<see cref="EncoderKind.Signal"/>) reads from each channel's window of samples.</summary>
public enum SignalFeatures
{
    /// <summary>The samples themselves, through two strided 1-D convolutions along time: sees the phase of every
    /// wave. A model file that does not name its signal features holds this form.</summary>
    Waveform = 0,

    /// <summary>The log-magnitude spectrum of each channel's window, log(|rfft(x)| + 0.001) at every frequency but
    /// 0 (the mean), flattened: which frequencies sound and how loud, without their phases. On Hyperhot the waveform's phases (each source's phase
    /// advances with every rendered frame) let the contrastive loss match image and sound by the ages of the bullets
    /// and little else; the spectrum's amplitudes carry the distances to the microphones
    /// (docs/benchmarks/hyperhot.md, "What the latent holds").</summary>
    Spectrum = 1,
}
