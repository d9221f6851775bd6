using System.Runtime.InteropServices;
using GmcRL.Envs;
using GmcRL.Envs.Registry;
using GmcRL.Representation.Data;
using GmcRL.Representation.Gmc;
using GmcRL.Representation.Formats;
using GmcRL.Storage;
using static TorchSharp.torch;

namespace GmcRL.Representation.Training;

/// <summary>
/// What every representation's pretraining checkpoint holds, enough to encode later or to resume: the model's sizes and
/// modality specs, the dataset's header (environment id and calibration constants), the training options,
/// the epoch, the best validation loss, the weights and Adam's state. Files are <see cref="FramedFile"/>s
/// (MessagePack, SHA-256, atomic writes, untrusted-data reads) with each kind's own magic and format version, so that
/// one kind is never read as another. A kind adds only its training options and how its model is made.
/// </summary>
/// <typeparam name="TModel">The model the checkpoint restores.</typeparam>
/// <typeparam name="TTraining">The options it was trained with.</typeparam>
public abstract class RepresentationCheckpoint<TModel, TTraining> : ISavedCheckpoint
    where TModel : nn.Module
{
    private protected RepresentationCheckpoint(Envelope envelope, TTraining training)
    {
        Model = envelope.Model;
        Spec = envelope.Spec;
        Dataset = envelope.Dataset;
        Epoch = envelope.Epoch;
        BestValidationLoss = envelope.BestValidationLoss;
        Weights = envelope.Weights;
        OptimizerState = envelope.OptimizerState;
        Training = training;
    }

    /// <summary>The largest checkpoint file of any kind that is read: 1 GiB, about 90 million parameters with their
    /// Adam state, far more than any representation of GmcRL.</summary>
    private protected const long MaxFileBytes = 1L << 30;

    /// <summary>The model's sizes.</summary>
    public GmcModelOptions Model { get; }

    /// <summary>The modalities the model encodes.</summary>
    public ObservationSpec Spec { get; }

    /// <summary>The header of the dataset the model was trained on (environment, calibration).</summary>
    public DatasetHeader Dataset { get; }

    /// <summary>The calibration constants to observe with at control time.</summary>
    public Calibration? Calibration => Dataset.Calibration;

    /// <summary>The options the model was trained with.</summary>
    public TTraining Training { get; }

    /// <summary>Completed epochs.</summary>
    public int Epoch { get; }

    /// <summary>The best validation loss seen up to <see cref="Epoch"/>.</summary>
    public double BestValidationLoss { get; }

    /// <summary>Adam's state, as TorchSharp serialises it; null in checkpoints made only for encoding.</summary>
    internal byte[]? OptimizerState { get; }

    /// <summary>Number of stored tensors (parameters and buffers).</summary>
    public int WeightCount => Weights.Count;

    /// <summary>Number of scalar parameters of the model.</summary>
    public long ParameterCount => Weights.ParameterCount();

    private protected StoredWeights Weights { get; }

    /// <summary>A model of this checkpoint's architecture with its weights. Throws <see cref="InvalidDataException"/>
    /// when the stored weights do not fit the stored architecture.</summary>
    public TModel CreateModel() => Weights.CreateLoaded(NewModel);

    /// <summary>Copies the weights into <paramref name="model"/>, whose architecture must match exactly.</summary>
    public virtual void LoadInto(TModel model) => Weights.LoadInto(model);

    /// <summary>Writes the checkpoint atomically.</summary>
    public abstract void Save(string path);

    /// <summary>True when both checkpoints are of the same kind and hold the same architecture, epoch and bit-identical
    /// weights.</summary>
    public bool WeightsEqual(RepresentationCheckpoint<TModel, TTraining> other) =>
        GetType() == other.GetType() && Model.Equals(other.Model) && Spec.Equals(other.Spec) && Epoch == other.Epoch &&
        Weights.BitEqual(other.Weights);

    /// <summary>A freshly initialised model of this checkpoint's architecture (the weights are loaded into it).</summary>
    private protected abstract TModel NewModel();

    /// <summary>Everything a checkpoint holds but its training options.</summary>
    private protected sealed record Envelope(GmcModelOptions Model, ObservationSpec Spec, DatasetHeader Dataset, int Epoch,
        double BestValidationLoss, StoredWeights Weights, byte[]? OptimizerState)
    {
        public static Envelope Of(nn.Module model, GmcModelOptions options, ObservationSpec spec, DatasetHeader dataset, int epoch,
            double bestValidationLoss, byte[]? optimizerState) =>
            new(options, spec, dataset, epoch, bestValidationLoss, StoredWeights.Capture(model), optimizerState);
    }

    /// <summary>Writes this checkpoint with <paramref name="training"/>, the kind's form of its training options.</summary>
    private protected void Write<TTrainingDto>(string path, FramedFile format, TTrainingDto training) where TTrainingDto : class =>
        format.WriteObject(path, new CheckpointBodyDto<TTrainingDto>
        {
            Model = ModelOptionsDto.From(Model),
            Modalities = ModalityDto.From(Spec),
            Dataset = DatasetFile.ToDto(Dataset),
            Training = training,
            Epoch = Epoch,
            BestValidationLoss = BestValidationLoss,
            Weights = Weights.ToDto(),
            OptimizerState = OptimizerState,
        });

    /// <summary>Reads a checkpoint written by <see cref="Write"/>; <paramref name="create"/> makes the kind's checkpoint
    /// from the envelope and the stored training options. A truncated, corrupted, foreign, wrong-version or
    /// wrong-architecture file throws <see cref="InvalidDataException"/> saying which, and so does a body whose checksum
    /// is right but whose parts disagree: sizes that do not fit the weights, a negative epoch, an optimizer state that
    /// does not load.</summary>
    private protected static TCheckpoint Read<TCheckpoint, TTrainingDto>(string path, FramedFile format,
        Func<Envelope, TTrainingDto, TCheckpoint> create)
        where TCheckpoint : RepresentationCheckpoint<TModel, TTraining>
        where TTrainingDto : class
    {
        var body = format.ReadObject<CheckpointBodyDto<TTrainingDto>>(path);
        try
        {
            var weights = StoredWeights.FromDto(body.Weights);
            var model = (body.Model ?? throw new InvalidDataException("the model options are missing")).ToOptions();
            RequireWidthsWithin(model, weights.ValueCount);
            if (body.Epoch < 0) throw new InvalidDataException($"its epoch is {body.Epoch}");
            var envelope = new Envelope(model, ModalityDto.ToSpec(body.Modalities),
                DatasetFile.FromDto(body.Dataset ?? throw new InvalidDataException("the dataset header is missing")),
                body.Epoch, body.BestValidationLoss, weights, body.OptimizerState);
            var checkpoint = create(envelope, body.Training ?? throw new InvalidDataException("the training options are missing"));
            using var check = checkpoint.CreateModel(); // every weight must fit the stored architecture
            if (body.OptimizerState is { } state) RequireOptimizerState(check, state);
            return checkpoint;
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            throw new InvalidDataException($"'{path}' is not a valid {format.Kind}: {e.Message}", e);
        }
        catch (ExternalException e) // libtorch could not make the model, such as one too large to allocate
        {
            throw new InvalidDataException($"'{path}' is not a valid {format.Kind}: its model cannot be made from the sizes it declares ({e.Message.Split('\n')[0]})", e);
        }
    }

    // Every width a model uses is a dimension of one of its stored tensors, so no width can exceed the number of stored
    // values: an edited size is refused before a model of that size is allocated.
    private static void RequireWidthsWithin(GmcModelOptions model, long storedValues)
    {
        int widest = new[] { model.CommonDim, model.LatentDim, model.HeadHidden, model.ConvChannels1, model.ConvChannels2 }.Concat(model.MlpHidden).Max();
        if (widest > storedValues)
            throw new InvalidDataException($"its model declares a layer {widest:N0} wide, but its weights hold only {storedValues:N0} values");
    }

    // Adam's state must load into an optimizer of the model, as it will when pretraining resumes: a damaged one is found
    // now, with the file's name, and not at the resumption.
    private static void RequireOptimizerState(TModel model, byte[] state)
    {
        using var optimizer = optim.Adam(model.parameters());
        using var reader = new BinaryReader(new MemoryStream(state, writable: false));
        try
        {
            optimizer.load_state_dict(reader);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or IOException or ExternalException)
        {
            throw new InvalidDataException($"its optimizer state is damaged ({e.Message.Split('\n')[0]})", e);
        }
        if (reader.BaseStream.Position != state.Length)
            throw new InvalidDataException($"its optimizer state is damaged ({state.Length - reader.BaseStream.Position:N0} unexpected bytes at its end)");
    }
}
