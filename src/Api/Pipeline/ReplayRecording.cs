using GmcRL.Agents.Evaluation;
using GmcRL.Envs;
using GmcRL.Envs.Registry;
using GmcRL.Replays;

namespace GmcRL.Pipeline;

/// <summary>Saves the first <see cref="PerCondition"/> evaluation episodes of every condition as replay files
/// (<c>replays/&lt;condition&gt;-&lt;episode&gt;.replay</c>), with what the agent saw, did and computed, and the tones the
/// environment declares for its replays.</summary>
internal sealed class ReplayRecording<TAction>(
    string folder, string agent, int perCondition, int frames, ObservationSpec stackedSpec, EnvRegistration registration,
    EncodedPolicy<TAction> policy, Func<TAction, float[]> taken)
    : IEpisodeRecorder<TAction>
{
    private readonly Dictionary<(string, int), ReplayRecorder> _open = [];
    private readonly ReplayTones? _tones = registration.Replay.Sound;
    private readonly float[] _voices = new float[(registration.Replay.Sound?.Voices.Count ?? 0) * 2];
    private readonly int _stateSize = registration.TrueState?.Names.Count ?? 0;

    public int PerCondition => perCondition;

    public bool Records(EvaluationCondition condition, int episode) => episode < perCondition;

    public void Begin(EvaluationCondition condition, int episode, int seed)
    {
        var recorder = new ReplayRecorder();
        recorder.Begin(new ReplayHeader
        {
            Environment = registration.Id,
            Agent = agent,
            Condition = condition.Name,
            Schedule = condition.Schedule.ToString(),
            Seed = seed,
            Episode = episode,
            Dt = registration.Replay.StepSeconds,
            FramesPerObservation = frames,
            Modalities = ReplayHeader.FrameModalities(stackedSpec, frames),
            StateNames = registration.TrueState?.Names ?? [],
            ActionSize = registration.ActionSize,
            LatentSize = policy.FeatureSize,
            Voices = _tones is null ? null : ReplayVoices.From(_tones),
        });
        _open[(condition.Name, episode)] = recorder;
    }

    public void Step(EvaluationCondition condition, int episode, MultimodalObservation observation, ReadOnlySpan<double> state, TAction action, int batchRow)
    {
        // The replay keeps the state the environment declares (its true state's components), and the tones of it.
        var declared = state[..Math.Min(state.Length, _stateSize)];
        _tones?.Compute(declared, _voices);
        _open[(condition.Name, episode)].Record(observation, declared, taken(action), policy.Features(batchRow), _voices);
    }

    public void Rewarded(EvaluationCondition condition, int episode, double reward) => _open[(condition.Name, episode)].Rewarded(reward);

    public void End(EvaluationCondition condition, int episode)
    {
        _open.Remove((condition.Name, episode), out var recorder);
        recorder!.Save(Path.Combine(folder, ReplayFile.Name(condition.Name, episode)));
    }
}
