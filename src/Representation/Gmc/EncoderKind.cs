namespace GmcRL.Representation.Gmc;

/// <summary>The kind of base encoder a modality gets.</summary>
public enum EncoderKind
{
    /// <summary>Two strided convolutions (for stacked images: a UInt8 modality of shape [frames, height, width]).</summary>
    Convolutional,

    /// <summary>A multilayer perceptron over the flattened modality (for vector modalities such as the pendulum's sound).</summary>
    Mlp,

    /// <summary>Two strided 1-D convolutions along the samples of a long signal (audio), its other dimensions as channels.</summary>
    Signal,
}
