using System.ComponentModel;
using GmcRL.Agents;
using GmcRL.Representation.Gmc;

namespace GmcRL.Config;

/// <summary>
/// Everything a run needs, as written to the run folder's <c>config.json</c> (snake_case keys). Built from a preset,
/// then a config file, then command-line overrides; checked by <see cref="ConfigLoader"/> before any work starts.
/// </summary>
public sealed record RunConfig
{
    /// <summary>Configs are equal when they write the same config.json: a record alone would compare its list-valued
    /// keys (agent.hidden, evaluation.conditions) by reference.</summary>
    public bool Equals(RunConfig? other) =>
        other is not null && System.Text.Json.JsonSerializer.Serialize(this, ConfigLoader.Json) == System.Text.Json.JsonSerializer.Serialize(other, ConfigLoader.Json);

    /// <inheritdoc/>
    public override int GetHashCode() => System.Text.Json.JsonSerializer.Serialize(this, ConfigLoader.Json).GetHashCode(StringComparison.Ordinal);

    [Description("the preset the config started from")]
    public string Preset { get; init; } = "quickstart";

    [Description("seed of the whole run (dataset, pretraining, agent, evaluation)")]
    public int Seed { get; init; }

    [Description("TorchSharp intra-op threads; 0 = one per core. Results are reproducible for a fixed count")]
    public int Threads { get; init; }

    [Description("where tensors live while the run trains and evaluates: auto (a CUDA GPU when this build and machine have one, else the CPU, with a one-line note), cpu, or cuda (an error without one; a GPU needs the CUDA build, docs/devices.md)")]
    public GmcRL.Representation.DeviceChoice Device { get; init; } = GmcRL.Representation.DeviceChoice.Auto;

    [Description("the environment")]
    public EnvConfig Env { get; init; } = new();

    [Description("dataset collection for pretraining")]
    public DatasetConfig Dataset { get; init; } = new();

    [Description("GMC pretraining")]
    public GmcConfig Gmc { get; init; } = new();

    [Description("the controller on the frozen latent")]
    public AgentConfig Agent { get; init; } = new();

    [Description("missing-modality evaluation")]
    public EvaluationConfig Evaluation { get; init; } = new();

    [Description("the geometry of the learned latent after pretraining (DCA of each modality's held-out latents against the complete ones, and a UMAP map)")]
    public GeometryConfig Geometry { get; init; } = new();

    [Description("the representation the agent learns on: gmc, fusion_ae (fusion autoencoder), mvae (multimodal VAE) or true_state (the environment's state: an upper bound)")]
    public RepresentationKind Representation { get; init; } = RepresentationKind.Gmc;

    [Description("the fusion_ae and mvae baselines (epochs, batch size, learning rate, held-out fraction and latent size are gmc.*'s)")]
    public BaselineConfig Baseline { get; init; } = new();
}

/// <summary>The environment section.</summary>
public sealed record EnvConfig
{
    [Description("registered environment id (gmcrl envs lists them)")]
    public string Name { get; init; } = Envs.Registry.EnvRegistry.DefaultId;

    [Description("frames stacked per modality (null: the environment's default)")]
    public int? FrameStack { get; init; }

    [Description("steps per training episode, a time limit: truncation, not termination (null: the environment's default)")]
    public int? EpisodeSteps { get; init; }
}

/// <summary>The dataset section.</summary>
public sealed record DatasetConfig
{
    [Description("samples collected with the environment's collection policy, random actions by default (the last gmc.validation_fraction of them are held out)")]
    public int Samples { get; init; } = 20_000;

    [Description("reset the environment every K steps; 0 = one long run as in the reference (null: the environment's default)")]
    public int? ResetEvery { get; init; }

    [Description("seed of the collection (the reference uses 42)")]
    public int Seed { get; init; } = 42;

    [Description("an existing dataset file to use instead of collecting one (null: collect)")]
    public string? Path { get; init; }
}

/// <summary>The GMC pretraining section.</summary>
public sealed record GmcConfig
{
    [Description("training epochs")]
    public int Epochs { get; init; } = 500;

    [Description("samples per batch")]
    public int BatchSize { get; init; } = 128;

    [Description("Adam learning rate")]
    public double LearningRate { get; init; } = 1e-3;

    [Description("temperature tau of the contrastive loss")]
    public double Temperature { get; init; } = 0.3;

    [Description("fraction of the training data held out for validation")]
    public double ValidationFraction { get; init; } = 0.1;

    [Description("loss variant: gmc or joints_as_negatives")]
    public GmcLossKind Loss { get; init; } = GmcLossKind.Gmc;

    [Description("size of the latent z")]
    public int LatentSize { get; init; } = 10;

    [Description("standardise each element of every vector modality to zero mean and unit variance over the training split before the encoders; false reproduces the reference")]
    public bool StandardizeVectors { get; init; } = true;

    [Description("what the image convolutions compute in while pretraining (GMC and the baselines): float32, bfloat16 (the weights stay float32; about 1.25 times as fast on processors with AVX512-BF16), or auto (bfloat16 where the processor has it; a new run records the choice)")]
    public Precision Precision { get; init; } = Precision.Float32;

    [Description("what the encoders read from a signal modality such as Hyperhot's microphones (GMC and the baselines): spectrum (each channel's log-magnitude spectrum, without phases) or waveform (1-D convolutions over the samples, which see the phases)")]
    public SignalFeatures SignalFeatures { get; init; } = SignalFeatures.Spectrum;
}

/// <summary>The values of gmc.precision.</summary>
public enum Precision
{
    /// <summary>Everything in float32.</summary>
    Float32,

    /// <summary>The image convolutions in bfloat16.</summary>
    Bfloat16,

    /// <summary>bfloat16 where the processor computes it natively, else float32 (resolved when a run is made).</summary>
    Auto,
}

/// <summary>The agent section.</summary>
public sealed record AgentConfig
{
    [Description("algorithm: sac, dqn or ddpg (null: dqn for discrete actions, sac for continuous ones; dqn on a one-dimensional continuous action offers agent.discrete_actions evenly spaced values)")]
    public Algorithm? Algorithm { get; init; }

    [Description("environment steps of training")]
    public int Steps { get; init; } = 20_000;

    [Description("random-action steps before learning starts")]
    public int LearningStarts { get; init; } = 1_000;

    [Description("TorchSharp intra-op threads while training the agent: its small networks run fastest on one (the top-level threads key covers the other stages)")]
    public int Threads { get; init; } = 1;

    [Description("hidden layer sizes of the actor and critics (SAC) or the Q network (DQN); DDPG keeps docs/method.md §6's")]
    public IReadOnlyList<int> Hidden { get; init; } = [256, 256];

    [Description("samples per gradient step")]
    public int BatchSize { get; init; } = 256;

    [Description("discount factor gamma")]
    public double Gamma { get; init; } = 0.99;

    [Description("Adam learning rate of every network (DDPG: the critic's, and a tenth of it the actor's, as in docs/method.md §6)")]
    public double LearningRate { get; init; } = 1e-3;

    [Description("replay buffer capacity")]
    public int BufferSize { get; init; } = 100_000;

    [Description("dqn on a one-dimensional continuous action: the number of evenly spaced values offered (the pendulum: torques in [-2, 2])")]
    public int DiscreteActions { get; init; } = 5;

    [Description("dqn: fraction of agent.steps over which epsilon falls from agent.exploration_initial to agent.exploration_final, counted from agent.learning_starts (before it, actions are random)")]
    public double ExplorationFraction { get; init; } = 0.2;

    [Description("dqn: epsilon at the start (MUSE's Hyperhot DQN: 0.1)")]
    public double ExplorationInitial { get; init; } = 1.0;

    [Description("dqn: epsilon after the exploration fraction (MUSE: 0.01)")]
    public double ExplorationFinal { get; init; } = 0.05;

    [Description("dqn: gradient steps between copies of the online network into the target (MUSE: 2500, i.e. every 10000 steps at agent.train_every 4)")]
    public int TargetUpdateInterval { get; init; } = 500;

    [Description("dqn: clamp each gradient element to [-v, v] (MUSE: 1); null clips the gradients' global norm to 10 (SB3)")]
    public double? GradientClipValue { get; init; }

    [Description("one gradient step every this many environment steps after the warm-up (MUSE's DQN: 4)")]
    public int TrainEvery { get; init; } = 1;

    [Description("environment copies stepped side by side, encoded in one batch (SB3's n_envs): a speed setting only, as gradient steps stay one per agent.train_every environment steps (one of the two must divide the other; agent.steps, learning_starts, eval_every and checkpoint_every must be multiples of it)")]
    public int Envs { get; init; } = 1;

    [Description("run each gradient step on a second thread while the environments step and the encoder encodes the new observations (the step's batch is drawn before its own transitions are stored; they join the next one); false runs them one after the other, as SB3 does")]
    public bool Overlap { get; init; } = true;

    [Description("ddpg: the actor's learning rate (null: a tenth of agent.learning_rate, as in docs/method.md §6)")]
    public double? ActorLearningRate { get; init; }

    [Description("ddpg: steps over which the exploration noise decays to 0 (null: 100000, or agent.steps when shorter)")]
    public int? NoiseDecaySteps { get; init; }

    [Description("evaluate (deterministic, all modalities) every K steps")]
    public int EvalEvery { get; init; } = 2_000;

    [Description("episodes of each evaluation during training")]
    public int EvalEpisodes { get; init; } = 5;

    [Description("save an agent checkpoint every K steps")]
    public int CheckpointEvery { get; init; } = 5_000;

    [Description("train the agent with modalities missing as in this evaluation condition, e.g. per_episode_p0.3 or per_step_p0.3 (null: every modality, the paper's protocol, in which the frozen encoder alone makes the agent robust); the training evaluations keep every modality")]
    public string? TrainCondition { get; init; }

    [Description("standardise each feature the agent sees to zero mean and unit variance over the training split of the run's dataset, encoded with every modality (fitted once before training, like SB3's VecNormalize but fixed; the representation stays frozen); false feeds the features as the representation gives them, the paper's protocol")]
    public bool StandardizeFeatures { get; init; }

    [Description("evaluate with the missing modalities the agent whose training evaluation (every agent.eval_every steps, on episodes of its own) scored the highest mean return, not the last one (SB3's EvalCallback best model)")]
    public bool KeepBest { get; init; }
}

/// <summary>The geometry section: what <see cref="LatentGeometry"/> measures after pretraining.</summary>
public sealed record GeometryConfig
{
    [Description("held-out samples measured (the first of them; the paper: 2000); 0 measures nothing")]
    public int Points { get; init; } = 2_000;

    [Description("rays cast per point to approximate the Delaunay graph (the DCA authors' default: 10000)")]
    public int Rays { get; init; } = Geometry.Dca.DcaOptions.DefaultRayCount;

    [Description("draw the latent map (UMAP) as well")]
    public bool Map { get; init; } = true;
}

/// <summary>The evaluation section.</summary>
public sealed record EvaluationConfig
{
    [Description("episodes per condition (the paper: 100)")]
    public int Episodes { get; init; } = 100;

    [Description("steps per episode (null: env.episode_steps; the paper: 300)")]
    public int? Steps { get; init; }

    [Description("episodes run side by side")]
    public int Parallel { get; init; } = 16;

    [Description("conditions to run by name (null: all standard ones made from the modality names, e.g. all, image_only, per_step_p0.3)")]
    public IReadOnlyList<string>? Conditions { get; init; }

    [Description("replays recorded per condition")]
    public int Replays { get; init; } = 2;
}
