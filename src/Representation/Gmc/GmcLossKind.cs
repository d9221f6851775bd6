namespace GmcRL.Representation.Gmc;

/// <summary>Which contrastive loss trains the model (docs/method.md §3).</summary>
public enum GmcLossKind
{
    /// <summary>GMC's loss: for each modality, the complete and modality latents of the batch are each other's negatives.</summary>
    Gmc,

    /// <summary>The reference's ablation: only complete-vs-complete similarities form the denominator.</summary>
    JointsAsNegatives,
}
