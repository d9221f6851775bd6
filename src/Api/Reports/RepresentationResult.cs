using GmcRL.Agents.Evaluation;
using GmcRL.Representation.Training;

namespace GmcRL.Reports;

/// <summary>One representation's row of a comparison.</summary>
/// <param name="Name">The representation (gmc, fusion_ae, mvae, true_state).</param>
/// <param name="Parameters">Scalar parameters of the trained model, decoders included (0 for the true state).</param>
/// <param name="EncoderParameters">Scalar parameters that run at control time.</param>
/// <param name="Epoch">The pretraining epoch of the model used (the best held-out loss); null for the true state.</param>
/// <param name="Alignment">That epoch's held-out alignment of each modality's latent with the complete one; null for the
/// true state.</param>
/// <param name="Conditions">The evaluation, one result per condition of the comparison.</param>
/// <param name="Geometry">DCA of each subset's held-out latents against the complete ones; null for the true state or
/// a run measured without it.</param>
public sealed record RepresentationResult(
    string Name, long Parameters, long EncoderParameters, int? Epoch, IReadOnlyList<ModalityAlignment>? Alignment,
    IReadOnlyList<ConditionResult> Conditions, IReadOnlyList<SubsetGeometry>? Geometry = null)
{
    /// <summary>The state probe of each set of the same held-out latents ("all" first); null without a true state, for
    /// the true state itself, or for a run measured before the probes existed.</summary>
    public IReadOnlyList<SetProbe>? StateProbes { get; init; }

    /// <summary>The latent map of the same points (latent_map.csv; not in comparison.json).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public LatentMap? Map { get; init; }
}
