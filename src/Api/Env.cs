using GmcRL.Envs;
using GmcRL.Envs.Registry;
using GmcRL.Representation;
using GmcRL.Representation.Data;

namespace GmcRL;

/// <summary>
/// A registered environment with the settings a run reads from it (Gymnasium's <c>gym.make</c>): frames per
/// observation, episode lengths, the collection schedule. Each setting is the registration's unless given.
/// </summary>
/// <example><code>
/// var env = Env.Make("multimodal-pendulum-v1");
/// var dataset = env.Collect(samples: 2_000, seed: 0);
/// </code></example>
public sealed record Env
{
    private Env(EnvRegistration registration, int frameStack, int episodeSteps, int evaluationSteps, int? collectResetEvery)
    {
        Registration = registration;
        FrameStack = frameStack;
        EpisodeSteps = episodeSteps;
        EvaluationSteps = evaluationSteps;
        CollectResetEvery = collectResetEvery;
    }

    /// <summary>The environment as registered.</summary>
    public EnvRegistration Registration { get; }

    /// <summary>The registered id, e.g. <c>multimodal-pendulum-v1</c>.</summary>
    public string Id => Registration.Id;

    /// <summary>Frames stacked per observation.</summary>
    public int FrameStack { get; }

    /// <summary>Steps per training episode (a time limit).</summary>
    public int EpisodeSteps { get; }

    /// <summary>Steps per evaluation episode.</summary>
    public int EvaluationSteps { get; }

    /// <summary>While collecting, reset every K steps; null for one long run that resets only when an episode ends.</summary>
    public int? CollectResetEvery { get; }

    /// <summary>An observation's modalities, with <see cref="FrameStack"/> frames each.</summary>
    public ObservationSpec Observations => Registration.Modalities.Stacked(FrameStack);

    /// <summary>The environment registered as <paramref name="id"/> (built-in ones and any that
    /// <c>EnvRegistry.Register</c> added), with the settings given and the registration's for the rest.
    /// <paramref name="collectResetEvery"/> 0 collects in one long run. Throws <see cref="ArgumentException"/> for an
    /// unknown id (listing the registered ones) or a setting out of range.</summary>
    public static Env Make(string id, int? frameStack = null, int? episodeSteps = null, int? evaluationSteps = null,
        int? collectResetEvery = null)
    {
        ArgumentNullException.ThrowIfNull(id);
        var registration = EnvRegistry.Find(id) ?? throw new ArgumentException(
            $"no environment is registered as '{id}'; registered: {string.Join(", ", EnvRegistry.All.Select(r => r.Id))}.", nameof(id));
        int frames = frameStack ?? registration.FrameStack, episode = episodeSteps ?? registration.EpisodeSteps;
        Positive(frames, nameof(frameStack));
        Positive(episode, nameof(episodeSteps));
        Positive(evaluationSteps ?? episode, nameof(evaluationSteps));
        if (collectResetEvery < 0) throw new ArgumentOutOfRangeException(nameof(collectResetEvery), collectResetEvery, "must be 0 (one long run) or a number of steps");
        int? reset = collectResetEvery switch { null => registration.CollectResetEvery, 0 => null, int k => k };
        return new Env(registration, frames, episode, evaluationSteps ?? episode, reset);
    }

    /// <summary>Collects <paramref name="samples"/> transitions with the environment's collection policy, seeded: the
    /// pretraining dataset of GMC and the baselines.</summary>
    public MultimodalDataset Collect(int samples, int seed = 0) =>
        DatasetCollector.Collect(Registration, new CollectionOptions
        {
            Count = samples,
            Seed = seed,
            EpisodeLength = CollectResetEvery,
            FrameStack = FrameStack,
        });

    /// <summary>The environment's true state as features, in place of a learned representation: the upper bound of
    /// what an agent can do here, blind to missing modalities. Throws <see cref="InvalidOperationException"/> when the
    /// environment declares no true state.</summary>
    public IFrozenEncoder TrueStateFeatures() => new TrueStateFeatures(Observations, Registration.TrueState
        ?? throw new InvalidOperationException($"{Id} declares no true state (its registration's TrueState is null)."));

    private static void Positive(int value, string name)
    {
        if (value < 1) throw new ArgumentOutOfRangeException(name, value, "must be at least 1");
    }
}
