using GmcRL.Agents;
using GmcRL.Config;
using GmcRL.Representation;
using GmcRL.Representation.Baselines;
using GmcRL.Representation.Gmc;
using GmcRL.Runs;

namespace GmcRL;

/// <summary>
/// A finished run folder (<c>gmcrl run</c>'s, or a script's <see cref="Pipeline.RunPipeline"/>'s) opened for more
/// work: its environment with the run's settings, its frozen representation and its trained agent, ready to be
/// evaluated under new conditions.
/// </summary>
/// <example><code>
/// using var run = TrainedRun.Open("runs/multimodal-pendulum-v1__sac__0__20261201T000656Z");
/// var report = run.Agent.Evaluate([new EvaluationCondition("bursts", null, schedule)]);
/// </code></example>
public sealed class TrainedRun : IDisposable
{
    private TrainedRun(RunFolder folder, RunEnvironment env, IFrozenEncoder encoder, Agent agent)
    {
        Folder = folder;
        Env = env.Env;
        Encoder = encoder;
        Agent = agent;
    }

    /// <summary>The run folder, with its config.</summary>
    public RunFolder Folder { get; }

    /// <summary>The environment with the run's settings.</summary>
    public Env Env { get; }

    /// <summary>The features its agent sees: the run's frozen representation, standardised when the run set
    /// agent.standardize_features (<see cref="FeatureStandardization"/>).</summary>
    public IFrozenEncoder Encoder { get; }

    /// <summary>The run's trained agent.</summary>
    public Agent Agent { get; }

    /// <summary>Opens the run folder at <paramref name="path"/>; throws <see cref="ConfigException"/> when it is not a
    /// run folder or its training has not finished.</summary>
    public static TrainedRun Open(string path)
    {
        var folder = RunFolder.Open(path);
        if (!File.Exists(folder.AgentCheckpoint))
            throw new ConfigException($"run folder '{folder.Path}' has no trained agent yet ({folder.AgentCheckpoint}); finish it with: gmcrl run --resume {folder.Path}");
        var env = RunEnvironment.Of(folder.Config);
        var encoder = OpenAgentEncoder(folder, env);
        try
        {
            return new TrainedRun(folder, env, encoder, LoadAgent(folder, env, encoder));
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    /// <summary>The frozen representation of the run folder at <paramref name="path"/> with the run's environment, once
    /// pretraining has finished (the agent need not be trained): for probes and diagnostics of the representation itself,
    /// never standardised for an agent. Throws <see cref="ConfigException"/> when it is not a run folder or has no
    /// pretrained model yet.</summary>
    public static (Env Env, IFrozenEncoder Encoder) OpenRepresentation(string path)
    {
        var folder = RunFolder.Open(path);
        if (folder.RepresentationModel is { } model && !File.Exists(model))
            throw new ConfigException($"run folder '{folder.Path}' has no pretrained model yet ({model}); pretrain first: gmcrl pretrain --resume {folder.Path}");
        var env = RunEnvironment.Of(folder.Config);
        return (env.Env, OpenEncoder(folder, env));
    }

    /// <summary>The run's configured representation, frozen: its pretrained model, or the true state's features.</summary>
    internal static IFrozenEncoder OpenEncoder(RunFolder run, RunEnvironment env)
    {
        var config = run.Config;
        var baseline = config.Representation == RepresentationKind.Mvae ? BaselineKind.Mvae : BaselineKind.FusionAutoencoder;
        IFrozenEncoder encoder = config.Representation switch
        {
            RepresentationKind.Gmc => GmcEncoder.Load(run.GmcCheckpoint),
            RepresentationKind.TrueState => new TrueStateFeatures(env.Env.Observations, env.Registration.TrueState!),
            _ => BaselineEncoder.Load(run.RepresentationModel!, baseline),
        };
        // A config.json edited after pretraining would otherwise be ignored without a word.
        if (config.Representation != RepresentationKind.TrueState && encoder.FeatureSize != config.Gmc.LatentSize)
        {
            encoder.Dispose();
            throw new ConfigException($"config key 'gmc.latent_size': {config.Gmc.LatentSize}, but the pretrained model '{run.RepresentationModel}' has latents of {encoder.FeatureSize}; set gmc.latent_size {encoder.FeatureSize}, or pretrain again in a new run.");
        }
        return encoder;
    }

    /// <summary>The features the run's agent sees: its frozen representation, standardised by the run's fitted map
    /// when the config sets agent.standardize_features (the map must exist: the train stage writes it first).</summary>
    internal static IFrozenEncoder OpenAgentEncoder(RunFolder run, RunEnvironment env)
    {
        var encoder = OpenEncoder(run, env);
        if (!run.Config.Agent.StandardizeFeatures) return encoder;
        try
        {
            if (!File.Exists(run.FeatureStandardization))
                throw new ConfigException($"run folder '{run.Path}' sets agent.standardize_features but has no {Path.GetFileName(run.FeatureStandardization)}, the map its agent " +
                    $"sees the features through. A run whose agent has not started training fits it as it continues (gmcrl run --resume {run.Path}); one whose agent has needs the file back.");
            return FeatureStandardization.Load(run.FeatureStandardization).Apply(encoder, owns: true);
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    /// <summary>The pretraining epoch of a learned representation's model (the one with the lowest held-out loss).</summary>
    internal static int ModelEpoch(RunFolder run) => run.Config.Representation switch
    {
        RepresentationKind.Gmc => Representation.Training.GmcCheckpoint.Load(run.GmcCheckpoint).Epoch,
        RepresentationKind.TrueState => throw new ArgumentException("the true state has no model", nameof(run)),
        _ => BaselineCheckpoint.Load(run.RepresentationModel!).Epoch,
    };

    /// <summary>A new agent with the run's settings and seed.</summary>
    internal static Agent CreateAgent(RunFolder run, RunEnvironment env, IFrozenEncoder encoder) =>
        Agent.Create(env.Env, encoder, Settings(run.Config, env), run.Config.Seed, run.Config.Agent.DiscreteActions);

    /// <summary>The run's trained agent.</summary>
    internal static Agent LoadAgent(RunFolder run, RunEnvironment env, IFrozenEncoder encoder) =>
        Agent.Load(run.AgentCheckpoint, env.Env, encoder, Settings(run.Config, env), run.Config.Seed, run.Config.Agent.DiscreteActions);

    // The agent's settings as the config gives them; each algorithm derives the rest (Agents' AgentSettings).
    private static AgentSettings Settings(RunConfig config, RunEnvironment env) => new()
    {
        Algorithm = env.Algorithm,
        Steps = config.Agent.Steps,
        Hidden = config.Agent.Hidden,
        LearningRate = config.Agent.LearningRate,
        Gamma = config.Agent.Gamma,
        BatchSize = config.Agent.BatchSize,
        ExplorationFraction = config.Agent.ExplorationFraction,
        ExplorationInitial = config.Agent.ExplorationInitial,
        ExplorationFinal = config.Agent.ExplorationFinal,
        TargetUpdateInterval = config.Agent.TargetUpdateInterval,
        GradientClipValue = config.Agent.GradientClipValue,
        ActorLearningRate = config.Agent.ActorLearningRate,
        NoiseDecaySteps = config.Agent.NoiseDecaySteps,
    };

    /// <inheritdoc/>
    public void Dispose()
    {
        Agent.Dispose();
        Encoder.Dispose();
    }
}
