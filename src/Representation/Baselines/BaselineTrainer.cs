using GmcRL.Representation.Data;
using GmcRL.Representation.Training;
using static TorchSharp.torch;

namespace GmcRL.Representation.Baselines;

/// <summary>
/// Pretraining of a <see cref="BaselineModel"/> on a <see cref="MultimodalDataset"/>: the shared
/// <see cref="RepresentationTrainer{TModel, TCheckpoint}"/> (the loop GMC uses) with only the objective changed, the
/// model's reconstruction loss (the autoencoder) or subsampled ELBO (the MVAE). Deterministic for a seed (the MVAE's
/// sampling noise included); resumable from a checkpoint.
/// </summary>
public static class BaselineTrainer
{
    /// <summary>File name of the latest checkpoint in the output folder.</summary>
    public const string LastCheckpointName = "last" + BaselineCheckpoint.Extension;

    /// <summary>File name of the checkpoint with the lowest validation loss.</summary>
    public const string BestCheckpointName = "best" + BaselineCheckpoint.Extension;

    /// <summary>A trainer for <paramref name="dataset"/>; with <paramref name="outputFolder"/> it writes checkpoints and
    /// metrics there; with <paramref name="resume"/> it continues that checkpoint's run (same kind, sizes and data spec).</summary>
    public static RepresentationTrainer<BaselineModel, BaselineCheckpoint> Create(MultimodalDataset dataset, BaselineTrainingOptions options,
        string? outputFolder = null, BaselineCheckpoint? resume = null)
    {
        options = options.Validated();
        if (resume is not null && resume.Kind != options.Kind)
            throw new ArgumentException($"Baseline pretraining: the checkpoint to resume is a {BaselineCheckpoint.Describe(resume.Kind)}, but the options ask for a {BaselineCheckpoint.Describe(options.Kind)}.");
        Resumption.Check("Baseline pretraining", resume, options.Model, dataset);
        return new RepresentationTrainer<BaselineModel, BaselineCheckpoint>(dataset,
            new LoopSettings(options.Epochs, options.BatchSize, options.LearningRate, options.ValidationFraction, options.Seed,
                options.RetrievalSamples, options.Threads, options.Precision),
            () => BaselineModel.Create(dataset.Spec, options, options.Seed), Objective.Instance,
            LastCheckpointName, BestCheckpointName, outputFolder,
            (model, epoch, best, adam) => BaselineCheckpoint.Capture(model, dataset.Header, epoch, best, adam),
            Resumption.From(resume));
    }

    // A baseline is its own objective.
    private sealed class Objective : ITrainingObjective<BaselineModel>
    {
        public static Objective Instance { get; } = new();

        public Tensor Loss(BaselineModel model, IReadOnlyList<Tensor> inputs, Generator noise) => model.Loss(inputs, noise);

        public (Tensor? Loss, Tensor Complete, Tensor[] Singles) Validate(BaselineModel model, IReadOnlyList<Tensor> inputs) => model.Validate(inputs);
    }
}
