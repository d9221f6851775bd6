using System.ComponentModel;

namespace GmcRL.Cli.Config;

/// <summary>The baselines section: what only the learned baselines need. Their schedule and sizes (epochs, batch size,
/// learning rate, held-out fraction, latent size) are the gmc section's, so that every learned representation gets
/// the same budget.</summary>
public sealed record BaselineConfig
{
    [Description("weight of the image's reconstruction error (binary cross-entropy summed over pixels; MUSE's pendulum: 1)")]
    public double ImageWeight { get; init; } = 1.0;

    [Description("weight of the sound's reconstruction error (squared error summed; MUSE's pendulum: 100)")]
    public double SoundWeight { get; init; } = 100.0;

    [Description("weight beta of the MVAE's KL term")]
    public double KlWeight { get; init; } = 1.0;
}
