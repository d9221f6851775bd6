using GmcRL.Representation.Training;
using GmcRL.Representation.Gmc;

namespace GmcRL.Representation.Baselines;

/// <summary>
/// How to pretrain a baseline representation. The sizes are GMC's (<see cref="GmcModelOptions"/>: the same base and
/// joint encoders, latent size and head width) and the schedule is docs/method.md §6's, so that GMC and the baselines get
/// the same budget. The reconstruction weights and the KL weight default to MUSE's pendulum configuration (Vasco et
/// al. 2022: image 1, sound 100, KL 1), which trained these baselines on the same task.
/// </summary>
public sealed record BaselineTrainingOptions
{
    /// <summary>Which baseline.</summary>
    public BaselineKind Kind { get; init; } = BaselineKind.FusionAutoencoder;

    /// <summary>The encoders' sizes (and the decoders', which mirror them).</summary>
    public GmcModelOptions Model { get; init; } = GmcModelOptions.Reference;

    /// <summary>Passes over the training split.</summary>
    public int Epochs { get; init; } = 500;

    /// <summary>Samples per Adam step.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Adam's learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Fraction of the dataset held out (its last samples) for the validation loss and alignment metrics.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Seeds the weights, the batch order and the MVAE's sampling noise.</summary>
    public int Seed { get; init; }

    /// <summary>Held-out samples among which retrieval accuracy and nearest-latent angle error are measured.</summary>
    public int RetrievalSamples { get; init; } = 1000;

    /// <summary>TorchSharp's intra-op threads; null leaves the process setting alone.</summary>
    public int? Threads { get; init; }

    /// <summary>The element type the image convolutions compute in while training (the weights stay float32;
    /// <see cref="ComputePrecisions.Auto"/> picks bfloat16 where the processor has it).</summary>
    public ComputePrecision Precision { get; init; } = ComputePrecision.Float32;

    /// <summary>Weight lambda_m of each modality's reconstruction error, by modality name; a modality not named gets 1.</summary>
    public IReadOnlyDictionary<string, double> ReconstructionWeights { get; init; } = new Dictionary<string, double>();

    /// <summary>Weight beta of the MVAE's KL term (unused by the autoencoder).</summary>
    public double KlWeight { get; init; } = 1.0;

    /// <summary>The reconstruction weight of modality <paramref name="name"/>.</summary>
    public double WeightOf(string name) => ReconstructionWeights.TryGetValue(name, out double w) ? w : 1.0;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public BaselineTrainingOptions Validated()
    {
        Model.Validated();
        if (!Enum.IsDefined(Kind)) throw new ArgumentException($"Baseline pretraining: unknown kind {Kind}.");
        if (Epochs < 1) throw new ArgumentException($"Baseline pretraining: Epochs must be at least 1 (got {Epochs}).");
        if (BatchSize < 2) throw new ArgumentException($"Baseline pretraining: BatchSize must be at least 2 (got {BatchSize}).");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentException($"Baseline pretraining: LearningRate must be positive (got {LearningRate}).");
        if (!(ValidationFraction > 0 && ValidationFraction < 1)) throw new ArgumentException($"Baseline pretraining: ValidationFraction must lie strictly between 0 and 1 (got {ValidationFraction}).");
        if (RetrievalSamples < 2) throw new ArgumentException($"Baseline pretraining: RetrievalSamples must be at least 2 (got {RetrievalSamples}).");
        if (Threads is int t && t < 1) throw new ArgumentException($"Baseline pretraining: Threads must be at least 1 (got {t}).");
        if (!Enum.IsDefined(Precision)) throw new ArgumentException($"Baseline pretraining: unknown precision {Precision}.");
        foreach (var (name, w) in ReconstructionWeights)
            if (!(w >= 0) || !double.IsFinite(w)) throw new ArgumentException($"Baseline pretraining: the reconstruction weight of '{name}' must be 0 or more (got {w}).");
        if (!(KlWeight >= 0) || !double.IsFinite(KlWeight)) throw new ArgumentException($"Baseline pretraining: KlWeight must be 0 or more (got {KlWeight}).");
        return this;
    }

    /// <inheritdoc/>
    public bool Equals(BaselineTrainingOptions? other) =>
        other is not null && Kind == other.Kind && Model.Equals(other.Model) && Epochs == other.Epochs && BatchSize == other.BatchSize &&
        LearningRate.Equals(other.LearningRate) && ValidationFraction.Equals(other.ValidationFraction) && Seed == other.Seed &&
        RetrievalSamples == other.RetrievalSamples && Threads == other.Threads && Precision == other.Precision && KlWeight.Equals(other.KlWeight) &&
        ReconstructionWeights.Count == other.ReconstructionWeights.Count &&
        ReconstructionWeights.All(p => other.ReconstructionWeights.TryGetValue(p.Key, out double w) && w.Equals(p.Value));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, Model, Epochs, BatchSize, LearningRate, Seed, KlWeight);
}
