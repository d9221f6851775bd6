using GmcRL.Envs;
using GmcRL.Representation.Gmc;
using static TorchSharp.torch;

namespace GmcRL.Representation.Baselines;

/// <summary>
/// A learned baseline representation: encoders of GMC's sizes plus decoders, trained to reconstruct the modalities.
/// Inputs are float tensors [B, ...modality shape], one per modality, holding the elements' values (binary images as
/// 0/1); a missing modality's input is zeros.
/// </summary>
public abstract class BaselineModel : nn.Module
{
    private protected BaselineModel(string name, ObservationSpec spec, BaselineTrainingOptions options) : base(name)
    {
        Spec = spec;
        Options = options.Validated();
    }

    /// <summary>Which baseline this is.</summary>
    public BaselineKind Kind => Options.Kind;

    /// <summary>The modalities the model reads.</summary>
    public ObservationSpec Spec { get; }

    /// <summary>The options it was made with (sizes, reconstruction and KL weights).</summary>
    public BaselineTrainingOptions Options { get; }

    /// <summary>Size of a latent.</summary>
    public int LatentDim => Options.Model.LatentDim;

    /// <summary>The features a controller sees, [B, latent]: the latent of observations whose present modalities are
    /// marked in <paramref name="presence"/> ([B, M], 1 present, 0 missing); missing inputs are zeros.</summary>
    public abstract Tensor Features(IReadOnlyList<Tensor> inputs, Tensor presence);

    /// <summary>The training loss of a batch of complete observations (mean over the batch); sampling noise, if the
    /// model needs any, is drawn from <paramref name="noise"/>.</summary>
    public abstract Tensor Loss(IReadOnlyList<Tensor> inputs, Generator noise);

    /// <summary>The held-out loss of a batch, without sampling noise (deterministic), and the L2-normalised latents of
    /// the complete observations and of each modality alone, for the alignment metrics.</summary>
    public abstract (Tensor Loss, Tensor Complete, Tensor[] Singles) Validate(IReadOnlyList<Tensor> inputs);

    /// <summary>True for parameters used to encode (the rest decode and are only needed for training).</summary>
    public static bool IsEncoderParameter(string name) => !name.StartsWith("decoders.", StringComparison.Ordinal);

    /// <summary>Number of scalar parameters.</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <summary>Number of scalar parameters used to encode (what a controller runs at control time).</summary>
    public long EncoderParameterCount => named_parameters().Where(p => IsEncoderParameter(p.name)).Sum(p => p.parameter.numel());

    /// <summary>A model of <paramref name="options"/>' kind for <paramref name="spec"/>, initialised from <paramref name="seed"/>.</summary>
    public static BaselineModel Create(ObservationSpec spec, BaselineTrainingOptions options, int seed) => options.Kind switch
    {
        BaselineKind.FusionAutoencoder => new FusionAutoencoder(spec, options, seed),
        BaselineKind.Mvae => new Mvae(spec, options, seed),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Kind, "unknown baseline"),
    };

    /// <summary>PyTorch's default initialisation (uniform in ±1/sqrt(fan_in)) of every Linear, Conv2d and ConvTranspose2d,
    /// from <paramref name="seed"/>, as <see cref="GmcModel"/> does.</summary>
    private protected void Initialize(int seed) => GmcModel.InitializeUniform(this, seed);
}
