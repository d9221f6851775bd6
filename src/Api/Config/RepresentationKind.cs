namespace GmcRL.Config;

/// <summary>The representation a run's agent learns on (config key <c>representation</c>).</summary>
public enum RepresentationKind
{
    /// <summary>GMC's frozen latent.</summary>
    Gmc,

    /// <summary>The fusion autoencoder baseline (missing modalities filled with zeros, in the space its encoder reads).</summary>
    FusionAe,

    /// <summary>The MVAE baseline (product of experts over the modalities present).</summary>
    Mvae,

    /// <summary>The environment's true state: the upper bound, unaffected by missing modalities.</summary>
    TrueState,
}
