using GmcRL.Agents.Ddpg;
using GmcRL.Agents.Dqn;
using GmcRL.Agents.Sac;

namespace GmcRL.Agents;

/// <summary>
/// The agent of a run: the algorithm and the hyperparameters a user sets, and the values each algorithm derives from
/// them (DQN's exploration length, DDPG's actor learning rate and noise decay) in one place, so that the app only
/// passes settings through. The defaults are SB3's and docs/method.md §6's where those name one.
/// </summary>
public sealed record AgentSettings
{
    /// <summary>The algorithm; null picks it from the action space: DQN for discrete actions, SAC for continuous ones.</summary>
    public Algorithm? Algorithm { get; init; }

    /// <summary>Environment steps of training (the exploration and noise schedules are fractions of it).</summary>
    public long Steps { get; init; } = 20_000;

    /// <summary>Hidden layer sizes of SAC's actor and critics or DQN's Q network (DDPG keeps docs/method.md §6's 256, 256).</summary>
    public IReadOnlyList<int> Hidden { get; init; } = [256, 256];

    /// <summary>Adam's learning rate of every network (DDPG: the critic's).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>The discount gamma.</summary>
    public double Gamma { get; init; } = 0.99;

    /// <summary>Transitions per gradient step.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>DQN: the fraction of <see cref="Steps"/> over which epsilon falls from its initial to its final value
    /// (SB3's exploration_fraction; ours is 0.2).</summary>
    public double ExplorationFraction { get; init; } = 0.2;

    /// <summary>DQN: epsilon at the start of exploration (MUSE's Hyperhot runs start at 0.1).</summary>
    public double ExplorationInitial { get; init; } = 1.0;

    /// <summary>DQN: epsilon once exploration has ended (MUSE: 0.01).</summary>
    public double ExplorationFinal { get; init; } = 0.05;

    /// <summary>DQN: gradient steps between copies of the online network into the target (MUSE: 10,000 environment
    /// steps at one update every 4, so 2,500).</summary>
    public int TargetUpdateInterval { get; init; } = 500;

    /// <summary>DQN: when set, each gradient element is clamped to [-v, v] (MUSE: 1); null clips the gradients' global
    /// norm to 10 (SB3's default).</summary>
    public double? GradientClipValue { get; init; }

    /// <summary>DDPG: the actor's learning rate; null: a tenth of <see cref="LearningRate"/> (docs/method.md §6: 1e-4 and 1e-3).</summary>
    public double? ActorLearningRate { get; init; }

    /// <summary>DDPG: steps over which the exploration noise decays to 0; null: 100,000 (docs/method.md §6) or
    /// <see cref="Steps"/> when that is shorter.</summary>
    public long? NoiseDecaySteps { get; init; }

    /// <summary>The algorithm for actions of <paramref name="kind"/> when none is named: DQN for discrete, SAC for continuous.</summary>
    public static Algorithm DefaultFor(ActionKind kind) => kind == ActionKind.Discrete ? Agents.Algorithm.Dqn : Agents.Algorithm.Sac;

    /// <summary>The algorithm these settings make for actions of <paramref name="kind"/>.</summary>
    public Algorithm AlgorithmFor(ActionKind kind) => Algorithm ?? DefaultFor(kind);

    /// <summary>DQN's exploration length in steps.</summary>
    public long ExplorationSteps => Math.Max(1, (long)Math.Round(ExplorationFraction * Steps));

    /// <summary>A new agent for features of <paramref name="featureSize"/> and actions <paramref name="actions"/>,
    /// seeded. Throws <see cref="ArgumentException"/> when the algorithm cannot act in that action space (SAC and DDPG
    /// need continuous actions, DQN discrete ones).</summary>
    public IAgent Create(int featureSize, ActionSpec actions, int seed)
    {
        var algorithm = AlgorithmFor(actions.Kind);
        bool discrete = algorithm == Agents.Algorithm.Dqn;
        if (discrete != (actions.Kind == ActionKind.Discrete))
            throw new ArgumentException($"{algorithm.ToString().ToUpperInvariant()} needs {(discrete ? "discrete" : "continuous")} actions, but the environment's are {actions.Kind.ToString().ToLowerInvariant()}.");
        return algorithm switch
        {
            Agents.Algorithm.Sac => new SacAgent(featureSize, actions,
                new SacOptions { Hidden = Hidden, LearningRate = LearningRate, Gamma = Gamma, BatchSize = BatchSize }, seed),
            Agents.Algorithm.Dqn => new DqnAgent(featureSize, actions,
                new DqnOptions
                {
                    Hidden = Hidden, LearningRate = LearningRate, Gamma = Gamma, BatchSize = BatchSize, ExplorationSteps = ExplorationSteps,
                    ExplorationInitial = ExplorationInitial, ExplorationFinal = ExplorationFinal, TargetUpdateInterval = TargetUpdateInterval,
                    MaxGradValue = GradientClipValue,
                }, seed),
            _ => new DdpgAgent(featureSize, actions,
                new DdpgOptions
                {
                    Gamma = Gamma, BatchSize = BatchSize, NoiseDecaySteps = NoiseDecaySteps ?? Math.Min(100_000, Steps),
                    CriticLearningRate = LearningRate, ActorLearningRate = ActorLearningRate ?? LearningRate / 10,
                }, seed),
        };
    }
}
