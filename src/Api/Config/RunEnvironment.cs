using GmcRL.Agents;
using GmcRL.Envs.Registry;

namespace GmcRL.Config;

/// <summary>
/// A config read against its environment's registration: the <see cref="GmcRL.Env"/> with every null key filled in from
/// the registration, and the agent's algorithm. The one place where the app asks what an environment declared.
/// </summary>
/// <param name="Env">The environment of env.name with the config's settings.</param>
/// <param name="Algorithm">The agent's algorithm.</param>
/// <param name="DiscretizedActions">True when DQN drives a one-dimensional continuous action through evenly spaced values.</param>
public sealed record RunEnvironment(Env Env, Algorithm Algorithm, bool DiscretizedActions)
{
    /// <summary>The registered environment of env.name.</summary>
    public EnvRegistration Registration => Env.Registration;

    /// <summary>Frames per observation.</summary>
    public int FrameStack => Env.FrameStack;

    /// <summary>Steps per training episode.</summary>
    public int EpisodeSteps => Env.EpisodeSteps;

    /// <summary>Collection resets every K steps; null for one long run.</summary>
    public int? CollectResetEvery => Env.CollectResetEvery;

    /// <summary>Steps per evaluation episode.</summary>
    public int EvaluationSteps => Env.EvaluationSteps;

    /// <summary>Reads <paramref name="config"/> against its environment; a <see cref="ConfigException"/> naming the key
    /// for an unknown environment or an algorithm that cannot act in its action space.</summary>
    public static RunEnvironment Of(RunConfig config)
    {
        if (EnvRegistry.Find(config.Env.Name) is null) throw new ConfigException(
            $"config key 'env.name': no environment is registered as '{config.Env.Name}'; registered: {string.Join(", ", EnvRegistry.All.Select(r => r.Id))} (gmcrl envs describes them).");
        var env = Env.Make(config.Env.Name, config.Env.FrameStack, config.Env.EpisodeSteps, config.Evaluation.Steps, config.Dataset.ResetEvery);
        try
        {
            var (algorithm, discretized) = Agent.Plan(env.Registration, config.Agent.Algorithm);
            return new RunEnvironment(env, algorithm, discretized);
        }
        catch (ArgumentException e)
        {
            throw new ConfigException($"config key 'agent.algorithm': {e.Message}");
        }
    }
    /// <summary>Throws <see cref="ConfigException"/> unless the dataset at <paramref name="path"/> (with
    /// <paramref name="header"/>) was collected from this run's environment with its frame count: an encoder trained on
    /// it could not read this run's observations otherwise.</summary>
    public void CheckDataset(Representation.Data.DatasetHeader header, string path)
    {
        if (header.Environment != Registration.Id)
            throw new ConfigException($"config key 'env.name': {Registration.Id}, but the dataset '{path}' was collected from {header.Environment}; set env.name {header.Environment} or collect a new dataset.");
        if (header.FrameStack != FrameStack)
            throw new ConfigException($"config key 'env.frame_stack': {FrameStack}, but the dataset '{path}' stacks {header.FrameStack} frames per observation; set env.frame_stack {header.FrameStack} or collect a new dataset.");
    }

    /// <summary>The algorithm's name as configs and folders spell it.</summary>
    public string AlgorithmName => Algorithm.Name();
}
