using GmcRL.Representation.Gmc;

namespace GmcRL.Representation.Training;

/// <summary>How to pretrain a GMC model (docs/method.md §6: Adam, learning rate 1e-3, batch 128, tau 0.3, 10% validation).</summary>
public sealed record GmcTrainingOptions
{
    /// <summary>The model's sizes.</summary>
    public GmcModelOptions Model { get; init; } = GmcModelOptions.Reference;

    /// <summary>Passes over the training split (the reference trains 500).</summary>
    public int Epochs { get; init; } = 500;

    /// <summary>Samples per Adam step.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Adam's learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>The contrastive temperature tau.</summary>
    public double Temperature { get; init; } = 0.3;

    /// <summary>The loss: GMC's (default) or the "joints as negatives" ablation.</summary>
    public GmcLossKind Loss { get; init; } = GmcLossKind.Gmc;

    /// <summary>Fraction of the dataset held out for validation and alignment metrics: its last samples, so that
    /// correlated neighbours of a trajectory do not straddle the split.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Seeds the weights and the batch order.</summary>
    public int Seed { get; init; }

    /// <summary>Held-out samples among which retrieval accuracy and nearest-latent angle error are measured.</summary>
    public int RetrievalSamples { get; init; } = 1000;

    /// <summary>TorchSharp's intra-op threads; null leaves the process setting alone.</summary>
    public int? Threads { get; init; }

    /// <summary>The element type the image convolutions compute in while training (the weights stay float32;
    /// <see cref="ComputePrecisions.Auto"/> picks bfloat16 where the processor has it).</summary>
    public ComputePrecision Precision { get; init; } = ComputePrecision.Float32;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public GmcTrainingOptions Validated()
    {
        Model.Validated();
        if (Epochs < 1) throw new ArgumentException($"Pretraining: Epochs must be at least 1 (got {Epochs}).");
        if (BatchSize < 2) throw new ArgumentException($"Pretraining: BatchSize must be at least 2, since the loss contrasts samples of a batch (got {BatchSize}).");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentException($"Pretraining: LearningRate must be positive (got {LearningRate}).");
        if (!(Temperature > 0) || !double.IsFinite(Temperature)) throw new ArgumentException($"Pretraining: Temperature must be positive (got {Temperature}).");
        if (!Enum.IsDefined(Loss)) throw new ArgumentException($"Pretraining: unknown loss {Loss}.");
        if (!(ValidationFraction > 0 && ValidationFraction < 1)) throw new ArgumentException($"Pretraining: ValidationFraction must lie strictly between 0 and 1 (got {ValidationFraction}).");
        if (RetrievalSamples < 2) throw new ArgumentException($"Pretraining: RetrievalSamples must be at least 2 (got {RetrievalSamples}).");
        if (Threads is int t && t < 1) throw new ArgumentException($"Pretraining: Threads must be at least 1 (got {t}).");
        if (!Enum.IsDefined(Precision)) throw new ArgumentException($"Pretraining: unknown precision {Precision}.");
        return this;
    }
}
