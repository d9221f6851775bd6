using GmcRL.Envs;
using GmcRL.Envs.Pendulum;
using GmcRL.Representation.Data;
using GmcRL.Representation.Gmc;
using GmcRL.Representation.Storage;
using GmcRL.Representation.Training;

namespace GmcRL.Representation.Baselines;

/// <summary>
/// Everything needed to encode with a baseline or to resume its pretraining: its kind, sizes and modality specs, the
/// dataset's header (environment settings and sound normalisation), the training options, the epoch, the weights and
/// Adam's state. Files have their own magic and format version, so a GMC checkpoint is never read as a baseline (or
/// the other way round), and the kind is checked when a caller asks for one.
/// </summary>
public sealed class BaselineCheckpoint : ISavedCheckpoint
{
    /// <summary>The format version this build writes and reads.</summary>
    public const int FormatVersion = 2;

    /// <summary>The conventional file extension.</summary>
    public const string Extension = ".baseline";

    private const string Magic = "gmcrl-baseline-checkpoint";
    private const string What = "baseline checkpoint";

    private readonly StoredWeights _weights;

    private BaselineCheckpoint(ObservationSpec spec, DatasetHeader dataset, BaselineTrainingOptions training, int epoch,
        double bestValidationLoss, StoredWeights weights, byte[]? optimizerState)
    {
        Spec = spec;
        Dataset = dataset;
        Training = training;
        Epoch = epoch;
        BestValidationLoss = bestValidationLoss;
        _weights = weights;
        OptimizerState = optimizerState;
    }

    /// <summary>Which baseline.</summary>
    public BaselineKind Kind => Training.Kind;

    /// <summary>The model's sizes.</summary>
    public GmcModelOptions Model => Training.Model;

    /// <summary>The modalities the model encodes.</summary>
    public ObservationSpec Spec { get; }

    /// <summary>The header of the dataset the model was trained on.</summary>
    public DatasetHeader Dataset { get; }

    /// <summary>The sound normalisation constants to observe with at control time.</summary>
    public SoundNormalization? SoundNormalization => Dataset.SoundNormalization;

    /// <summary>The options the model was trained with.</summary>
    public BaselineTrainingOptions Training { get; }

    /// <summary>Completed epochs.</summary>
    public int Epoch { get; }

    /// <summary>The best validation loss seen up to <see cref="Epoch"/>.</summary>
    public double BestValidationLoss { get; }

    /// <summary>Adam's state, as TorchSharp serialises it; null in checkpoints made only for encoding.</summary>
    internal byte[]? OptimizerState { get; }

    /// <summary>Number of scalar parameters, decoders included.</summary>
    public long ParameterCount => _weights.ParameterCount();

    /// <summary>Number of scalar parameters used to encode (what runs at control time).</summary>
    public long EncoderParameterCount => _weights.ParameterCount(BaselineModel.IsEncoderParameter);

    /// <summary>How people call a baseline in messages.</summary>
    public static string Describe(BaselineKind kind) => kind switch
    {
        BaselineKind.FusionAutoencoder => "fusion autoencoder",
        BaselineKind.Mvae => "MVAE",
        _ => kind.ToString(),
    };

    /// <summary>A checkpoint of <paramref name="model"/>'s current weights.</summary>
    public static BaselineCheckpoint Capture(BaselineModel model, DatasetHeader dataset, int epoch, double bestValidationLoss,
        byte[]? optimizerState = null) =>
        new(model.Spec, dataset, model.Options, epoch, bestValidationLoss, StoredWeights.Capture(model), optimizerState);

    /// <summary>A model of this checkpoint's kind and architecture with its weights.</summary>
    public BaselineModel CreateModel() => _weights.CreateLoaded(() => BaselineModel.Create(Spec, Training, seed: 0));

    /// <summary>Copies the weights into <paramref name="model"/>, whose kind and architecture must match exactly.</summary>
    public void LoadInto(BaselineModel model)
    {
        if (model.Kind != Kind)
            throw new InvalidDataException($"This is a {Describe(Kind)} checkpoint; it cannot load into a {Describe(model.Kind)}.");
        _weights.LoadInto(model);
    }

    /// <summary>Writes the checkpoint atomically.</summary>
    public void Save(string path)
    {
        var t = Training;
        var body = new BaselineCheckpointBodyDto
        {
            Model = ModelOptionsDto.From(Model),
            Modalities = ModalityDto.From(Spec),
            Dataset = DatasetFile.ToDto(Dataset),
            Training = new BaselineTrainingOptionsDto
            {
                Kind = (int)t.Kind, Epochs = t.Epochs, BatchSize = t.BatchSize, LearningRate = t.LearningRate,
                ValidationFraction = t.ValidationFraction, Seed = t.Seed, RetrievalSamples = t.RetrievalSamples,
                WeightNames = t.ReconstructionWeights.Keys.Order(StringComparer.Ordinal).ToArray(),
                WeightValues = t.ReconstructionWeights.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value).ToArray(),
                KlWeight = t.KlWeight,
            },
            Epoch = Epoch,
            BestValidationLoss = BestValidationLoss,
            Weights = _weights.ToDto(),
            OptimizerState = OptimizerState,
        };
        FramedFile.Write(path, Magic, FormatVersion, body);
    }

    /// <summary>Reads a checkpoint; a truncated, corrupted, foreign, wrong-version or wrong-architecture file, or one of
    /// another kind than <paramref name="expected"/> (when given), throws <see cref="InvalidDataException"/> saying which.</summary>
    public static BaselineCheckpoint Load(string path, BaselineKind? expected = null)
    {
        var body = FramedFile.Read<BaselineCheckpointBodyDto>(path, Magic, FormatVersion, What);
        BaselineCheckpoint checkpoint;
        try
        {
            var model = (body.Model ?? throw new InvalidDataException("the model options are missing")).ToOptions();
            var t = body.Training ?? throw new InvalidDataException("the training options are missing");
            if (!Enum.IsDefined((BaselineKind)t.Kind)) throw new InvalidDataException($"unknown baseline kind {t.Kind}");
            if (t.WeightNames.Length != t.WeightValues.Length) throw new InvalidDataException("the reconstruction weights' names and values differ in number");
            var training = new BaselineTrainingOptions
            {
                Kind = (BaselineKind)t.Kind, Model = model, Epochs = t.Epochs, BatchSize = t.BatchSize, LearningRate = t.LearningRate,
                ValidationFraction = t.ValidationFraction, Seed = t.Seed, RetrievalSamples = t.RetrievalSamples,
                ReconstructionWeights = t.WeightNames.Zip(t.WeightValues).ToDictionary(p => p.First, p => p.Second), KlWeight = t.KlWeight,
            }.Validated();
            checkpoint = new BaselineCheckpoint(ModalityDto.ToSpec(body.Modalities),
                DatasetFile.FromDto(body.Dataset ?? throw new InvalidDataException("the dataset header is missing")),
                training, body.Epoch, body.BestValidationLoss, StoredWeights.FromDto(body.Weights), body.OptimizerState);
            using var check = checkpoint.CreateModel();
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            throw new InvalidDataException($"'{path}' is not a valid {What}: {e.Message}", e);
        }
        if (expected is BaselineKind kind && kind != checkpoint.Kind)
            throw new InvalidDataException($"'{path}' is a {Describe(checkpoint.Kind)} checkpoint, but a {Describe(kind)} one is needed.");
        return checkpoint;
    }

    /// <summary>True when both checkpoints hold the same kind, architecture, epoch and bit-identical weights.</summary>
    public bool WeightsEqual(BaselineCheckpoint other) =>
        Kind == other.Kind && Model.Equals(other.Model) && Spec.Equals(other.Spec) && Epoch == other.Epoch && _weights.BitEqual(other._weights);
}
