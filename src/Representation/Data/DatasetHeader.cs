using GmcRL.Envs;
using GmcRL.Envs.Registry;

namespace GmcRL.Representation.Data;

/// <summary>What a <see cref="MultimodalDataset"/> holds and how it was made: the environment and the calibration its
/// observations are scaled with, the stacked modality specs, and the collection's seed and episode length.</summary>
/// <param name="Environment">The registered environment's id, e.g. "multimodal-pendulum-v1".</param>
/// <param name="Calibration">The constants the observations were scaled with (fitted to this data); an environment made
/// with them observes on the dataset's scale. Null when the environment needs no fitting.</param>
/// <param name="FrameStack">Frames stacked per observation.</param>
/// <param name="EpisodeLength">Steps per episode (reset every K steps), or null for one long run without resets.</param>
/// <param name="Seed">The collection's seed.</param>
/// <param name="Count">Number of samples.</param>
/// <param name="Spec">The stacked observations' modalities.</param>
/// <param name="ActionSize">Elements per action (1 for a discrete action, its index).</param>
/// <param name="StateSize">Elements of the true state stored per sample (for the pendulum: theta, theta_dot).</param>
public sealed record DatasetHeader(
    string Environment, Calibration? Calibration, int FrameStack, int? EpisodeLength, int Seed, int Count,
    ObservationSpec Spec, int ActionSize, int StateSize);
