using GmcRL.Agents;
using GmcRL.Envs.Registry;

namespace GmcRL.Config;

/// <summary>
/// A config read against its environment's registration: the registration and every value the config leaves to the
/// environment (null keys) filled in from it. The one place where the app asks what an environment declared.
/// </summary>
/// <param name="Registration">The registered environment of env.name.</param>
/// <param name="FrameStack">Frames per observation.</param>
/// <param name="EpisodeSteps">Steps per training episode.</param>
/// <param name="CollectResetEvery">Collection resets every K steps; null for one long run.</param>
/// <param name="EvaluationSteps">Steps per evaluation episode.</param>
/// <param name="Algorithm">The agent's algorithm.</param>
/// <param name="DiscretizedActions">True when DQN drives a one-dimensional continuous action through evenly spaced values.</param>
public sealed record RunEnvironment(EnvRegistration Registration, int FrameStack, int EpisodeSteps, int? CollectResetEvery,
    int EvaluationSteps, Algorithm Algorithm, bool DiscretizedActions)
{
    /// <summary>Reads <paramref name="config"/> against its environment; a <see cref="ConfigException"/> naming the key
    /// for an unknown environment or an algorithm that cannot act in its action space.</summary>
    public static RunEnvironment Of(RunConfig config)
    {
        var registration = EnvRegistry.Find(config.Env.Name) ?? throw new ConfigException(
            $"config key 'env.name': no environment is registered as '{config.Env.Name}'; registered: {string.Join(", ", EnvRegistry.All.Select(r => r.Id))} (gmcrl envs describes them).");
        var kind = registration.HasDiscreteActions ? ActionKind.Discrete : ActionKind.Continuous;
        var algorithm = config.Agent.Algorithm ?? AgentSettings.DefaultFor(kind);
        bool discretized = algorithm == Algorithm.Dqn && kind == ActionKind.Continuous;
        if (algorithm != Algorithm.Dqn && kind == ActionKind.Discrete)
            throw new ConfigException($"config key 'agent.algorithm': {algorithm.Name()} needs continuous actions, but {registration.Id} has {registration.ActionSpaceText}; use dqn (or null).");
        if (discretized && registration.ActionSize != 1)
            throw new ConfigException($"config key 'agent.algorithm': dqn needs discrete actions or a one-dimensional continuous one to divide into agent.discrete_actions values, but {registration.Id} has {registration.ActionSpaceText}; use sac or ddpg.");
        int episode = config.Env.EpisodeSteps ?? registration.EpisodeSteps;
        int? reset = config.Dataset.ResetEvery switch { null => registration.CollectResetEvery, 0 => null, int k => k };
        return new RunEnvironment(registration, config.Env.FrameStack ?? registration.FrameStack, episode, reset,
            config.Evaluation.Steps ?? episode, algorithm, discretized);
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
