using GmcRL.Agents;
using GmcRL.Agents.Evaluation;
using GmcRL.Envs;
using GmcRL.Envs.Registry;
using GmcRL.Pipeline;
using GmcRL.Reports;
using GmcRL.Representation;
using GmcRL.Representation.Baselines;

namespace GmcRL;

/// <summary>
/// An agent on a frozen representation of an environment (Stable-Baselines3's <c>SAC("MlpPolicy", env)</c>): the
/// algorithm follows the action space (DQN for discrete actions, SAC for continuous ones, or as
/// <see cref="AgentSettings.Algorithm"/> names), observations reach it only through the encoder.
/// </summary>
/// <example><code>
/// using var agent = Agent.Create(env, encoder, new AgentSettings { Steps = 20_000 }, seed: 0);
/// agent.Learn(options: new LearnOptions { Progress = Console.Out });
/// var report = agent.Evaluate(options: new EvaluateOptions { Episodes = 20 });
/// Console.Write(report.Table());
/// </code></example>
public abstract class Agent : IDisposable
{
    private protected Agent(Env env, IFrozenEncoder encoder, AgentSettings settings, Algorithm algorithm, int seed, IAgent learner)
    {
        Env = env;
        Encoder = encoder;
        Settings = settings;
        Algorithm = algorithm;
        Seed = seed;
        Learner = learner;
    }

    /// <summary>The environment it acts in.</summary>
    public Env Env { get; }

    /// <summary>The frozen representation it sees observations through (not disposed with the agent).</summary>
    public IFrozenEncoder Encoder { get; }

    /// <summary>Its settings; the exploration and noise schedules are fractions of <see cref="AgentSettings.Steps"/>.</summary>
    public AgentSettings Settings { get; }

    /// <summary>The algorithm.</summary>
    public Algorithm Algorithm { get; }

    /// <summary>The algorithm's name as configs and reports spell it: sac, dqn or ddpg.</summary>
    public string AlgorithmName => Algorithm.Name();

    /// <summary>The seed of its weights, its exploration and its training loop.</summary>
    public int Seed { get; }

    /// <summary>The algorithm's networks (SAC, DQN or DDPG) on feature vectors.</summary>
    public IAgent Learner { get; }

    /// <summary>Environment steps trained so far (counting any before a resume).</summary>
    public abstract long Steps { get; }

    /// <summary>A new agent for <paramref name="env"/> on <paramref name="encoder"/>'s features, seeded. With DQN on a
    /// one-dimensional continuous action, the action is one of <paramref name="discreteActions"/> evenly spaced values.
    /// Throws <see cref="ArgumentException"/> when the algorithm cannot act in the environment's action space or the
    /// encoder reads other observations than the environment gives.</summary>
    public static Agent Create(Env env, IFrozenEncoder encoder, AgentSettings? settings = null, int seed = 0, int discreteActions = 5)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(encoder);
        settings ??= new AgentSettings();
        var (algorithm, discretized) = Plan(env.Registration, settings.Algorithm);
        if (Layout(encoder.Spec) != Layout(env.Observations))
            throw new ArgumentException($"The encoder reads {Layout(encoder.Spec)}, but {env.Id} with {env.FrameStack} frame(s) gives {Layout(env.Observations)}.", nameof(encoder));
        return ControlEnvironments.Visit(env, discretized ? discreteActions : 0, encoder.Calibration,
            new Factory(env, encoder, settings with { Algorithm = algorithm }, seed));
    }

    // What an encoder and the observations it reads must share. Bounds may differ: the encoder's follow the calibration
    // fitted to its data.
    internal static string Layout(ObservationSpec spec) => string.Join(", ", spec.Modalities.Select(m => $"{m.Name}[{string.Join("x", m.Shape)}] {m.ElementType}"));

    /// <summary>An agent saved by <see cref="Save"/> (or a run's <c>agent.ckpt</c>), for <paramref name="env"/> on
    /// <paramref name="encoder"/>; <paramref name="settings"/> must name the algorithm it was trained with when that
    /// is not the action space's default.</summary>
    public static Agent Load(string path, Env env, IFrozenEncoder encoder, AgentSettings? settings = null, int seed = 0, int discreteActions = 5)
    {
        var agent = Create(env, encoder, settings, seed, discreteActions);
        try
        {
            agent.Learner.Load(path);
            return agent;
        }
        catch
        {
            agent.Dispose();
            throw;
        }
    }

    /// <summary>The algorithm an agent of <paramref name="registration"/> uses (<paramref name="algorithm"/>, or the
    /// action space's default), and whether DQN drives a one-dimensional continuous action through evenly spaced
    /// values. Throws <see cref="ArgumentException"/> when the algorithm cannot act in that action space.</summary>
    public static (Algorithm Algorithm, bool Discretized) Plan(EnvRegistration registration, Algorithm? algorithm)
    {
        var kind = registration.HasDiscreteActions ? ActionKind.Discrete : ActionKind.Continuous;
        var chosen = algorithm ?? AgentSettings.DefaultFor(kind);
        bool discretized = chosen == Algorithm.Dqn && kind == ActionKind.Continuous;
        if (chosen != Algorithm.Dqn && kind == ActionKind.Discrete)
            throw new ArgumentException($"{chosen.Name()} needs continuous actions, but {registration.Id} has {registration.ActionSpaceText}; use dqn (or null).");
        if (discretized && registration.ActionSize != 1)
            throw new ArgumentException($"dqn needs discrete actions or a one-dimensional continuous one to divide into agent.discrete_actions values, but {registration.Id} has {registration.ActionSpaceText}; use sac or ddpg.");
        return (chosen, discretized);
    }

    /// <summary>Trains until <paramref name="steps"/> environment steps have been taken in all (default:
    /// <see cref="AgentSettings.Steps"/>), as <paramref name="options"/> say. Calling it again continues.</summary>
    public abstract LearnResult Learn(long? steps = null, LearnOptions? options = null);

    /// <summary>The greedy action for <paramref name="observation"/>, as the environment takes it: a Box's values, or
    /// the index of a discrete action (as one number).</summary>
    public abstract float[] Predict(MultimodalObservation observation);

    /// <summary>Runs the greedy policy under each of <paramref name="conditions"/> (default: every modality subset,
    /// per-step dropout and blackouts, <see cref="EvaluationCondition.Standard"/>) on the same episodes, and random
    /// actions on them as the floor: the results <c>gmcrl run</c> reports.</summary>
    public abstract EvaluationReport Evaluate(IReadOnlyList<EvaluationCondition>? conditions = null, EvaluateOptions? options = null);

    /// <summary>Writes the agent's networks to <paramref name="path"/> (atomically).</summary>
    public void Save(string path) => Learner.Save(path);

    /// <inheritdoc/>
    public void Dispose()
    {
        Learner.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The representation's name as configs and reports spell it: gmc, fusion_ae, mvae or true_state.</summary>
    public string RepresentationName => NameOf(Encoder);

    /// <summary>The name of the representation behind <paramref name="encoder"/>.</summary>
    internal static string NameOf(IFrozenEncoder encoder) => FeatureStandardization.Unwrapped(encoder) switch
    {
        TrueStateFeatures => "true_state",
        BaselineEncoder { Kind: BaselineKind.Mvae } => "mvae",
        BaselineEncoder => "fusion_ae",
        _ => "gmc",
    };

    private sealed class Factory(Env env, IFrozenEncoder encoder, AgentSettings settings, int seed) : IControlVisitor<Agent>
    {
        public Agent Visit<TAction>(ControlEnvironment<TAction> control) => new ControlAgent<TAction>(env, encoder, settings, seed, control);
    }
}
