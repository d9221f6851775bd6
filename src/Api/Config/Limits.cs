using System.Globalization;

namespace GmcRL.Config;

/// <summary>
/// The largest value each size and count of a config may take, checked with the other config checks, and the memory a
/// run will need, estimated before its first stage. A value past its bound (which no machine of ours could hold, or which
/// would overflow a count) or a run that would not fit in this machine's memory is a <see cref="ConfigException"/> that
/// names the key, the bound or the estimate, and the machine's figure. The bounds are listed in docs/reliability.md.
/// </summary>
public static class Limits
{
    /// <summary>Every bound: the key, its largest value, why, and where a config holds the value.</summary>
    public static IReadOnlyList<(string Key, long Max, string Why, Func<RunConfig, long?> Value)> Bounds { get; } =
    [
        ("threads", 256, "intra-op threads", c => c.Threads),
        ("agent.threads", 256, "intra-op threads while training the agent", c => c.Agent.Threads),
        ("env.frame_stack", 64, "frames per observation", c => c.Env.FrameStack),
        ("env.episode_steps", 100_000_000, "steps per episode", c => c.Env.EpisodeSteps),
        ("dataset.samples", 100_000_000, "samples (the dataset's columns are indexed by 32-bit counts)", c => c.Dataset.Samples),
        ("gmc.epochs", 1_000_000, "epochs", c => c.Gmc.Epochs),
        ("gmc.batch_size", 65_536, "samples per batch", c => c.Gmc.BatchSize),
        ("gmc.latent_size", 4_096, "latent dimensions", c => c.Gmc.LatentSize),
        ("geometry.points", 1_000_000, "held-out points measured", c => c.Geometry.Points),
        ("geometry.rays", 100_000_000, "rays per point", c => c.Geometry.Rays),
        ("agent.steps", 1_000_000_000, "training steps", c => c.Agent.Steps),
        ("agent.batch_size", 65_536, "transitions per gradient step", c => c.Agent.BatchSize),
        ("agent.buffer_size", 100_000_000, "replay buffer transitions", c => c.Agent.BufferSize),
        ("agent.hidden", 65_536, "units per hidden layer (and at most 16 layers)", c => c.Agent.Hidden?.DefaultIfEmpty(0).Max()),
        ("agent.discrete_actions", 65_536, "evenly spaced actions", c => c.Agent.DiscreteActions),
        ("agent.envs", 1_024, "environment copies", c => c.Agent.Envs),
        ("agent.train_every", 1_000_000, "environment steps per gradient step", c => c.Agent.TrainEvery),
        ("agent.target_update_interval", 1_000_000_000, "gradient steps between target copies", c => c.Agent.TargetUpdateInterval),
        ("agent.eval_episodes", 100_000, "episodes per training evaluation", c => c.Agent.EvalEpisodes),
        ("evaluation.episodes", 1_000_000, "episodes per condition", c => c.Evaluation.Episodes),
        ("evaluation.steps", 100_000_000, "steps per evaluation episode", c => c.Evaluation.Steps),
        ("evaluation.parallel", 4_096, "episodes run side by side", c => c.Evaluation.Parallel),
        ("evaluation.replays", 10_000, "replays per condition", c => c.Evaluation.Replays),
    ];

    /// <summary>Share of the machine's available memory a run may plan to use.</summary>
    public const double MemoryShare = 0.8;

    /// <summary>Throws <see cref="ConfigException"/> for the first value past its bound.</summary>
    public static void Check(RunConfig c)
    {
        foreach (var (key, max, why, value) in Bounds)
            if (value(c) is long given && given > max)
                throw new ConfigException(string.Create(CultureInfo.InvariantCulture, $"config key '{key}': at most {max:N0} {why} (got {given:N0})."));
        if (c.Agent.Hidden is { Count: > 16 } layers)
            throw new ConfigException($"config key 'agent.hidden': at most 16 hidden layers (got {layers.Count}).");
    }

    /// <summary>The bytes a run of <paramref name="c"/> on <paramref name="env"/> will hold at once, roughly: the
    /// dataset twice (observations and next observations, packed bits for binary images; loading it holds the file's
    /// bytes beside the columns), a pretraining batch through the encoders, the replay buffer and the agent's networks
    /// with Adam's state. Not counted: the freed memory the C library keeps for speed (docs/benchmarks/memory.md).</summary>
    public static long EstimateBytes(RunConfig c, RunEnvironment env)
    {
        var frame = env.Registration.Modalities.Modalities;
        // Loading holds the file beside the columns. A true-state run needs no dataset unless it standardises its features
        // (agent.standardize_features): then it loads a shared one, or collects the samples a dataset would hold.
        double dataset = c.Representation != RepresentationKind.TrueState ? 2 * DatasetBytes(c, env)
            : !c.Agent.StandardizeFeatures ? 0
            : c.Dataset.Path is null ? DatasetBytes(c, env) : 2 * DatasetBytes(c, env);
        // A batch as floats, with activations and gradients of about ten times its size.
        double batch = 10.0 * 4 * frame.Sum(m => (double)m.Length * env.FrameStack) * c.Gmc.BatchSize;
        double features = c.Gmc.LatentSize + 16.0;
        double buffer = (double)c.Agent.BufferSize * (2 * features + env.Registration.ActionSize + 3) * 4;
        double width = features, parameters = 0;
        foreach (int h in c.Agent.Hidden ?? []) { parameters += width * h + h; width = h; }
        // Actor and critics (about three networks), each with gradients and Adam's two moments, in float32.
        double networks = 3 * 4 * 4 * parameters;
        double total = dataset + batch + buffer + networks;
        return total >= long.MaxValue ? long.MaxValue : (long)total;
    }

    /// <summary>The bytes of the dataset a run collects (observations and next observations as stored: packed bits for
    /// binary images, 16 bits for quantised floats), in memory and, within a little, on disk.</summary>
    public static double DatasetBytes(RunConfig c, RunEnvironment env) =>
        2.0 * env.Registration.Modalities.Modalities.Sum(m => (double)Representation.Data.DatasetFile.ColumnBytes(m.Stacked(env.FrameStack), c.Dataset.Samples));

    /// <summary>Throws <see cref="ConfigException"/> when the dataset a run would collect cannot be written as one file
    /// (<see cref="Storage.InputFile.MaxBytes"/>): found before collection, not after it.</summary>
    public static void CheckDatasetFile(RunConfig c, RunEnvironment env)
    {
        if (c.Representation == RepresentationKind.TrueState || c.Dataset.Path is not null) return;
        double bytes = DatasetBytes(c, env);
        // Headroom for the header, actions, rewards, flags and states.
        if (bytes > 0.98 * Storage.InputFile.MaxBytes)
            throw new ConfigException(string.Create(CultureInfo.InvariantCulture,
                $"config key 'dataset.samples': {c.Dataset.Samples:N0} samples of {env.Registration.Id} would make a dataset file of about {Gib(bytes)}, more than a dataset file holds ({Gib(Storage.InputFile.MaxBytes)}); lower it."));
    }

    /// <summary>Throws <see cref="ConfigException"/> when <see cref="EstimateBytes"/> exceeds <see cref="MemoryShare"/> of
    /// <paramref name="availableBytes"/> (the machine's memory by default).</summary>
    public static void CheckMemory(RunConfig c, RunEnvironment env, long? availableBytes = null)
    {
        long available = availableBytes ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        long needed = EstimateBytes(c, env);
        if (needed > MemoryShare * available)
            throw new ConfigException(string.Create(CultureInfo.InvariantCulture,
                $"this run would need about {Gib(needed)} of memory (dataset {c.Dataset.Samples:N0} samples, agent.buffer_size {c.Agent.BufferSize:N0}, agent.hidden [{string.Join(", ", c.Agent.Hidden ?? [])}], gmc.batch_size {c.Gmc.BatchSize:N0}), but this machine has {Gib(available)}; lower those keys."));
    }

    private static string Gib(double bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1L << 30):0.0} GiB");
}
