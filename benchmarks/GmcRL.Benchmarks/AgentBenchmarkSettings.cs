using GmcRL.Agents;
using GmcRL.Cli.Options;

namespace GmcRL.Benchmarks;

/// <summary>The parsed command line of `GmcRL.Benchmarks agents`.</summary>
internal sealed record AgentBenchmarkSettings(
    IReadOnlyList<Algorithm> Algorithms, int FirstSeed, int Seeds, long? Steps, int Threads, int Environments, bool Json,
    IReadOnlyList<int>? Hidden = null, int? BatchSize = null)
{
    /// <summary>Parses <paramref name="args"/>; null when --help was given (the help is then written to <paramref name="output"/>).</summary>
    public static AgentBenchmarkSettings? Parse(string[] args, TextWriter output)
    {
        var cl = new CommandLine("GmcRL.Benchmarks agents",
            "Trains on Pendulum-v1 with the true state (200-step episodes) and evaluates 10 deterministic episodes\n" +
            "every 5,000 steps and at the end.", args);
        string algo = cl.Text("algo", "all", "which agent(s) to train", "sac", "dqn", "ddpg", "all");
        int seeds = cl.Int("seeds", 3, "seeds per agent", min: 1);
        int firstSeed = cl.Int("first-seed", 0, "the first seed: seeds K .. K+N-1", min: 0);
        int steps = cl.Int("steps", 0, "environment steps per run (0: sac 20000, dqn 30000, ddpg 20000)", min: 0);
        int threads = cl.Int("threads", 1, "TorchSharp intra-op threads (see docs/benchmarks/agents.md)", min: 1);
        int envs = cl.Int("envs", 1, "environment copies stepped together (1: one update per environment step)", min: 1);
        var hidden = cl.IntList("hidden", "each agent's own", "hidden layer sizes of SAC's actor and critics and of DQN's Q network (DDPG keeps docs/method.md §6's)");
        int batch = cl.Int("batch", 0, "samples per gradient step (0: each agent's own: SAC 256, DQN and DDPG 128)", min: 0);
        bool json = cl.Flag("json", "print one JSON object instead of a table (progress goes to standard error)");
        if (cl.ShowHelp(output)) return null;
        IReadOnlyList<Algorithm> algorithms = algo switch
        {
            "sac" => [Algorithm.Sac],
            "dqn" => [Algorithm.Dqn],
            "ddpg" => [Algorithm.Ddpg],
            _ => [Algorithm.Sac, Algorithm.Dqn, Algorithm.Ddpg],
        };
        return new AgentBenchmarkSettings(algorithms, firstSeed, seeds, steps == 0 ? null : steps, threads, envs, json,
            hidden, batch == 0 ? null : batch);
    }
}
