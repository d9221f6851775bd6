namespace GmcRL.Representation.Baselines;

/// <summary>The learned baseline representations GMC is compared with.</summary>
public enum BaselineKind
{
    /// <summary>A fusion autoencoder: GMC's joint encoder trained to reconstruct every modality; a missing modality is
    /// filled with zeros at test time, in the space its encoder reads (a typical fusion model without alignment).</summary>
    FusionAutoencoder,

    /// <summary>The multimodal VAE of Wu and Goodman (2018): a Gaussian expert per modality and a prior expert, joined
    /// by a product of experts over the modalities present.</summary>
    Mvae,
}
