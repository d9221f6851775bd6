using GmcRL.Agents;
using GmcRL.Representation.Gmc;

namespace GmcRL.Config;

/// <summary>The built-in configurations.</summary>
public static class Presets
{
    /// <summary>The default of a bare <c>gmcrl run</c> (on the default environment, the multimodal pendulum; it runs on
    /// any registered one with --env.name): sized to finish within 3 minutes on a 2-core machine
    /// (docs/benchmarks/pipeline.md): 15 epochs of GMC with the image convolutions in bfloat16 where the processor
    /// has it, 20,000 agent steps. Collection episodes of 30 steps cover both the upright states that 300-step
    /// episodes of random torques rarely reach and the fast states that 10-step episodes miss (the sound encoder needs
    /// them); the controller (SAC for the pendulum's continuous torque, DQN for discrete actions) has 128-wide networks and batch 128, which learn as well as SB3's 256/256 here
    /// at about five times the speed.</summary>
    public static RunConfig Quickstart { get; } = new()
    {
        Preset = "quickstart",
        Dataset = new DatasetConfig { Samples = 8_000, ResetEvery = 30 },
        Gmc = new GmcConfig { Epochs = 15, Precision = Precision.Auto },
        Agent = new AgentConfig { Steps = 20_000, Hidden = [128, 128], BatchSize = 128, EvalEvery = 3_000 },
        Evaluation = new EvaluationConfig { Episodes = 20 },
    };

    /// <summary>The pendulum's reference experiment of docs/method.md §6 (about an hour on a 2-core machine with
    /// AVX512-BF16, docs/benchmarks/pipeline.md): 20,000 samples from one long random run (the last 10% held out), 500 epochs
    /// of GMC on the reference's min-max scaled sound (no standardisation), the image convolutions in bfloat16 where the
    /// processor has it (its results lie within the float32 run's 95% intervals; --gmc.precision float32 gives the
    /// reference's arithmetic), DDPG for 150,000 frames with a 25,000-step memory filled by random actions first, 100 x 300 evaluation.</summary>
    public static RunConfig Paper { get; } = new()
    {
        Preset = "paper",
        Env = new EnvConfig { Name = "multimodal-pendulum-v1" },
        Dataset = new DatasetConfig { Samples = 20_000, ResetEvery = 0, Seed = 42 },
        Gmc = new GmcConfig { Epochs = 500, BatchSize = 128, LearningRate = 1e-3, Temperature = 0.3, StandardizeVectors = false, Precision = Precision.Auto },
        Agent = new AgentConfig
        {
            Algorithm = Algorithm.Ddpg, Steps = 150_000, LearningStarts = 25_000, BufferSize = 25_000,
            BatchSize = 128, Gamma = 0.99, LearningRate = 1e-3, EvalEvery = 10_000, CheckpointEvery = 10_000,
        },
        Evaluation = new EvaluationConfig { Episodes = 100, Steps = 300 },
    };

    // The baselines' reconstruction weights of MUSE's pendulum setup (Vasco et al. 2022): the sound's squared error
    // is small next to the image's summed cross-entropy.
    private static Dictionary<string, double> MuseWeights => new() { ["image"] = 1, ["sound"] = 100 };

    /// <summary>A first look at Hyperhot, sized to finish in about 20 minutes on a 2-core machine (results in
    /// docs/benchmarks/hyperhot.md): 8,000 samples of random play, 20 epochs of GMC, then MUSE's DQN (see
    /// <see cref="HyperhotMuse"/>) shortened to 500,000 steps, with 20,000 random steps first and then epsilon from 0.1 to
    /// 0.01 over 250,000 steps, on four game copies stepped together; 50 greedy evaluation episodes.</summary>
    public static RunConfig HyperhotQuickstart { get; } = new()
    {
        Preset = "hyperhot-quickstart",
        Env = new EnvConfig { Name = "hyperhot-v1" },
        Dataset = new DatasetConfig { Samples = 8_000 },
        Gmc = new GmcConfig { Epochs = 20 },
        Agent = new AgentConfig
        {
            Algorithm = Algorithm.Dqn, Steps = 500_000, LearningStarts = 20_000, BufferSize = 100_000, Hidden = [512],
            BatchSize = 128, LearningRate = 1e-4, Gamma = 0.99, TrainEvery = 4, TargetUpdateInterval = 2_500,
            ExplorationInitial = 0.1, ExplorationFinal = 0.01, ExplorationFraction = 0.5, GradientClipValue = 1,
            Envs = 4, EvalEvery = 50_000, EvalEpisodes = 10, CheckpointEvery = 50_000,
        },
        Evaluation = new EvaluationConfig { Episodes = 50 },
    };

    /// <summary>Hyperhot at MUSE's budget (HYPERHOT-SPEC §4; a run of hours, resumable with --resume): 40,000 samples
    /// of random play with the last 8,000 held out, 100 epochs of GMC (MUSE trained its own model 250) with a 40-d latent
    /// (MUSE's size: the game's state is 32 numbers, ship, four enemies, bullets, which 10 dimensions cannot hold), then MUSE's DQN
    /// on the frozen latent: a 512-unit Q network, Double-DQN target, Huber loss, gradients clamped to [-1, 1], Adam
    /// 1e-4, batch 128, a 250,000-transition buffer, 50,000 random steps, one update every 4 steps, the target copied
    /// every 10,000 steps (2,500 updates), epsilon from 0.1 to 0.01 over the 1,500,000 steps after the random ones,
    /// 2,000,000 steps in all; Xavier-uniform Q network;
    /// 100 greedy episodes per condition.</summary>
    public static RunConfig HyperhotMuse { get; } = new()
    {
        Preset = "hyperhot-muse",
        Env = new EnvConfig { Name = "hyperhot-v1" },
        Dataset = new DatasetConfig { Samples = 40_000 },
        Gmc = new GmcConfig { Epochs = 100, ValidationFraction = 0.2, LatentSize = 40 },
        Agent = new AgentConfig
        {
            Algorithm = Algorithm.Dqn, Steps = 2_000_000, LearningStarts = 50_000, BufferSize = 250_000, Hidden = [512],
            BatchSize = 128, LearningRate = 1e-4, Gamma = 0.99, TrainEvery = 4, TargetUpdateInterval = 2_500,
            ExplorationInitial = 0.1, ExplorationFinal = 0.01, ExplorationFraction = 0.75, GradientClipValue = 1,
            EvalEvery = 100_000, EvalEpisodes = 10, CheckpointEvery = 100_000,
        },
        Evaluation = new EvaluationConfig { Episodes = 100 },
    };

    /// <summary>The presets by name.</summary>
    public static IReadOnlyDictionary<string, RunConfig> All { get; } = new Dictionary<string, RunConfig>
    {
        ["quickstart"] = Quickstart,
        ["paper"] = Paper,
        ["hyperhot-quickstart"] = HyperhotQuickstart,
        ["hyperhot-muse"] = HyperhotMuse,
    };

    /// <summary>What a preset sets for one environment on top of its own values, by environment id: the values that
    /// only make sense for that environment's modalities.</summary>
    public static IReadOnlyDictionary<string, Func<RunConfig, RunConfig>> ForEnvironment { get; } = new Dictionary<string, Func<RunConfig, RunConfig>>
    {
        ["multimodal-pendulum-v1"] = c => c with { Baseline = c.Baseline with { ReconstructionWeights = MuseWeights } },
    };

    /// <summary>Preset <paramref name="name"/> (which must exist) on environment <paramref name="env"/>, or on the
    /// preset's own environment when null.</summary>
    public static RunConfig Of(string name, string? env)
    {
        var preset = All[name];
        if (env is not null) preset = preset with { Env = preset.Env with { Name = env } };
        return ForEnvironment.TryGetValue(preset.Env.Name, out var adapt) ? adapt(preset) : preset;
    }
}
