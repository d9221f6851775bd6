using GmcRL.Envs;

namespace GmcRL.Representation.Gmc;

/// <summary>
/// Sizes of a GMC model (docs/method.md §2): per-modality base encoders chosen from the observation spec, a joint encoder,
/// and the shared projection head. <see cref="Reference"/> is the reference pendulum architecture.
/// </summary>
public sealed record GmcModelOptions
{
    /// <summary>The reference pendulum sizes: d = 64, latent 10, head 128, convolutions 32 and 64, MLP 50-50.</summary>
    public static GmcModelOptions Reference { get; } = new();

    /// <summary>Size d of every base encoder's output h ("common dim").</summary>
    public int CommonDim { get; init; } = 64;

    /// <summary>Size of the latent z (the head's output).</summary>
    public int LatentDim { get; init; } = 10;

    /// <summary>Hidden width of the projection head.</summary>
    public int HeadHidden { get; init; } = 128;

    /// <summary>Output channels of the first convolution of an image or signal trunk.</summary>
    public int ConvChannels1 { get; init; } = 32;

    /// <summary>Output channels of the second convolution of an image or signal trunk.</summary>
    public int ConvChannels2 { get; init; } = 64;

    /// <summary>Hidden widths of a vector trunk's Linear+Swish layers.</summary>
    public IReadOnlyList<int> MlpHidden { get; init; } = [50, 50];

    /// <summary>Standardise each element of a vector modality (the pendulum's sound) to zero mean and unit variance
    /// over the training split before its trunks: fixed constants (buffers, not parameters) fitted when pretraining
    /// starts and stored with the weights. Off in the reference: its min-max scaled sound spans only 0.09-0.23 (one
    /// standard deviation) of [0, 1], and with it on the sound's held-out alignment after 25 quickstart epochs rose
    /// from 0.91 to 0.99 (docs/benchmarks/pipeline.md).</summary>
    public bool StandardizeVectors { get; init; }

    /// <summary>What a signal trunk reads: the log-magnitude spectrum (the default) or the waveform
    /// (<see cref="Gmc.SignalFeatures"/>).</summary>
    public SignalFeatures SignalFeatures { get; init; } = SignalFeatures.Spectrum;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid size.</summary>
    public GmcModelOptions Validated()
    {
        Positive(CommonDim, nameof(CommonDim));
        Positive(LatentDim, nameof(LatentDim));
        Positive(HeadHidden, nameof(HeadHidden));
        Positive(ConvChannels1, nameof(ConvChannels1));
        Positive(ConvChannels2, nameof(ConvChannels2));
        if (MlpHidden.Count == 0) throw new ArgumentException("GMC model: MlpHidden needs at least one layer width.");
        foreach (int w in MlpHidden) Positive(w, nameof(MlpHidden));
        if (!Enum.IsDefined(SignalFeatures)) throw new ArgumentException($"GMC model: SignalFeatures {(int)SignalFeatures} is not one of {string.Join(", ", Enum.GetNames<SignalFeatures>())}.");
        return this;
    }

    /// <summary>The encoder a modality gets from its kind: convolutional for an image stacked as [frames, height,
    /// width] with height and width divisible by 4 (the decoders of the baselines mirror it exactly), a signal trunk
    /// (<see cref="SignalFeatures"/>) for a signal of at least <see cref="WaveformTrunk.MinSamples"/> samples, an MLP otherwise.</summary>
    public static EncoderKind KindOf(ModalitySpec modality) => modality.Kind switch
    {
        ModalityKind.Image when modality.Shape.Count == 3 && modality.Shape[1] % 4 == 0 && modality.Shape[2] % 4 == 0 => EncoderKind.Convolutional,
        ModalityKind.Signal when modality.Shape.Count >= 2 && modality.Shape[^1] >= WaveformTrunk.MinSamples => EncoderKind.Signal,
        _ => EncoderKind.Mlp,
    };

    /// <inheritdoc/>
    public bool Equals(GmcModelOptions? other) =>
        other is not null && CommonDim == other.CommonDim && LatentDim == other.LatentDim && HeadHidden == other.HeadHidden &&
        ConvChannels1 == other.ConvChannels1 && ConvChannels2 == other.ConvChannels2 && MlpHidden.SequenceEqual(other.MlpHidden) &&
        StandardizeVectors == other.StandardizeVectors && SignalFeatures == other.SignalFeatures;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(CommonDim, LatentDim, HeadHidden, ConvChannels1, ConvChannels2, MlpHidden.Count);

    private static void Positive(int value, string name)
    {
        if (value <= 0) throw new ArgumentException($"GMC model: {name} must be positive (got {value}).");
    }
}
