using GmcRL.Representation.Data;
using GmcRL.Representation.Training;
using static TorchSharp.torch;

namespace GmcRL.Representation.Baselines;

/// <summary>
/// Pretraining of a <see cref="BaselineModel"/> on a <see cref="MultimodalDataset"/> with the loop GMC uses (Adam over
/// seeded shuffled batches, per-epoch validation loss and alignment metrics, last and best checkpoints, metrics file):
/// only the objective differs, the model's reconstruction loss (the autoencoder) or subsampled ELBO (the MVAE).
/// Deterministic for a seed (the MVAE's sampling noise included); resumable from a checkpoint.
/// </summary>
public sealed class BaselineTrainer : IRepresentationTrainer
{
    /// <summary>File name of the latest checkpoint in the output folder.</summary>
    public const string LastCheckpointName = "last" + BaselineCheckpoint.Extension;

    /// <summary>File name of the checkpoint with the lowest validation loss.</summary>
    public const string BestCheckpointName = "best" + BaselineCheckpoint.Extension;

    /// <summary>File name of the per-epoch metrics (JSON lines).</summary>
    public const string MetricsName = PretrainingLoop<BaselineModel, BaselineCheckpoint>.MetricsName;

    private readonly PretrainingLoop<BaselineModel, BaselineCheckpoint> _loop;
    private readonly BaselineTrainingOptions _options;

    /// <summary>A trainer for <paramref name="dataset"/>; with <paramref name="outputFolder"/> it writes checkpoints and
    /// metrics there; with <paramref name="resume"/> it continues that checkpoint's run (same kind, options and data spec).</summary>
    public BaselineTrainer(MultimodalDataset dataset, BaselineTrainingOptions options, string? outputFolder = null, BaselineCheckpoint? resume = null)
    {
        _options = options.Validated();
        if (resume is not null)
        {
            if (resume.Kind != _options.Kind)
                throw new ArgumentException($"Baseline pretraining: the checkpoint to resume is a {BaselineCheckpoint.Describe(resume.Kind)}, but the options ask for a {BaselineCheckpoint.Describe(_options.Kind)}.");
            if (!resume.Model.Equals(_options.Model))
                throw new ArgumentException("Baseline pretraining: the checkpoint to resume has a different model architecture than the options ask for.");
            if (!resume.Spec.Equals(dataset.Spec))
                throw new ArgumentException($"Baseline pretraining: the checkpoint to resume encodes [{resume.Spec}], but the dataset holds [{dataset.Spec}].");
        }
        var settings = new LoopSettings(_options.Epochs, _options.BatchSize, _options.LearningRate, _options.ValidationFraction,
            _options.Seed, _options.RetrievalSamples, _options.Threads);
        var header = dataset.Header;
        _loop = new PretrainingLoop<BaselineModel, BaselineCheckpoint>(dataset, settings,
            () => BaselineModel.Create(dataset.Spec, _options, _options.Seed), Objective.Instance,
            LastCheckpointName, BestCheckpointName, outputFolder,
            (model, epoch, best, adam) => BaselineCheckpoint.Capture(model, header, epoch, best, adam),
            resume is null ? null : new ResumePoint<BaselineModel>(resume.LoadInto, resume.OptimizerState, resume.Epoch, resume.BestValidationLoss));
    }

    /// <summary>The model being trained.</summary>
    public BaselineModel Model => _loop.Model;

    /// <inheritdoc/>
    public int CompletedEpochs => _loop.CompletedEpochs;

    /// <inheritdoc/>
    public int TrainCount => _loop.TrainCount;

    /// <inheritdoc/>
    public int ValidationCount => _loop.ValidationCount;

    /// <inheritdoc/>
    public IReadOnlyList<EpochMetrics> History => _loop.History;

    string IRepresentationTrainer.BestCheckpointName => BestCheckpointName;

    /// <summary>Trains until <see cref="BaselineTrainingOptions.Epochs"/> epochs are complete, writing one progress line
    /// per epoch to <paramref name="progress"/>.</summary>
    public IReadOnlyList<EpochMetrics> Train(TextWriter? progress = null)
    {
        while (CompletedEpochs < _options.Epochs) RunEpoch(progress);
        return History;
    }

    /// <inheritdoc/>
    public EpochMetrics RunEpoch(TextWriter? progress = null) => _loop.RunEpoch(progress);

    /// <summary>One Adam step on the samples <paramref name="indices"/>; returns the batch's loss.</summary>
    public double Step(ReadOnlySpan<long> indices) => _loop.Step(indices);

    /// <summary>The validation loss and each modality's alignment on the validation split.</summary>
    public (double Loss, IReadOnlyList<ModalityAlignment> Alignment) Evaluate() => _loop.Evaluate();

    /// <summary>A checkpoint of the current state (weights, Adam's state, epoch).</summary>
    public BaselineCheckpoint Checkpoint() => _loop.Checkpoint();

    /// <inheritdoc/>
    public void Dispose() => _loop.Dispose();

    // A baseline is its own objective.
    private sealed class Objective : ITrainingObjective<BaselineModel>
    {
        public static Objective Instance { get; } = new();

        public Tensor Loss(BaselineModel model, IReadOnlyList<Tensor> inputs, Generator noise) => model.Loss(inputs, noise);

        public (Tensor? Loss, Tensor Complete, Tensor[] Singles) Validate(BaselineModel model, IReadOnlyList<Tensor> inputs) => model.Validate(inputs);
    }
}
