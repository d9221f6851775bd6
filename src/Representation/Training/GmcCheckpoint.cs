using GmcRL.Envs;
using GmcRL.Envs.Pendulum;
using GmcRL.Representation.Data;
using GmcRL.Representation.Gmc;
using GmcRL.Representation.Storage;

namespace GmcRL.Representation.Training;

/// <summary>
/// Everything needed to encode later or to resume pretraining: the format version, the model's sizes and modality
/// specs, the dataset's header (environment settings and sound normalisation constants), the training options, the
/// epoch, the weights, and Adam's state. Files use the framing of <see cref="DatasetFile"/> (MessagePack, SHA-256,
/// atomic writes, untrusted-data reads).
/// </summary>
public sealed class GmcCheckpoint : ISavedCheckpoint
{
    /// <summary>The format version this build writes and reads.</summary>
    public const int FormatVersion = 2;

    /// <summary>The conventional file extension.</summary>
    public const string Extension = ".gmc";

    private const string Magic = "gmcrl-gmc-checkpoint";
    private const string What = "GMC checkpoint";

    private readonly StoredWeights _weights;

    private GmcCheckpoint(GmcModelOptions model, ObservationSpec spec, DatasetHeader dataset, GmcTrainingOptions training,
        int epoch, double bestValidationLoss, StoredWeights weights, byte[]? optimizerState)
    {
        Model = model;
        Spec = spec;
        Dataset = dataset;
        Training = training;
        Epoch = epoch;
        BestValidationLoss = bestValidationLoss;
        _weights = weights;
        OptimizerState = optimizerState;
    }

    /// <summary>The model's sizes.</summary>
    public GmcModelOptions Model { get; }

    /// <summary>The modalities the model encodes.</summary>
    public ObservationSpec Spec { get; }

    /// <summary>The header of the dataset the model was trained on (environment, settings, normalisation).</summary>
    public DatasetHeader Dataset { get; }

    /// <summary>The sound normalisation constants to observe with at control time.</summary>
    public SoundNormalization? SoundNormalization => Dataset.SoundNormalization;

    /// <summary>The options the model was trained with.</summary>
    public GmcTrainingOptions Training { get; }

    /// <summary>Completed epochs.</summary>
    public int Epoch { get; }

    /// <summary>The best validation loss seen up to <see cref="Epoch"/>.</summary>
    public double BestValidationLoss { get; }

    /// <summary>Adam's state, as TorchSharp serialises it; null in checkpoints made only for encoding.</summary>
    internal byte[]? OptimizerState { get; }

    /// <summary>Number of stored parameter tensors.</summary>
    public int WeightCount => _weights.Count;

    /// <summary>Number of scalar parameters of the model.</summary>
    public long ParameterCount => _weights.ParameterCount();

    /// <summary>A checkpoint of <paramref name="model"/>'s current weights.</summary>
    public static GmcCheckpoint Capture(GmcModel model, DatasetHeader dataset, GmcTrainingOptions training, int epoch,
        double bestValidationLoss, byte[]? optimizerState = null) =>
        new(model.Options, model.Spec, dataset, training, epoch, bestValidationLoss, StoredWeights.Capture(model), optimizerState);

    /// <summary>A model of this checkpoint's architecture with its weights. Throws <see cref="InvalidDataException"/>
    /// when the stored weights do not fit the stored architecture.</summary>
    public GmcModel CreateModel() => _weights.CreateLoaded(() => new GmcModel(Spec, Model, seed: 0));

    /// <summary>Copies the weights into <paramref name="model"/>, whose architecture must match exactly.</summary>
    public void LoadInto(GmcModel model) => _weights.LoadInto(model);

    /// <summary>Writes the checkpoint atomically.</summary>
    public void Save(string path)
    {
        var body = new CheckpointBodyDto
        {
            Model = ModelOptionsDto.From(Model),
            Modalities = ModalityDto.From(Spec),
            Dataset = DatasetFile.ToDto(Dataset),
            Training = new TrainingOptionsDto
            {
                Epochs = Training.Epochs, BatchSize = Training.BatchSize, LearningRate = Training.LearningRate,
                Temperature = Training.Temperature, Loss = (int)Training.Loss, ValidationFraction = Training.ValidationFraction,
                Seed = Training.Seed, RetrievalSamples = Training.RetrievalSamples,
            },
            Epoch = Epoch,
            BestValidationLoss = BestValidationLoss,
            Weights = _weights.ToDto(),
            OptimizerState = OptimizerState,
        };
        FramedFile.Write(path, Magic, FormatVersion, body);
    }

    /// <summary>Reads a checkpoint; a truncated, corrupted, foreign, wrong-version or wrong-architecture file throws
    /// <see cref="InvalidDataException"/> saying which.</summary>
    public static GmcCheckpoint Load(string path)
    {
        var body = FramedFile.Read<CheckpointBodyDto>(path, Magic, FormatVersion, What);
        try
        {
            var model = (body.Model ?? throw new InvalidDataException("the model options are missing")).ToOptions();
            var t = body.Training ?? throw new InvalidDataException("the training options are missing");
            var training = new GmcTrainingOptions
            {
                Model = model, Epochs = t.Epochs, BatchSize = t.BatchSize, LearningRate = t.LearningRate, Temperature = t.Temperature,
                Loss = (GmcLossKind)t.Loss, ValidationFraction = t.ValidationFraction, Seed = t.Seed, RetrievalSamples = t.RetrievalSamples,
            }.Validated();
            var weights = StoredWeights.FromDto(body.Weights);
            var checkpoint = new GmcCheckpoint(model, ModalityDto.ToSpec(body.Modalities),
                DatasetFile.FromDto(body.Dataset ?? throw new InvalidDataException("the dataset header is missing")),
                training, body.Epoch, body.BestValidationLoss, weights, body.OptimizerState);
            using var check = checkpoint.CreateModel(); // every weight must fit the stored architecture
            return checkpoint;
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            throw new InvalidDataException($"'{path}' is not a valid {What}: {e.Message}", e);
        }
    }

    /// <summary>True when both checkpoints hold the same architecture, epoch and bit-identical weights.</summary>
    public bool WeightsEqual(GmcCheckpoint other) =>
        Model.Equals(other.Model) && Spec.Equals(other.Spec) && Epoch == other.Epoch && _weights.BitEqual(other._weights);
}
