using System.Globalization;
using GmcRL.Agents;

namespace GmcRL.Benchmarks;

/// <summary>The parsed command line of `gmcrl bench agents`.</summary>
internal sealed record AgentBenchmarkSettings(
    IReadOnlyList<Algorithm> Algorithms, int FirstSeed, int Seeds, long? Steps, int Threads, int Environments, bool Json, bool Help)
{
    public const string Usage = """
        usage: gmcrl bench agents [--algo sac|dqn|ddpg|all] [--seeds N] [--first-seed K] [--steps N] [--threads N] [--envs N] [--json]

        Trains on Pendulum-v1 with the true state (200-step episodes) and evaluates 10 deterministic episodes
        every 5,000 steps and at the end.
          --algo     which agent(s) to train (default all)
          --seeds    seeds per agent (default 3)
          --first-seed  the first seed (default 0): seeds K .. K+N-1
          --steps    environment steps per run (default: sac 20000, dqn 30000, ddpg 20000)
          --threads  TorchSharp intra-op threads (default 1; see docs/benchmarks/agents.md)
          --envs     environment copies stepped together (default 1: one update per environment step)
          --json     print one JSON object instead of a table (progress goes to standard error)
        """;

    public static AgentBenchmarkSettings Parse(string[] args)
    {
        var algorithms = new List<Algorithm> { Algorithm.Sac, Algorithm.Dqn, Algorithm.Ddpg };
        int seeds = 3, firstSeed = 0, threads = 1, envs = 1;
        long? steps = null;
        bool json = false, help = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--algo":
                    algorithms = Value(args, ref i) switch
                    {
                        "sac" => [Algorithm.Sac],
                        "dqn" => [Algorithm.Dqn],
                        "ddpg" => [Algorithm.Ddpg],
                        "all" => algorithms,
                        var other => throw new CommandLineException($"gmcrl bench agents: unknown algorithm '{other}'; type --algo sac, --algo dqn, --algo ddpg or --algo all."),
                    };
                    break;
                case "--seeds": seeds = (int)Positive(args, ref i, "--seeds", "--seeds 3"); break;
                case "--first-seed": firstSeed = (int)Number(args, ref i, "--first-seed", "--first-seed 1", minimum: 0); break;
                case "--steps": steps = Positive(args, ref i, "--steps", "--steps 20000"); break;
                case "--threads": threads = (int)Positive(args, ref i, "--threads", "--threads 1"); break;
                case "--envs": envs = (int)Positive(args, ref i, "--envs", "--envs 1"); break;
                case "--json": json = true; break;
                case "--help" or "-h": help = true; break;
                default: throw new CommandLineException($"gmcrl bench agents: unknown option '{args[i]}'.\n\n{Usage}");
            }
        }
        return new AgentBenchmarkSettings(algorithms, firstSeed, seeds, steps, threads, envs, json, help);
    }

    private static string Value(string[] args, ref int i)
    {
        if (i + 1 >= args.Length) throw new CommandLineException($"gmcrl bench agents: {args[i]} needs a value.\n\n{Usage}");
        return args[++i];
    }

    private static long Positive(string[] args, ref int i, string name, string example) => Number(args, ref i, name, example, minimum: 1);

    private static long Number(string[] args, ref int i, string name, string example, long minimum)
    {
        string text = Value(args, ref i);
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) || value < minimum || value > int.MaxValue)
            throw new CommandLineException($"gmcrl bench agents: {name} needs a whole number of at least {minimum} (got '{text}'); for example {example}.");
        return value;
    }
}
