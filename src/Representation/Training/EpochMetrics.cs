namespace GmcRL.Representation.Training;

/// <summary>What one pretraining epoch measured.</summary>
/// <param name="Epoch">The epoch (1-based).</param>
/// <param name="TrainLoss">Mean loss over the epoch's training batches.</param>
/// <param name="ValidationLoss">Mean loss over the validation batches.</param>
/// <param name="Alignment">Per-modality alignment on the validation split.</param>
/// <param name="TrainSeconds">Wall time of the epoch's training steps.</param>
/// <param name="SamplesPerSecond">Training samples per second of wall time in the training steps.</param>
public sealed record EpochMetrics(int Epoch, double TrainLoss, double ValidationLoss, IReadOnlyList<ModalityAlignment> Alignment,
    double TrainSeconds, double SamplesPerSecond);
