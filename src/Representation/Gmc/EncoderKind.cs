namespace GmcRL.Representation.Gmc;

/// <summary>The kind of base encoder a modality gets.</summary>
public enum EncoderKind
{
    /// <summary>Two strided convolutions (for stacked images: a UInt8 modality of shape [frames, height, width]).</summary>
    Convolutional,

    /// <summary>A multilayer perceptron over the flattened modality (for vector modalities such as the pendulum's sound).</summary>
    Mlp,

    /// <summary>A long signal (audio), its other dimensions as channels: read as each channel's spectrum, or as its waveform
    /// by two strided 1-D convolutions (<see cref="GmcModelOptions.SignalFeatures"/>).</summary>
    Signal,
}
