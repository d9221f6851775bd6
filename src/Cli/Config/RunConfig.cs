using System.ComponentModel;
using GmcRL.Agents;
using GmcRL.Representation.Gmc;

namespace GmcRL.Cli.Config;

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

    [Description("the representation the agent learns on: gmc, fusion_ae (fusion autoencoder), mvae (multimodal VAE) or true_state (the environment's state: an upper bound)")]
    public RepresentationKind Representation { get; init; } = RepresentationKind.Gmc;

    [Description("the fusion_ae and mvae baselines (epochs, batch size, learning rate, held-out fraction and latent size are gmc.*'s)")]
    public BaselineConfig Baseline { get; init; } = new();
}

/// <summary>The environment section.</summary>
public sealed record EnvConfig
{
    [Description("environment name: multimodal-pendulum")]
    public string Name { get; init; } = "multimodal-pendulum";

    [Description("frames stacked per modality")]
    public int FrameStack { get; init; } = 2;

    [Description("steps per training episode (a time limit: truncation, not termination)")]
    public int EpisodeSteps { get; init; } = 300;
}

/// <summary>The dataset section.</summary>
public sealed record DatasetConfig
{
    [Description("samples collected with random torques (the last gmc.validation_fraction of them are held out)")]
    public int Samples { get; init; } = 20_000;

    [Description("reset the environment every K steps; 0 = one long run as in the reference")]
    public int ResetEvery { get; init; } = 300;

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

    [Description("standardise each element of the sound (any vector modality) to zero mean and unit variance over the training split before the encoders; false reproduces the reference")]
    public bool StandardizeVectors { get; init; } = true;
}

/// <summary>The agent section.</summary>
public sealed record AgentConfig
{
    [Description("algorithm: sac, dqn or ddpg")]
    public Algorithm Algorithm { get; init; } = Algorithm.Sac;

    [Description("environment steps of training")]
    public int Steps { get; init; } = 20_000;

    [Description("random-action steps before learning starts")]
    public int LearningStarts { get; init; } = 1_000;

    [Description("TorchSharp intra-op threads while training the agent: its small networks run fastest on one (the top-level threads key covers the other stages)")]
    public int Threads { get; init; } = 1;

    [Description("hidden layer sizes of the actor and critics (SAC) or the Q network (DQN); DDPG keeps GMC-SPEC §6's")]
    public IReadOnlyList<int> Hidden { get; init; } = [256, 256];

    [Description("samples per gradient step")]
    public int BatchSize { get; init; } = 256;

    [Description("discount factor gamma")]
    public double Gamma { get; init; } = 0.99;

    [Description("Adam learning rate of every network (DDPG: the critic's, and a tenth of it the actor's, as in GMC-SPEC §6)")]
    public double LearningRate { get; init; } = 1e-3;

    [Description("replay buffer capacity")]
    public int BufferSize { get; init; } = 100_000;

    [Description("torques offered to DQN (evenly spaced in [-2, 2])")]
    public int DiscreteActions { get; init; } = 5;

    [Description("evaluate (deterministic, all modalities) every K steps")]
    public int EvalEvery { get; init; } = 2_000;

    [Description("save an agent checkpoint every K steps")]
    public int CheckpointEvery { get; init; } = 5_000;
}

/// <summary>The evaluation section.</summary>
public sealed record EvaluationConfig
{
    [Description("episodes per condition (the paper: 100)")]
    public int Episodes { get; init; } = 100;

    [Description("steps per episode (the paper: 300)")]
    public int Steps { get; init; } = 300;

    [Description("episodes run side by side")]
    public int Parallel { get; init; } = 16;

    [Description("conditions to run by name (null: all standard ones, e.g. all, image_only, per_step_p0.3)")]
    public IReadOnlyList<string>? Conditions { get; init; }

    [Description("replays recorded per condition")]
    public int Replays { get; init; } = 2;
}
