using GmcRL.Cli.Options;

namespace GmcRL.Benchmarks;

/// <summary>Entry point of the benchmarks: <c>dotnet run --project benchmarks/GmcRL.Benchmarks -c Release -- &lt;name&gt;</c>.
/// Each prints its figures (a table, or one JSON object with --json); the measured ones are recorded with machine and
/// command in docs/benchmarks/.</summary>
public static class Program
{
    /// <summary>How to call the benchmarks.</summary>
    public const string Usage = """
        usage: dotnet run --project benchmarks/GmcRL.Benchmarks -c Release -- <benchmark> [options]

        benchmarks:
          env        environment steps per second (single environment and vector environment)
          pretrain   GMC training throughput, encoder latency, dataset load, peak memory
          agents     agent learning checks on Pendulum-v1 with the true state
          replays    rendering time of a 300-step replay
          dca        Delaunay Component Analysis of 2,000 + 2,000 points in 10-D

        Each takes --help for its options.
        """;

    public static int Main(string[] args)
    {
        try
        {
            return args switch
            {
                ["env", .. var rest] => EnvBenchmark.Run(rest, Console.Out),
                ["pretrain", .. var rest] => PretrainBenchmark.Run(rest, Console.Out),
                ["agents", .. var rest] => AgentBenchmark.Run(rest, Console.Out),
                ["replays", .. var rest] => ReplayBenchmark.Run(rest, Console.Out),
                ["dca", .. var rest] => DcaBenchmark.Run(rest, Console.Out),
                [] or ["--help" or "-h" or "help"] => Help(),
                [var other, ..] => Fail($"unknown benchmark '{other}'.\n\n{Usage}"),
            };
        }
        catch (CommandLineException e)
        {
            return Fail(e.Message);
        }
    }

    private static int Help()
    {
        Console.WriteLine(Usage);
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }
}
