using GmcRL.Representation.Data;
using GmcRL.Representation.Gmc;

namespace GmcRL.Representation.Training;

/// <summary>
/// Contrastive pretraining of a <see cref="GmcModel"/> on a <see cref="MultimodalDataset"/> (GMC-SPEC §3, §6): Adam over
/// shuffled batches of the training split, then per epoch the validation loss and alignment metrics, a progress line,
/// the metrics file and the best and last checkpoints. Deterministic for a seed; resumable from a checkpoint.
/// </summary>
public sealed class GmcTrainer : IRepresentationTrainer
{
    /// <summary>File name of the latest checkpoint in the output folder.</summary>
    public const string LastCheckpointName = "last" + GmcCheckpoint.Extension;

    /// <summary>File name of the checkpoint with the lowest validation loss.</summary>
    public const string BestCheckpointName = "best" + GmcCheckpoint.Extension;

    /// <summary>File name of the per-epoch metrics (JSON lines).</summary>
    public const string MetricsName = PretrainingLoop<GmcModel, GmcCheckpoint>.MetricsName;

    private readonly PretrainingLoop<GmcModel, GmcCheckpoint> _loop;
    private readonly GmcTrainingOptions _options;

    /// <summary>A trainer for <paramref name="dataset"/>; with <paramref name="outputFolder"/> it writes checkpoints and
    /// metrics there; with <paramref name="resume"/> it continues that checkpoint's run (same architecture and data spec).</summary>
    public GmcTrainer(MultimodalDataset dataset, GmcTrainingOptions options, string? outputFolder = null, GmcCheckpoint? resume = null)
    {
        _options = options.Validated();
        if (resume is not null)
        {
            if (!resume.Model.Equals(_options.Model))
                throw new ArgumentException("Pretraining: the checkpoint to resume has a different model architecture than the options ask for.");
            if (!resume.Spec.Equals(dataset.Spec))
                throw new ArgumentException($"Pretraining: the checkpoint to resume encodes [{resume.Spec}], but the dataset holds [{dataset.Spec}].");
        }
        var settings = new LoopSettings(_options.Epochs, _options.BatchSize, _options.LearningRate, _options.ValidationFraction,
            _options.Seed, _options.RetrievalSamples, _options.Threads);
        var header = dataset.Header;
        _loop = new PretrainingLoop<GmcModel, GmcCheckpoint>(dataset, settings,
            () => new GmcModel(dataset.Spec, _options.Model, _options.Seed), new GmcObjective(_options.Temperature, _options.Loss),
            LastCheckpointName, BestCheckpointName, outputFolder,
            (model, epoch, best, adam) => GmcCheckpoint.Capture(model, header, _options, epoch, best, adam),
            resume is null ? null : new ResumePoint<GmcModel>(resume.LoadInto, resume.OptimizerState, resume.Epoch, resume.BestValidationLoss));
    }

    /// <summary>The model being trained.</summary>
    public GmcModel Model => _loop.Model;

    /// <inheritdoc/>
    public int CompletedEpochs => _loop.CompletedEpochs;

    /// <inheritdoc/>
    public int TrainCount => _loop.TrainCount;

    /// <inheritdoc/>
    public int ValidationCount => _loop.ValidationCount;

    /// <inheritdoc/>
    public IReadOnlyList<EpochMetrics> History => _loop.History;

    string IRepresentationTrainer.BestCheckpointName => BestCheckpointName;

    /// <summary>Trains until <see cref="GmcTrainingOptions.Epochs"/> epochs are complete, writing one progress line per
    /// epoch to <paramref name="progress"/>.</summary>
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
    public GmcCheckpoint Checkpoint() => _loop.Checkpoint();

    /// <inheritdoc/>
    public void Dispose() => _loop.Dispose();
}
