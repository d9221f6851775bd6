using GmcRL.Representation.Data;
using GmcRL.Representation.Formats;
using GmcRL.Representation.Training;
using GmcRL.Storage;

namespace GmcRL.Representation.Baselines;

/// <summary>
/// A baseline's pretraining checkpoint (see <see cref="RepresentationCheckpoint{TModel, TTraining}"/> for what it
/// holds), with the baseline's training options and so its kind. Its own magic keeps a GMC checkpoint from being read
/// as a baseline (and the other way round); the kind is checked when a caller asks for one.
/// </summary>
public sealed class BaselineCheckpoint : RepresentationCheckpoint<BaselineModel, BaselineTrainingOptions>
{
    /// <summary>The format version this build writes and reads.</summary>
    public const int FormatVersion = 3;

    /// <summary>The conventional file extension.</summary>
    public const string Extension = ".baseline";

    private static readonly FramedFile Format = new("gmcrl-baseline-checkpoint", FormatVersion, "baseline checkpoint", MaxFileBytes);

    private BaselineCheckpoint(Envelope envelope, BaselineTrainingOptions training) : base(envelope, training)
    {
    }

    /// <summary>Which baseline.</summary>
    public BaselineKind Kind => Training.Kind;

    /// <summary>Number of scalar parameters used to encode (what runs at control time).</summary>
    public long EncoderParameterCount => Weights.ParameterCount(BaselineModel.IsEncoderParameter);

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
        new(Envelope.Of(model, model.Options.Model, model.Spec, dataset, epoch, bestValidationLoss, optimizerState), model.Options);

    /// <summary>Copies the weights into <paramref name="model"/>, whose kind and architecture must match exactly.</summary>
    public override void LoadInto(BaselineModel model)
    {
        if (model.Kind != Kind)
            throw new InvalidDataException($"This is a {Describe(Kind)} checkpoint; it cannot load into a {Describe(model.Kind)}.");
        base.LoadInto(model);
    }

    /// <inheritdoc/>
    public override void Save(string path)
    {
        var t = Training;
        Write(path, Format, new BaselineTrainingOptionsDto
        {
            Kind = (int)t.Kind, Epochs = t.Epochs, BatchSize = t.BatchSize, LearningRate = t.LearningRate,
            ValidationFraction = t.ValidationFraction, Seed = t.Seed, RetrievalSamples = t.RetrievalSamples,
            WeightNames = t.ReconstructionWeights.Keys.Order(StringComparer.Ordinal).ToArray(),
            WeightValues = t.ReconstructionWeights.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value).ToArray(),
            KlWeight = t.KlWeight,
        });
    }

    /// <summary>Reads a checkpoint; a truncated, corrupted, foreign, wrong-version or wrong-architecture file, or one of
    /// another kind than <paramref name="expected"/> (when given), throws <see cref="InvalidDataException"/> saying which.</summary>
    public static BaselineCheckpoint Load(string path, BaselineKind? expected = null)
    {
        var checkpoint = Read<BaselineCheckpoint, BaselineTrainingOptionsDto>(path, Format, (envelope, t) =>
        {
            if (!Enum.IsDefined((BaselineKind)t.Kind)) throw new InvalidDataException($"unknown baseline kind {t.Kind}");
            if (t.WeightNames.Length != t.WeightValues.Length) throw new InvalidDataException("the reconstruction weights' names and values differ in number");
            return new(envelope, new BaselineTrainingOptions
            {
                Kind = (BaselineKind)t.Kind, Model = envelope.Model, Epochs = t.Epochs, BatchSize = t.BatchSize, LearningRate = t.LearningRate,
                ValidationFraction = t.ValidationFraction, Seed = t.Seed, RetrievalSamples = t.RetrievalSamples,
                ReconstructionWeights = t.WeightNames.Zip(t.WeightValues).ToDictionary(p => p.First, p => p.Second), KlWeight = t.KlWeight,
            }.Validated());
        });
        if (expected is BaselineKind kind && kind != checkpoint.Kind)
            throw new InvalidDataException($"'{path}' is a {Describe(checkpoint.Kind)} checkpoint, but a {Describe(kind)} one is needed.");
        return checkpoint;
    }

    private protected override BaselineModel NewModel() => BaselineModel.Create(Spec, Training, seed: 0);
}
