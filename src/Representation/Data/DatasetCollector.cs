using GmcRL.Envs;
using GmcRL.Envs.Registry;
using GmcRL.Envs.Wrappers;

namespace GmcRL.Representation.Data;

/// <summary>
/// Collects a pretraining dataset from a registered environment with its collection policy, seeded (docs/method.md §6). When
/// the environment declares a calibration, the data is recorded raw, the calibration is fitted to all of it (observed
/// and next observations), the float modalities are rescaled with it, and the header carries the constants so that
/// checkpoints and control-time environments observe on the same scale.
/// </summary>
public static class DatasetCollector
{
    /// <summary>Records <see cref="CollectionOptions.Count"/> transitions of <paramref name="registration"/>.</summary>
    public static MultimodalDataset Collect(EnvRegistration registration, CollectionOptions options) =>
        registration.Accept(new Collection(options.Validated()));

    private sealed class Collection(CollectionOptions options) : IRegistrationVisitor<MultimodalDataset>
    {
        public MultimodalDataset Visit<TAction>(EnvRegistration<TAction> registration)
        {
            var calibration = registration.Calibration;
            IEnvironment<MultimodalObservation, TAction> env = new FrameStack<TAction>(
                registration.Make(new EnvContext(options.Seed, calibration?.Raw)), options.FrameStack);
            if (options.EpisodeLength is int k) env = new TimeLimit<MultimodalObservation, TAction>(env, k);
            int stateSize = registration.TrueState?.Names.Count ?? 0;
            var recorded = Record(registration, env, options.Count, options.Seed, stateSize);

            Calibration? fitted = null;
            var spec = ((MultimodalSpace)env.ObservationSpace).Spec;
            var observations = recorded.Observations;
            var next = recorded.Next;
            if (calibration is not null)
            {
                var floats = spec.Modalities.Select((m, i) => (m, i)).Where(p => Calibrated(p.m)).ToList();
                fitted = calibration.Fit(floats.ToDictionary(p => p.m.Name,
                    p => (ReadOnlyMemory<float>)Joined(observations[p.i].Floats, next[p.i].Floats)));
                // The spec of the calibrated environment: its float modalities' bounds follow the fitted scale.
                spec = ((MultimodalSpace)registration.Make(new EnvContext(options.Seed, fitted)).ObservationSpace).Spec.Stacked(options.FrameStack);
                observations = Rescale(calibration, fitted, spec, observations, options.Count);
                next = Rescale(calibration, fitted, spec, next, options.Count);
            }
            var header = new DatasetHeader(registration.Id, fitted, options.FrameStack, options.EpisodeLength, options.Seed,
                options.Count, spec, ActionSize: recorded.ActionSize, StateSize: stateSize);
            return new MultimodalDataset(header, observations, next, recorded.Actions, recorded.Rewards,
                recorded.Terminated, recorded.Truncated, recorded.States);
        }
    }

    // The float columns rescaled with the fitted constants, under the calibrated spec; other columns as they are.
    private static ModalityColumn[] Rescale(ICalibration calibration, Calibration fitted, ObservationSpec spec, ModalityColumn[] columns, int count) =>
        spec.Modalities.Select((m, i) =>
        {
            if (!Calibrated(m)) return columns[i];
            float[] values = columns[i].Floats.ToArray();
            calibration.Apply(fitted, m.Name, values);
            return ModalityColumn.FromEncoded(m, count, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
        }).ToArray();

    // A calibration rescales the continuous float modalities (a quantised one keeps its levels).
    private static bool Calibrated(ModalitySpec m) => m.ElementType == ElementType.Float32 && m.Levels == 0;

    // Both columns in one array, for fitting the calibration to all that was recorded.
    private static float[] Joined(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var all = new float[a.Length + b.Length];
        a.CopyTo(all);
        b.CopyTo(all.AsSpan(a.Length));
        return all;
    }

    private sealed record Recording(ModalityColumn[] Observations, ModalityColumn[] Next, float[] Actions, int ActionSize,
        float[] Rewards, bool[] Terminated, bool[] Truncated, double[] States);

    // Runs the environment with its collection policy; resets only when an episode ends.
    private static Recording Record<TAction>(EnvRegistration<TAction> registration, IEnvironment<MultimodalObservation, TAction> env,
        int count, int seed, int stateSize)
    {
        var spec = ((MultimodalSpace)env.ObservationSpace).Spec;
        var observations = spec.Modalities.Select(m => ModalityColumn.Create(m, count)).ToArray();
        var next = spec.Modalities.Select(m => ModalityColumn.Create(m, count)).ToArray();
        int actionSize = env.ActionSpace is Box box ? box.Size : 1;
        var actions = new float[(long)count * actionSize];
        var rewards = new float[count];
        var terminated = new bool[count];
        var truncated = new bool[count];
        var states = new double[(long)count * stateSize];
        var policy = new Random(unchecked(seed * 7919 + 1));

        var reset = env.Reset(seed);
        var observation = reset.Observation;
        CopyState(reset.Info, states, 0, stateSize, registration.Id);
        for (int i = 0; i < count; i++)
        {
            Store(observation, observations, i);
            TAction action = registration.CollectionAction(policy);
            switch (action)
            {
                case float[] vector: vector.CopyTo(actions, (long)i * actionSize); break;
                case int choice: actions[i] = choice; break;
            }
            var step = env.Step(action);
            Store(step.Observation, next, i);
            rewards[i] = (float)step.Reward;
            terminated[i] = step.Terminated;
            truncated[i] = step.Truncated;
            if (i + 1 == count) break;
            var current = step.Done ? env.Reset() : new ResetResult<MultimodalObservation>(step.Observation, step.Info);
            observation = current.Observation;
            CopyState(current.Info, states, i + 1, stateSize, registration.Id);
        }
        return new Recording(observations, next, actions, actionSize, rewards, terminated, truncated, states);
    }

    private static void CopyState(StepInfo info, double[] states, int row, int size, string id)
    {
        if (size == 0) return;
        if (info.State.Length < size)
            throw new InvalidOperationException($"Environment '{id}' declares a true state of {size} values but reports {info.State.Length}.");
        info.State.Span[..size].CopyTo(states.AsSpan(row * size, size));
    }

    private static void Store(MultimodalObservation observation, ModalityColumn[] columns, int index)
    {
        for (int m = 0; m < columns.Length; m++) columns[m].Write(index, observation, m);
    }
}
