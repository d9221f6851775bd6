using System.Runtime.InteropServices;
using GmcRL.Envs;
using GmcRL.Envs.Pendulum;
using GmcRL.Representation.Data;
using GmcRL.Representation.Gmc;
using GmcRL.Representation.Storage;
using static TorchSharp.torch;

namespace GmcRL.Representation.Training;

/// <summary>
/// Everything needed to encode later or to resume pretraining: the format version, the model's sizes and modality
/// specs, the dataset's header (environment settings and sound normalisation constants), the training options, the
/// epoch, the weights, and Adam's state. Files use the framing of <see cref="DatasetFile"/> (MessagePack, SHA-256,
/// atomic writes, untrusted-data reads).
/// </summary>
public sealed class GmcCheckpoint
{
    /// <summary>The format version this build writes and reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>The conventional file extension.</summary>
    public const string Extension = ".gmc";

    private const string Magic = "gmcrl-gmc-checkpoint";
    private const string What = "GMC checkpoint";

    private readonly IReadOnlyList<(string Name, long[] Shape, float[] Values)> _weights;

    private GmcCheckpoint(GmcModelOptions model, ObservationSpec spec, DatasetHeader dataset, GmcTrainingOptions training,
        int epoch, double bestValidationLoss, IReadOnlyList<(string, long[], float[])> weights, byte[]? optimizerState)
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

    /// <summary>A checkpoint of <paramref name="model"/>'s current weights.</summary>
    public static GmcCheckpoint Capture(GmcModel model, DatasetHeader dataset, GmcTrainingOptions training, int epoch,
        double bestValidationLoss, byte[]? optimizerState = null)
    {
        var weights = new List<(string, long[], float[])>();
        using var scope = NewDisposeScope();
        foreach (var (name, p) in model.named_parameters())
        {
            var values = p.detach().cpu().contiguous();
            weights.Add((name, p.shape, values.data<float>().ToArray()));
        }
        return new GmcCheckpoint(model.Options, model.Spec, dataset, training, epoch, bestValidationLoss, weights, optimizerState);
    }

    /// <summary>A model of this checkpoint's architecture with its weights. Throws <see cref="InvalidDataException"/>
    /// when the stored weights do not fit the stored architecture.</summary>
    public GmcModel CreateModel()
    {
        var model = new GmcModel(Spec, Model, seed: 0);
        try
        {
            LoadInto(model);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Copies the weights into <paramref name="model"/>, whose architecture must match exactly.</summary>
    public void LoadInto(GmcModel model)
    {
        var parameters = model.named_parameters().ToList();
        var stored = _weights.Select(w => w.Name).ToHashSet();
        var missing = parameters.Select(p => p.name).Where(n => !stored.Contains(n)).ToList();
        var extra = _weights.Select(w => w.Name).Except(parameters.Select(p => p.name)).ToList();
        if (missing.Count > 0 || extra.Count > 0)
            throw new InvalidDataException($"Checkpoint architecture mismatch: missing parameters [{string.Join(", ", missing)}], unexpected [{string.Join(", ", extra)}].");
        var byName = _weights.ToDictionary(w => w.Name);
        using var noGrad = no_grad();
        foreach (var (name, p) in parameters)
        {
            var w = byName[name];
            if (!w.Shape.SequenceEqual(p.shape))
                throw new InvalidDataException($"Checkpoint architecture mismatch: parameter '{name}' has shape [{string.Join(", ", w.Shape)}] in the file but [{string.Join(", ", p.shape)}] in the model.");
            using var source = tensor(w.Values, w.Shape);
            p.copy_(source);
        }
    }

    /// <summary>Writes the checkpoint atomically.</summary>
    public void Save(string path)
    {
        var body = new CheckpointBodyDto
        {
            Model = new ModelOptionsDto
            {
                CommonDim = Model.CommonDim, LatentDim = Model.LatentDim, HeadHidden = Model.HeadHidden,
                ConvChannels1 = Model.ConvChannels1, ConvChannels2 = Model.ConvChannels2, MlpHidden = Model.MlpHidden.ToArray(),
            },
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
            Weights = _weights.Select(w => new WeightDto
            {
                Name = w.Name, Shape = w.Shape, Values = MemoryMarshal.AsBytes(w.Values.AsSpan()).ToArray(),
            }).ToArray(),
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
            var m = body.Model ?? throw new InvalidDataException("the model options are missing");
            var model = new GmcModelOptions
            {
                CommonDim = m.CommonDim, LatentDim = m.LatentDim, HeadHidden = m.HeadHidden,
                ConvChannels1 = m.ConvChannels1, ConvChannels2 = m.ConvChannels2, MlpHidden = m.MlpHidden,
            }.Validated();
            var t = body.Training ?? throw new InvalidDataException("the training options are missing");
            var training = new GmcTrainingOptions
            {
                Model = model, Epochs = t.Epochs, BatchSize = t.BatchSize, LearningRate = t.LearningRate, Temperature = t.Temperature,
                Loss = (GmcLossKind)t.Loss, ValidationFraction = t.ValidationFraction, Seed = t.Seed, RetrievalSamples = t.RetrievalSamples,
            }.Validated();
            var weights = body.Weights.Select(w =>
            {
                long count = w.Shape.Aggregate(1L, (a, b) => b < 0 ? throw new InvalidDataException($"parameter '{w.Name}' has a negative dimension") : a * b);
                if (w.Values.LongLength != count * sizeof(float))
                    throw new InvalidDataException($"parameter '{w.Name}' holds {w.Values.LongLength} bytes, expected {count * sizeof(float)}");
                return (w.Name, w.Shape, MemoryMarshal.Cast<byte, float>(w.Values).ToArray());
            }).ToList();
            var checkpoint = new GmcCheckpoint(model, ModalityDto.ToSpec(body.Modalities),
                DatasetFile.FromDto(body.Dataset ?? throw new InvalidDataException("the dataset header is missing")),
                training, body.Epoch, body.BestValidationLoss, weights, body.OptimizerState);
            checkpoint.CheckArchitecture();
            return checkpoint;
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            throw new InvalidDataException($"'{path}' is not a valid {What}: {e.Message}", e);
        }
    }

    // Builds the stored architecture and checks that every weight fits it.
    private void CheckArchitecture()
    {
        using var model = new GmcModel(Spec, Model, seed: 0);
        LoadInto(model);
    }

    /// <summary>True when both checkpoints hold the same architecture, epoch and bit-identical weights.</summary>
    public bool WeightsEqual(GmcCheckpoint other) =>
        Model.Equals(other.Model) && Spec.Equals(other.Spec) && _weights.Count == other._weights.Count &&
        _weights.Zip(other._weights).All(p => p.First.Name == p.Second.Name && p.First.Shape.SequenceEqual(p.Second.Shape) &&
            MemoryMarshal.AsBytes(p.First.Values.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(p.Second.Values.AsSpan())));
}
