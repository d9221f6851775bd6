namespace GmcRL.Representation.Training;

/// <summary>Pretraining of a representation (GMC or a baseline), epoch by epoch, with the last and best checkpoints and
/// per-epoch metrics written to its output folder. Deterministic for a seed; resumable from its last checkpoint.</summary>
public interface IRepresentationTrainer : IDisposable
{
    /// <summary>Epochs completed so far (including those of a resumed checkpoint).</summary>
    int CompletedEpochs { get; }

    /// <summary>Samples in the training split (the first ones of the dataset).</summary>
    int TrainCount { get; }

    /// <summary>Samples in the validation split (the last ones).</summary>
    int ValidationCount { get; }

    /// <summary>The metrics of every epoch so far.</summary>
    IReadOnlyList<EpochMetrics> History { get; }

    /// <summary>The metrics of the epoch whose checkpoint is the best one (<see cref="EpochMetrics.Best"/>); null before
    /// the first epoch.</summary>
    EpochMetrics? Best { get; }

    /// <summary>File name of the checkpoint with the lowest validation loss in the output folder.</summary>
    string BestCheckpointName { get; }

    /// <summary>One epoch: training steps, evaluation, a log line to <paramref name="log"/>, metrics file and checkpoints.</summary>
    EpochMetrics RunEpoch(TextWriter? log = null);
}
