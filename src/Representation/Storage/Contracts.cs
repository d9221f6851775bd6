using GmcRL.Envs;
using GmcRL.Envs.Pendulum;
using GmcRL.Representation.Gmc;
using MessagePack;

namespace GmcRL.Representation.Storage;

// MessagePack contracts of the file formats. Keys are the format: changing one needs a format version bump.

[MessagePackObject]
internal sealed class ModalityDto
{
    [Key(0)] public string Name { get; set; } = "";
    [Key(1)] public int[] Shape { get; set; } = [];
    [Key(2)] public int ElementType { get; set; }
    [Key(3)] public double Low { get; set; }
    [Key(4)] public double High { get; set; }

    public static ModalityDto[] From(ObservationSpec spec) => spec.Modalities.Select(m => new ModalityDto
    {
        Name = m.Name, Shape = m.Shape.ToArray(), ElementType = (int)m.ElementType, Low = m.Low, High = m.High,
    }).ToArray();

    public static ObservationSpec ToSpec(ModalityDto[]? modalities)
    {
        if (modalities is null || modalities.Length == 0) throw new InvalidDataException("the file names no modalities");
        return new ObservationSpec(modalities.Select(m =>
        {
            if (!Enum.IsDefined((ElementType)m.ElementType)) throw new InvalidDataException($"modality '{m.Name}' has unknown element type {m.ElementType}");
            return new ModalitySpec(m.Name, m.Shape, (ElementType)m.ElementType, m.Low, m.High);
        }).ToArray());
    }
}

[MessagePackObject]
internal sealed class PendulumSettingsDto
{
    [Key(0)] public double Gravity { get; set; }
    [Key(1)] public double Mass { get; set; }
    [Key(2)] public double Length { get; set; }
    [Key(3)] public double Dt { get; set; }
    [Key(4)] public double MaxTorque { get; set; }
    [Key(5)] public double MaxSpeed { get; set; }
    [Key(6)] public double EmittedFrequency { get; set; }
    [Key(7)] public double SpeedOfSound { get; set; }
    [Key(8)] public string[] ReceiverNames { get; set; } = [];
    [Key(9)] public double[] ReceiverX { get; set; } = [];
    [Key(10)] public double[] ReceiverY { get; set; } = [];
    /// <summary>FrequencyMin, FrequencyMax, AmplitudeMin, AmplitudeMax; null when none.</summary>
    [Key(11)] public double[]? SoundNormalization { get; set; }

    public static PendulumSettingsDto From(MultimodalPendulumSettings s) => new()
    {
        Gravity = s.Physics.Gravity, Mass = s.Physics.Mass, Length = s.Physics.Length, Dt = s.Physics.Dt,
        MaxTorque = s.Physics.MaxTorque, MaxSpeed = s.Physics.MaxSpeed,
        EmittedFrequency = s.Sound.EmittedFrequency, SpeedOfSound = s.Sound.SpeedOfSound,
        ReceiverNames = s.Sound.Receivers.Select(r => r.Name).ToArray(),
        ReceiverX = s.Sound.Receivers.Select(r => r.X).ToArray(),
        ReceiverY = s.Sound.Receivers.Select(r => r.Y).ToArray(),
        SoundNormalization = s.SoundNormalization is { } n ? [n.FrequencyMin, n.FrequencyMax, n.AmplitudeMin, n.AmplitudeMax] : null,
    };

    public MultimodalPendulumSettings ToSettings()
    {
        if (ReceiverX.Length != ReceiverNames.Length || ReceiverY.Length != ReceiverNames.Length)
            throw new InvalidDataException("the receivers' names and positions differ in number");
        if (SoundNormalization is { Length: not 4 }) throw new InvalidDataException("the sound normalisation needs 4 numbers");
        try
        {
            return new MultimodalPendulumSettings
            {
                Physics = new PendulumSettings { Gravity = Gravity, Mass = Mass, Length = Length, Dt = Dt, MaxTorque = MaxTorque, MaxSpeed = MaxSpeed },
                Sound = new PendulumSound
                {
                    EmittedFrequency = EmittedFrequency, SpeedOfSound = SpeedOfSound,
                    Receivers = ReceiverNames.Select((n, i) => new Receiver(n, ReceiverX[i], ReceiverY[i])).ToArray(),
                },
                SoundNormalization = SoundNormalization is { } v ? new SoundNormalization(v[0], v[1], v[2], v[3]) : null,
            }.Validated();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"invalid environment settings: {e.Message}", e);
        }
    }
}

[MessagePackObject]
internal sealed class DatasetHeaderDto
{
    [Key(0)] public string Environment { get; set; } = "";
    [Key(1)] public PendulumSettingsDto? Settings { get; set; }
    [Key(2)] public int FrameStack { get; set; }
    [Key(3)] public int? EpisodeLength { get; set; }
    [Key(4)] public int Seed { get; set; }
    [Key(5)] public int Count { get; set; }
    [Key(6)] public ModalityDto[]? Modalities { get; set; }
    [Key(7)] public int ActionSize { get; set; }
    [Key(8)] public int StateSize { get; set; }
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
}

[MessagePackObject]
internal sealed class DatasetBodyDto
{
    [Key(0)] public DatasetHeaderDto? Header { get; set; }
    [Key(1)] public int[] Storage { get; set; } = [];
    [Key(2)] public byte[][] Observations { get; set; } = [];
    [Key(3)] public byte[][] NextObservations { get; set; } = [];
    [Key(4)] public byte[] Actions { get; set; } = [];
    [Key(5)] public byte[] Rewards { get; set; } = [];
    [Key(6)] public byte[] Terminated { get; set; } = [];
    [Key(7)] public byte[] Truncated { get; set; } = [];
    [Key(8)] public byte[] States { get; set; } = [];
}

[MessagePackObject]
internal sealed class ModelOptionsDto
{
    [Key(0)] public int CommonDim { get; set; }
    [Key(1)] public int LatentDim { get; set; }
    [Key(2)] public int HeadHidden { get; set; }
    [Key(3)] public int ConvChannels1 { get; set; }
    [Key(4)] public int ConvChannels2 { get; set; }
    [Key(5)] public int[] MlpHidden { get; set; } = [];
    [Key(6)] public bool StandardizeVectors { get; set; }

    public static ModelOptionsDto From(GmcModelOptions m) => new()
    {
        CommonDim = m.CommonDim, LatentDim = m.LatentDim, HeadHidden = m.HeadHidden,
        ConvChannels1 = m.ConvChannels1, ConvChannels2 = m.ConvChannels2, MlpHidden = m.MlpHidden.ToArray(),
        StandardizeVectors = m.StandardizeVectors,
    };

    public GmcModelOptions ToOptions() => new GmcModelOptions
    {
        CommonDim = CommonDim, LatentDim = LatentDim, HeadHidden = HeadHidden,
        ConvChannels1 = ConvChannels1, ConvChannels2 = ConvChannels2, MlpHidden = MlpHidden,
        StandardizeVectors = StandardizeVectors,
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
    [Key(1)] public long[] Shape { get; set; } = [];
    /// <summary>Little-endian float32 values, row-major.</summary>
    [Key(2)] public byte[] Values { get; set; } = [];
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
    [Key(6)] public WeightDto[] Weights { get; set; } = [];
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
    [Key(7)] public string[] WeightNames { get; set; } = [];
    [Key(8)] public double[] WeightValues { get; set; } = [];
    [Key(9)] public double KlWeight { get; set; }
}
