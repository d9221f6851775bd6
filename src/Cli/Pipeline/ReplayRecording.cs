using GmcRL.Agents.Evaluation;
using GmcRL.Envs;
using GmcRL.Envs.Pendulum;
using GmcRL.Replays;

namespace GmcRL.Cli.Pipeline;

/// <summary>Saves the first <see cref="PerCondition"/> evaluation episodes of every condition as replay files
/// (<c>replays/&lt;condition&gt;-&lt;episode&gt;.replay</c>), with what the agent saw, did and computed.</summary>
internal sealed class ReplayRecording<TAction>(
    string folder, string agent, int perCondition, int frames, ObservationSpec stackedSpec, MultimodalPendulumSettings settings,
    EncodedPolicy<TAction> policy, Func<TAction, float[]> torque)
    : IEpisodeRecorder<TAction>
{
    private readonly Dictionary<(string, int), ReplayRecorder> _open = [];
    private readonly ReplayVoices _voices = PendulumVoices(settings, stackedSpec);
    private readonly float[] _tones = new float[2 * settings.Sound.Receivers.Count];

    public int PerCondition => perCondition;

    public bool Records(EvaluationCondition condition, int episode) => episode < perCondition;

    public void Begin(EvaluationCondition condition, int episode, int seed)
    {
        var recorder = new ReplayRecorder();
        recorder.Begin(new ReplayHeader
        {
            Environment = "MultimodalPendulum",
            Agent = agent,
            Condition = condition.Name,
            Schedule = condition.Schedule.ToString(),
            Seed = seed,
            Episode = episode,
            Dt = settings.Physics.Dt,
            FramesPerObservation = frames,
            Modalities = ReplayHeader.FrameModalities(stackedSpec, frames),
            StateNames = ["theta", "theta_dot"],
            LatentSize = policy.FeatureSize,
            Voices = _voices,
        });
        _open[(condition.Name, episode)] = recorder;
    }

    public void Step(EvaluationCondition condition, int episode, MultimodalObservation observation, ReadOnlySpan<double> state, TAction action, int batchRow)
    {
        // The voices are the raw sound of the state (theta, theta_dot): per receiver (Hz, 1/d^2).
        settings.Sound.Compute(state[0], state[1], settings.Physics.Length, _tones);
        _open[(condition.Name, episode)].Record(observation, state, torque(action), policy.Features(batchRow), _tones);
    }

    public void Rewarded(EvaluationCondition condition, int episode, double reward) => _open[(condition.Name, episode)].Rewarded(reward);

    public void End(EvaluationCondition condition, int episode)
    {
        _open.Remove((condition.Name, episode), out var recorder);
        recorder!.Save(Path.Combine(folder, ReplayFile.Name(condition.Name, episode)));
    }

    // The pendulum's receivers as the replay's voices, following its sound modality. (To move into the environment's
    // registration, with the per-step Compute in Step, once environments are plug-ins.)
    private static ReplayVoices PendulumVoices(MultimodalPendulumSettings settings, ObservationSpec spec) => new(
        settings.Sound.Receivers.Select(r => r.Name).ToArray(), settings.Sound.EmittedFrequency,
        settings.Sound.LoudestAmplitude(settings.Physics.Length), settings.Sound.LoudestSum(settings.Physics.Length),
        spec.Modalities[MultimodalPendulum.Sound].Name);
}
