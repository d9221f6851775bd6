namespace GmcRL.Envs;

/// <summary>What a modality is, which decides the encoder a representation gives it.</summary>
public enum ModalityKind
{
    /// <summary>A short vector of numbers of any shape (the pendulum's sound: 3 receivers x (frequency, amplitude)).</summary>
    Vector = 0,

    /// <summary>A picture: each frame is [height, width] of bits or bytes (stacked: [frames, height, width]).</summary>
    Image = 1,

    /// <summary>A long 1-D signal such as audio: each frame is [channels, samples] or [samples] (stacked: [frames, ...]).</summary>
    Signal = 2,
}
