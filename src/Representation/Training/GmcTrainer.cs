using GmcRL.Representation.Data;
using GmcRL.Representation.Gmc;

namespace GmcRL.Representation.Training;

/// <summary>
/// Contrastive pretraining of a <see cref="GmcModel"/> on a <see cref="MultimodalDataset"/> (docs/method.md §3, §6): Adam over
/// shuffled batches of the training split, then per epoch the validation loss and alignment metrics, a progress line,
/// the metrics file and the best and last checkpoints. Deterministic for a seed; resumable from a checkpoint.
/// </summary>
public sealed class GmcTrainer : RepresentationTrainer<GmcModel, GmcCheckpoint>
{
    /// <summary>File name of the latest checkpoint in the output folder.</summary>
    public const string LastCheckpointName = "last" + GmcCheckpoint.Extension;

    /// <summary>File name of the checkpoint with the lowest validation loss.</summary>
    public const string BestCheckpointName = "best" + GmcCheckpoint.Extension;

    /// <summary>File name of the per-epoch metrics (JSON lines).</summary>
    public const string MetricsName = PretrainingLoop<GmcModel, GmcCheckpoint>.MetricsName;

    /// <summary>A trainer for <paramref name="dataset"/>; with <paramref name="outputFolder"/> it writes checkpoints and
    /// metrics there; with <paramref name="resume"/> it continues that checkpoint's run (same architecture and data spec).</summary>
    public GmcTrainer(MultimodalDataset dataset, GmcTrainingOptions options, string? outputFolder = null, GmcCheckpoint? resume = null)
        : this(dataset, Checked(options, dataset, resume), outputFolder, resume, 0)
    {
    }

    // Called with checked options (the last parameter only tells the constructors apart).
    private GmcTrainer(MultimodalDataset dataset, GmcTrainingOptions options, string? outputFolder, GmcCheckpoint? resume, int _)
        : base(dataset,
            new LoopSettings(options.Epochs, options.BatchSize, options.LearningRate, options.ValidationFraction, options.Seed,
                options.RetrievalSamples, options.Threads),
            () => new GmcModel(dataset.Spec, options.Model, options.Seed), new GmcObjective(options.Temperature, options.Loss),
            LastCheckpointName, BestCheckpointName, outputFolder,
            (model, epoch, best, adam) => GmcCheckpoint.Capture(model, dataset.Header, options, epoch, best, adam),
            ResumeFrom(resume))
    {
    }

    // Valid options, and a checkpoint to resume that fits them and the data.
    private static GmcTrainingOptions Checked(GmcTrainingOptions options, MultimodalDataset dataset, GmcCheckpoint? resume)
    {
        options = options.Validated();
        CheckResumable("Pretraining", resume, options.Model, dataset);
        return options;
    }
}
