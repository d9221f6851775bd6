using GmcRL.Envs;
using GmcRL.Envs.Pendulum;
using GmcRL.Envs.Wrappers;
using GmcRL.Replays;

namespace GmcRL.Tests.Replays;

/// <summary>Replays of real multimodal-pendulum episodes, recorded the way the evaluator runs them: the pendulum, a
/// 2-frame stack, dropout outside it, a time limit; a fixed torque pattern and a made-up latent.</summary>
internal static class Episodes
{
    /// <summary>One recorded episode and, per step, the observation the agent saw (cloned) for checking.</summary>
    public sealed record Recorded(Replay Replay, IReadOnlyList<MultimodalObservation> Seen, IReadOnlyList<double[]> States);

    public static ReplayHeader Header(MultimodalPendulum pendulum, string condition, string schedule, int seed, int latent = 4) => new()
    {
        Environment = "multimodal-pendulum",
        Settings = "reference settings",
        Agent = "test policy",
        Condition = condition,
        Schedule = schedule,
        Seed = seed,
        Episode = 0,
        Dt = pendulum.Settings.Physics.Dt,
        FramesPerObservation = 2,
        Modalities = pendulum.Spec.Modalities,
        StateNames = ["theta", "theta_dot"],
        LatentSize = latent,
        Voices = Voices(pendulum),
    };

    /// <summary>The pendulum's receivers as voices, following its sound modality.</summary>
    public static ReplayVoices Voices(MultimodalPendulum pendulum)
    {
        var (sound, length) = (pendulum.Settings.Sound, pendulum.Settings.Physics.Length);
        return new ReplayVoices(sound.Receivers.Select(r => r.Name).ToArray(), sound.EmittedFrequency,
            sound.LoudestAmplitude(length), sound.LoudestSum(length), pendulum.Spec.Modalities[MultimodalPendulum.Sound].Name);
    }

    /// <summary>The voices of <paramref name="state"/> (theta, theta_dot): the pendulum's raw sound, per receiver (Hz, 1/d^2).</summary>
    public static float[] Tones(MultimodalPendulum pendulum, ReadOnlySpan<double> state)
    {
        var tones = new float[2 * pendulum.Settings.Sound.Receivers.Count];
        pendulum.RawSound(state[0], state[1], tones);
        return tones;
    }

    /// <summary>Records <paramref name="steps"/> steps with <paramref name="drop"/> (none by default).</summary>
    public static Recorded Record(int steps, DropSchedule? drop = null, int seed = 3, string condition = "per_step_p0.3",
        Func<int, float>? torque = null)
    {
        var pendulum = new MultimodalPendulum(seed: seed);
        IEnvironment<MultimodalObservation, float[]> env = new FrameStack<float[]>(pendulum, 2);
        if (drop is not null) env = new ModalityDropout<float[]>(env, drop, seed);
        env = new TimeLimit<MultimodalObservation, float[]>(env, steps);

        var recorder = new ReplayRecorder();
        recorder.Begin(Header(pendulum, condition, drop?.ToString() ?? "None", seed));
        var reset = env.Reset(seed);
        var obs = reset.Observation;
        double[] state = reset.Info.State.ToArray();
        var seen = new List<MultimodalObservation>();
        var states = new List<double[]>();
        float[] action = new float[1];
        float[] latent = new float[4];
        for (int t = 0; ; t++)
        {
            action[0] = torque?.Invoke(t) ?? (float)(2 * Math.Sin(t * 0.3));
            for (int i = 0; i < latent.Length; i++) latent[i] = (float)(t * 0.01 + i);
            seen.Add(obs.Clone());
            states.Add(state);
            recorder.Record(obs, state, action, latent, Tones(pendulum, state));
            var r = env.Step(action);
            recorder.Rewarded(r.Reward);
            obs = r.Observation;
            state = r.Info.State.ToArray();
            if (r.Done) break;
        }
        return new Recorded(recorder.Finish(), seen, states);
    }
}
