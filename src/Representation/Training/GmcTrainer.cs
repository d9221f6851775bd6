using GmcRL.Representation.Data;
using GmcRL.Representation.Gmc;

namespace GmcRL.Representation.Training;

/// <summary>
/// Contrastive pretraining of a <see cref="GmcModel"/> on a <see cref="MultimodalDataset"/> (docs/method.md §3, §6): the
/// shared <see cref="RepresentationTrainer{TModel, TCheckpoint}"/> with GMC's model, loss and checkpoint. Deterministic
/// for a seed; resumable from a checkpoint.
/// </summary>
public static class GmcTrainer
{
    /// <summary>File name of the latest checkpoint in the output folder.</summary>
    public const string LastCheckpointName = "last" + GmcCheckpoint.Extension;

    /// <summary>File name of the checkpoint with the lowest validation loss.</summary>
    public const string BestCheckpointName = "best" + GmcCheckpoint.Extension;

    /// <summary>A trainer for <paramref name="dataset"/>; with <paramref name="outputFolder"/> it writes checkpoints and
    /// metrics there; with <paramref name="resume"/> it continues that checkpoint's run (same architecture and data spec).</summary>
    public static RepresentationTrainer<GmcModel, GmcCheckpoint> Create(MultimodalDataset dataset, GmcTrainingOptions options,
        string? outputFolder = null, GmcCheckpoint? resume = null)
    {
        options = options.Validated();
        Resumption.Check("Pretraining", resume, options.Model, dataset);
        return new RepresentationTrainer<GmcModel, GmcCheckpoint>(dataset,
            new LoopSettings(options.Epochs, options.BatchSize, options.LearningRate, options.ValidationFraction, options.Seed,
                options.RetrievalSamples, options.Threads, options.Precision),
            () => new GmcModel(dataset.Spec, options.Model, options.Seed), new GmcObjective(options.Temperature, options.Loss),
            LastCheckpointName, BestCheckpointName, outputFolder,
            (model, epoch, best, adam) => GmcCheckpoint.Capture(model, dataset.Header, options, epoch, best, adam),
            Resumption.From(resume));
    }
}
