using GmcRL.Representation.Data;
using GmcRL.Representation.Gmc;
using GmcRL.Representation.Formats;
using GmcRL.Storage;

namespace GmcRL.Representation.Training;

/// <summary>
/// A GMC model's pretraining checkpoint (see <see cref="RepresentationCheckpoint{TModel, TTraining}"/> for what it
/// holds), with GMC's training options.
/// </summary>
public sealed class GmcCheckpoint : RepresentationCheckpoint<GmcModel, GmcTrainingOptions>
{
    /// <summary>The format version this build writes and reads.</summary>
    public const int FormatVersion = 3;

    /// <summary>The conventional file extension.</summary>
    public const string Extension = ".gmc";

    private static readonly FramedFile Format = new("gmcrl-gmc-checkpoint", FormatVersion, "GMC checkpoint", MaxFileBytes);

    private GmcCheckpoint(Envelope envelope, GmcTrainingOptions training) : base(envelope, training)
    {
    }

    /// <summary>A checkpoint of <paramref name="model"/>'s current weights.</summary>
    public static GmcCheckpoint Capture(GmcModel model, DatasetHeader dataset, GmcTrainingOptions training, int epoch,
        double bestValidationLoss, byte[]? optimizerState = null) =>
        new(Envelope.Of(model, model.Options, model.Spec, dataset, epoch, bestValidationLoss, optimizerState), training);

    /// <inheritdoc/>
    public override void Save(string path) => Write(path, Format, new TrainingOptionsDto
    {
        Epochs = Training.Epochs, BatchSize = Training.BatchSize, LearningRate = Training.LearningRate,
        Temperature = Training.Temperature, Loss = (int)Training.Loss, ValidationFraction = Training.ValidationFraction,
        Seed = Training.Seed, RetrievalSamples = Training.RetrievalSamples,
    });

    /// <summary>Reads a checkpoint; a truncated, corrupted, foreign, wrong-version or wrong-architecture file throws
    /// <see cref="InvalidDataException"/> saying which.</summary>
    public static GmcCheckpoint Load(string path) =>
        Read<GmcCheckpoint, TrainingOptionsDto>(path, Format, (envelope, t) => new(envelope, new GmcTrainingOptions
        {
            Model = envelope.Model, Epochs = t.Epochs, BatchSize = t.BatchSize, LearningRate = t.LearningRate, Temperature = t.Temperature,
            Loss = (GmcLossKind)t.Loss, ValidationFraction = t.ValidationFraction, Seed = t.Seed, RetrievalSamples = t.RetrievalSamples,
        }.Validated()));

    private protected override GmcModel NewModel() => new(Spec, Model, seed: 0);
}
