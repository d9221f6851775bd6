using System.ComponentModel;

namespace GmcRL.Config;

/// <summary>The baselines section: what only the learned baselines need. Their schedule and sizes (epochs, batch size,
/// learning rate, held-out fraction, latent size) are the gmc section's, so that every learned representation gets
/// the same budget.</summary>
public sealed record BaselineConfig
{
    [Description("weight of each modality's reconstruction error by modality name, a modality not named weighs 1 (binary cross-entropy summed over a binary image's pixels, squared error summed otherwise; MUSE's pendulum: {\"image\": 1, \"sound\": 100})")]
    public IReadOnlyDictionary<string, double> ReconstructionWeights { get; init; } = new Dictionary<string, double>();

    [Description("weight beta of the MVAE's KL term")]
    public double KlWeight { get; init; } = 1.0;
}
