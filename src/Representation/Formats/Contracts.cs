using GmcRL.Envs;
using GmcRL.Envs.Registry;
using GmcRL.Representation.Gmc;
using MessagePack;

namespace GmcRL.Representation.Formats;

// MessagePack contracts of the file formats. Keys are the format: changing one needs a format version bump. An array
// that a file holds as nil reads as an empty one, which then fails the checks of its length: no reader meets a null.

[MessagePackObject]
internal sealed class ModalityDto
{
    [Key(0)] public string Name { get; set; } = "";
    [Key(1)] public int[] Shape { get; set => field = value ?? []; } = [];
    [Key(2)] public int ElementType { get; set; }
    [Key(3)] public double Low { get; set; }
    [Key(4)] public double High { get; set; }
    [Key(5)] public int Kind { get; set; }
    [Key(6)] public int Levels { get; set; }

    public static ModalityDto[] From(ObservationSpec spec) => spec.Modalities.Select(m => new ModalityDto
    {
        Name = m.Name, Shape = m.Shape.ToArray(), ElementType = (int)m.ElementType, Low = m.Low, High = m.High, Kind = (int)m.Kind, Levels = m.Levels,
    }).ToArray();

    public static ObservationSpec ToSpec(ModalityDto[]? modalities)
    {
        if (modalities is null || modalities.Length == 0) throw new InvalidDataException("the file names no modalities");
        return new ObservationSpec(modalities.Select((m, i) =>
        {
            if (m is null) throw new InvalidDataException($"modality {i} is empty");
            if (!Enum.IsDefined((ElementType)m.ElementType)) throw new InvalidDataException($"modality '{m.Name}' has unknown element type {m.ElementType}");
            if (!Enum.IsDefined((ModalityKind)m.Kind)) throw new InvalidDataException($"modality '{m.Name}' has unknown kind {m.Kind}");
            try { return new ModalitySpec(m.Name, m.Shape, (ElementType)m.ElementType, m.Low, m.High, (ModalityKind)m.Kind, m.Levels); }
            catch (ArgumentException e) { throw new InvalidDataException(e.Message, e); }
        }).ToArray());
    }
}

[MessagePackObject]
internal sealed class DatasetHeaderDto
{
    [Key(0)] public string Environment { get; set; } = "";
    [Key(1)] public CalibrationDto? Calibration { get; set; }
    [Key(2)] public int FrameStack { get; set; }
    [Key(3)] public int? EpisodeLength { get; set; }
    [Key(4)] public int Seed { get; set; }
    [Key(5)] public int Count { get; set; }
    [Key(6)] public ModalityDto[]? Modalities { get; set; }
    [Key(7)] public int ActionSize { get; set; }
    [Key(8)] public int StateSize { get; set; }
}

[MessagePackObject]
internal sealed class CalibrationDto
{
    [Key(0)] public string[] Names { get; set => field = value ?? []; } = [];
    [Key(1)] public double[] Values { get; set => field = value ?? []; } = [];

    public static CalibrationDto? From(Calibration? c) => c is null ? null : new()
    {
        Names = c.Constants.Keys.ToArray(), Values = c.Constants.Values.ToArray(),
    };

    public Calibration ToCalibration()
    {
        if (Names.Length != Values.Length) throw new InvalidDataException("the calibration's names and values differ in number");
        try
        {
            return new Calibration(Names.Zip(Values, KeyValuePair.Create));
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"invalid calibration: {e.Message}", e);
        }
    }
}

/// <summary>How one modality column is stored.</summary>
internal enum ColumnStorage
{
    /// <summary>0/1 bytes packed eight to a byte.</summary>
    Bits = 0,

    /// <summary>One byte per element.</summary>
    Bytes = 1,

    /// <summary>Little-endian float32.</summary>
    Float32 = 2,

    /// <summary>A quantised float modality's level numbers (see <see cref="GmcRL.Envs.ModalitySpec.Levels"/>), as
    /// little-endian 16-bit integers.</summary>
    Levels16 = 3,
}

[MessagePackObject]
internal sealed class DatasetBodyDto
{
    [Key(0)] public DatasetHeaderDto? Header { get; set; }
    [Key(1)] public int[] Storage { get; set => field = value ?? []; } = [];
    [Key(2)] public byte[][] Observations { get; set => field = value ?? []; } = [];
    [Key(3)] public byte[][] NextObservations { get; set => field = value ?? []; } = [];
    [Key(4)] public byte[] Actions { get; set => field = value ?? []; } = [];
    [Key(5)] public byte[] Rewards { get; set => field = value ?? []; } = [];
    [Key(6)] public byte[] Terminated { get; set => field = value ?? []; } = [];
    [Key(7)] public byte[] Truncated { get; set => field = value ?? []; } = [];
    [Key(8)] public byte[] States { get; set => field = value ?? []; } = [];
}

[MessagePackObject]
internal sealed class ModelOptionsDto
{
    [Key(0)] public int CommonDim { get; set; }
    [Key(1)] public int LatentDim { get; set; }
    [Key(2)] public int HeadHidden { get; set; }
    [Key(3)] public int ConvChannels1 { get; set; }
    [Key(4)] public int ConvChannels2 { get; set; }
    [Key(5)] public int[] MlpHidden { get; set => field = value ?? []; } = [];
    [Key(6)] public bool StandardizeVectors { get; set; }
    // 0, the waveform, when a file does not name it.
    [Key(7)] public int SignalFeatures { get; set; }

    public static ModelOptionsDto From(GmcModelOptions m) => new()
    {
        CommonDim = m.CommonDim, LatentDim = m.LatentDim, HeadHidden = m.HeadHidden,
        ConvChannels1 = m.ConvChannels1, ConvChannels2 = m.ConvChannels2, MlpHidden = m.MlpHidden.ToArray(),
        StandardizeVectors = m.StandardizeVectors, SignalFeatures = (int)m.SignalFeatures,
    };

    public GmcModelOptions ToOptions() => new GmcModelOptions
    {
        CommonDim = CommonDim, LatentDim = LatentDim, HeadHidden = HeadHidden,
        ConvChannels1 = ConvChannels1, ConvChannels2 = ConvChannels2, MlpHidden = MlpHidden,
        StandardizeVectors = StandardizeVectors, SignalFeatures = (GmcRL.Representation.Gmc.SignalFeatures)SignalFeatures,
    }.Validated();
}

[MessagePackObject]
internal sealed class TrainingOptionsDto
{
    [Key(0)] public int Epochs { get; set; }
    [Key(1)] public int BatchSize { get; set; }
    [Key(2)] public double LearningRate { get; set; }
    [Key(3)] public double Temperature { get; set; }
    [Key(4)] public int Loss { get; set; }
    [Key(5)] public double ValidationFraction { get; set; }
    [Key(6)] public int Seed { get; set; }
    [Key(7)] public int RetrievalSamples { get; set; }
}

[MessagePackObject]
internal sealed class WeightDto
{
    [Key(0)] public string Name { get; set; } = "";
    [Key(1)] public long[] Shape { get; set => field = value ?? []; } = [];
    /// <summary>Little-endian float32 values, row-major.</summary>
    [Key(2)] public byte[] Values { get; set => field = value ?? []; } = [];
    /// <summary>A buffer (fixed constants such as an input standardisation), not a trained parameter.</summary>
    [Key(3)] public bool Buffer { get; set; }
}

/// <summary>A representation checkpoint's body; <typeparamref name="TTraining"/> is the kind's training options
/// (<see cref="TrainingOptionsDto"/> for GMC, <see cref="BaselineTrainingOptionsDto"/> for a baseline).</summary>
[MessagePackObject]
internal sealed class CheckpointBodyDto<TTraining> where TTraining : class
{
    [Key(0)] public ModelOptionsDto? Model { get; set; }
    [Key(1)] public ModalityDto[]? Modalities { get; set; }
    [Key(2)] public DatasetHeaderDto? Dataset { get; set; }
    [Key(3)] public TTraining? Training { get; set; }
    [Key(4)] public int Epoch { get; set; }
    [Key(5)] public double BestValidationLoss { get; set; }
    [Key(6)] public WeightDto[] Weights { get; set => field = value ?? []; } = [];
    [Key(7)] public byte[]? OptimizerState { get; set; }
}

[MessagePackObject]
internal sealed class BaselineTrainingOptionsDto
{
    [Key(0)] public int Kind { get; set; }
    [Key(1)] public int Epochs { get; set; }
    [Key(2)] public int BatchSize { get; set; }
    [Key(3)] public double LearningRate { get; set; }
    [Key(4)] public double ValidationFraction { get; set; }
    [Key(5)] public int Seed { get; set; }
    [Key(6)] public int RetrievalSamples { get; set; }
    [Key(7)] public string[] WeightNames { get; set => field = value ?? []; } = [];
    [Key(8)] public double[] WeightValues { get; set => field = value ?? []; } = [];
    [Key(9)] public double KlWeight { get; set; }
}
