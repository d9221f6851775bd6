using GmcRL.Representation.Data;
using GmcRL.Representation.Gmc;
using static TorchSharp.torch;

namespace GmcRL.Representation.Training;

/// <summary>
/// What every representation's trainer offers, on the pretraining loop they share (Adam over seeded shuffled batches of
/// the training split; per epoch the validation loss and alignment metrics, a progress line, the metrics file and the
/// last and best checkpoints). A trainer only says how its model is made, what it is trained for and how it is
/// checkpointed.
/// </summary>
public abstract class RepresentationTrainer<TModel, TCheckpoint> : IRepresentationTrainer
    where TModel : nn.Module
    where TCheckpoint : ISavedCheckpoint
{
    private readonly PretrainingLoop<TModel, TCheckpoint> _loop;
    private readonly int _epochs;
    private readonly string _bestName;

    private protected RepresentationTrainer(MultimodalDataset dataset, LoopSettings settings, Func<TModel> createModel,
        ITrainingObjective<TModel> objective, string lastName, string bestName, string? outputFolder,
        Func<TModel, int, double, byte[], TCheckpoint> capture, ResumePoint<TModel>? resume)
    {
        _epochs = settings.Epochs;
        _bestName = bestName;
        _loop = new PretrainingLoop<TModel, TCheckpoint>(dataset, settings, createModel, objective, lastName, bestName, outputFolder, capture, resume);
    }

    /// <summary>Throws <see cref="ArgumentException"/> (its message starting with <paramref name="stage"/>) unless
    /// <paramref name="resume"/>, when given, has the <paramref name="model"/> architecture and the dataset's spec.</summary>
    private protected static void CheckResumable<TTraining>(string stage, RepresentationCheckpoint<TModel, TTraining>? resume,
        GmcModelOptions model, MultimodalDataset dataset)
    {
        if (resume is null) return;
        if (!resume.Model.Equals(model))
            throw new ArgumentException($"{stage}: the checkpoint to resume has a different model architecture than the options ask for.");
        if (!resume.Spec.Equals(dataset.Spec))
            throw new ArgumentException($"{stage}: the checkpoint to resume encodes [{resume.Spec}], but the dataset holds [{dataset.Spec}].");
    }

    /// <summary>Where the loop continues from <paramref name="resume"/>; null for a fresh start.</summary>
    private protected static ResumePoint<TModel>? ResumeFrom<TTraining>(RepresentationCheckpoint<TModel, TTraining>? resume) =>
        resume is null ? null : new(resume.LoadInto, resume.OptimizerState, resume.Epoch, resume.BestValidationLoss);

    /// <summary>The model being trained.</summary>
    public TModel Model => _loop.Model;

    /// <inheritdoc/>
    public int CompletedEpochs => _loop.CompletedEpochs;

    /// <inheritdoc/>
    public int TrainCount => _loop.TrainCount;

    /// <inheritdoc/>
    public int ValidationCount => _loop.ValidationCount;

    /// <inheritdoc/>
    public IReadOnlyList<EpochMetrics> History => _loop.History;

    /// <inheritdoc/>
    public EpochMetrics? Best => _loop.Best;

    string IRepresentationTrainer.BestCheckpointName => _bestName;

    /// <summary>Trains until the options' epochs are complete, writing one progress line per epoch to
    /// <paramref name="progress"/>.</summary>
    public IReadOnlyList<EpochMetrics> Train(TextWriter? progress = null)
    {
        while (CompletedEpochs < _epochs) RunEpoch(progress);
        return History;
    }

    /// <inheritdoc/>
    public EpochMetrics RunEpoch(TextWriter? progress = null) => _loop.RunEpoch(progress);

    /// <summary>One Adam step on the samples <paramref name="indices"/>; returns the batch's loss.</summary>
    public double Step(ReadOnlySpan<long> indices) => _loop.Step(indices);

    /// <summary>The validation loss and each modality's alignment on the validation split.</summary>
    public (double Loss, IReadOnlyList<ModalityAlignment> Alignment) Evaluate() => _loop.Evaluate();

    /// <summary>A checkpoint of the current state (weights, Adam's state, epoch).</summary>
    public TCheckpoint Checkpoint() => _loop.Checkpoint();

    /// <inheritdoc/>
    public void Dispose()
    {
        _loop.Dispose();
        GC.SuppressFinalize(this);
    }
}
