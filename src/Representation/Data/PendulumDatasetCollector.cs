using GmcRL.Envs;
using GmcRL.Envs.Pendulum;
using GmcRL.Envs.Wrappers;

namespace GmcRL.Representation.Data;

/// <summary>
/// Collects a multimodal pendulum dataset with a uniformly random torque policy, seeded (GMC-SPEC §6). The sound is
/// recorded raw (Hz, 1/d^2) and then min-max scaled with the data's own statistics, which the header carries so that
/// checkpoints and control-time environments use the same constants.
/// </summary>
public static class PendulumDatasetCollector
{
    /// <summary>The environment name written to dataset headers.</summary>
    public const string EnvironmentName = "MultimodalPendulum";

    /// <summary>Records <see cref="CollectionOptions.Count"/> transitions.</summary>
    public static MultimodalDataset Collect(CollectionOptions options)
    {
        options = options.Validated();
        // Unit scaling (min 0, max 1) leaves the sound raw, so the statistics come from the data itself.
        var raw = options.Settings with { SoundNormalization = new SoundNormalization(0, 1, 0, 1) };
        var pendulum = new MultimodalPendulum(raw, options.Seed);
        IEnvironment<MultimodalObservation, float[]> env = new FrameStack<float[]>(pendulum, options.FrameStack);
        if (options.EpisodeLength is int k) env = new TimeLimit<MultimodalObservation, float[]>(env, k);

        var recorded = Record(env, options.Count, options.Seed, stateSize: 2);

        int sound = MultimodalPendulum.Sound;
        float[] observedSound = recorded.Observations[sound].Floats.ToArray();
        float[] nextSound = recorded.Next[sound].Floats.ToArray();
        var stats = Statistics(observedSound, nextSound);
        Normalize(observedSound, stats);
        Normalize(nextSound, stats);

        var settings = options.Settings with { SoundNormalization = stats };
        var spec = new MultimodalPendulum(settings).Spec.Stacked(options.FrameStack);
        // The sound columns now hold scaled values: give them the scaled spec (the image column is unchanged).
        var observations = spec.Modalities.Select((m, i) => i == sound
            ? ModalityColumn.FromEncoded(m, options.Count, AsBytes(observedSound)) : recorded.Observations[i]).ToArray();
        var next = spec.Modalities.Select((m, i) => i == sound
            ? ModalityColumn.FromEncoded(m, options.Count, AsBytes(nextSound)) : recorded.Next[i]).ToArray();
        var header = new DatasetHeader(EnvironmentName, settings, options.FrameStack, options.EpisodeLength, options.Seed,
            options.Count, spec, ActionSize: 1, StateSize: 2);
        return new MultimodalDataset(header, observations, next, recorded.Actions, recorded.Rewards,
            recorded.Terminated, recorded.Truncated, recorded.States);
    }

    private static byte[] AsBytes(float[] values) => System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    private sealed record Recording(ModalityColumn[] Observations, ModalityColumn[] Next, float[] Actions, float[] Rewards,
        bool[] Terminated, bool[] Truncated, double[] States);

    // Runs the environment with uniformly random actions; resets only when an episode ends.
    private static Recording Record(IEnvironment<MultimodalObservation, float[]> env, int count, int seed, int stateSize)
    {
        var spec = ((MultimodalSpace)env.ObservationSpace).Spec;
        var observations = spec.Modalities.Select(m => ModalityColumn.Create(m, count)).ToArray();
        var next = spec.Modalities.Select(m => ModalityColumn.Create(m, count)).ToArray();
        var box = (Box)env.ActionSpace;
        var actions = new float[count * box.Size];
        var rewards = new float[count];
        var terminated = new bool[count];
        var truncated = new bool[count];
        var states = new double[count * stateSize];
        var policy = new Random(unchecked(seed * 7919 + 1));

        var reset = env.Reset(seed);
        var observation = reset.Observation;
        reset.Info.State.Span[..stateSize].CopyTo(states);
        for (int i = 0; i < count; i++)
        {
            Store(observation, observations, i);
            float[] action = box.Sample(policy);
            action.CopyTo(actions, i * box.Size);
            var step = env.Step(action);
            Store(step.Observation, next, i);
            rewards[i] = (float)step.Reward;
            terminated[i] = step.Terminated;
            truncated[i] = step.Truncated;
            if (i + 1 == count) break;
            var current = step.Done ? env.Reset() : new ResetResult<MultimodalObservation>(step.Observation, step.Info);
            observation = current.Observation;
            current.Info.State.Span[..stateSize].CopyTo(states.AsSpan((i + 1) * stateSize));
        }
        return new Recording(observations, next, actions, rewards, terminated, truncated, states);
    }

    private static void Store(MultimodalObservation observation, ModalityColumn[] columns, int index)
    {
        for (int m = 0; m < columns.Length; m++) columns[m].Write(index, observation, m);
    }

    private static SoundNormalization Statistics(float[] observed, float[] next)
    {
        var a = SoundNormalization.FromData(observed);
        var b = SoundNormalization.FromData(next);
        return new SoundNormalization(Math.Min(a.FrequencyMin, b.FrequencyMin), Math.Max(a.FrequencyMax, b.FrequencyMax),
            Math.Min(a.AmplitudeMin, b.AmplitudeMin), Math.Max(a.AmplitudeMax, b.AmplitudeMax)).Validated();
    }

    // Pairs (f, a): f' = (f - fMin) / (fMax - fMin), a' likewise, in double before rounding (as the environment does).
    private static void Normalize(float[] sound, SoundNormalization stats)
    {
        for (int i = 0; i < sound.Length; i += 2)
        {
            sound[i] = (float)stats.Frequency(sound[i]);
            sound[i + 1] = (float)stats.Amplitude(sound[i + 1]);
        }
    }
}
