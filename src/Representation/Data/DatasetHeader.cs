using GmcRL.Envs;
using GmcRL.Envs.Pendulum;

namespace GmcRL.Representation.Data;

/// <summary>What a <see cref="MultimodalDataset"/> holds and how it was made: the environment and its settings, the
/// stacked modality specs, the collection's seed and episode length, and the sound normalisation statistics.</summary>
/// <param name="Environment">The environment's name, e.g. "MultimodalPendulum".</param>
/// <param name="Settings">The environment's settings, with <see cref="MultimodalPendulumSettings.SoundNormalization"/> set
/// to the dataset's statistics: an environment made with them observes on the dataset's scale.</param>
/// <param name="FrameStack">Frames stacked per observation.</param>
/// <param name="EpisodeLength">Steps per episode (reset every K steps), or null for one long run without resets.</param>
/// <param name="Seed">The collection's seed.</param>
/// <param name="Count">Number of samples.</param>
/// <param name="Spec">The stacked observations' modalities.</param>
/// <param name="ActionSize">Elements per action.</param>
/// <param name="StateSize">Elements of the true state stored per sample (for the pendulum: theta, theta_dot).</param>
public sealed record DatasetHeader(
    string Environment, MultimodalPendulumSettings Settings, int FrameStack, int? EpisodeLength, int Seed, int Count,
    ObservationSpec Spec, int ActionSize, int StateSize)
{
    /// <summary>The sound normalisation statistics of the data (min/max of raw frequencies and amplitudes).</summary>
    public SoundNormalization? SoundNormalization => Settings.SoundNormalization;
}
