using GmcRL.Benchmarks;

namespace GmcRL.Cli;

/// <summary>Entry point of the gmcrl command-line app: dispatches subcommands.</summary>
public static class Program
{
    private const string Usage = """
        usage: gmcrl <command> [options]

        commands:
          run            run the main job on a built-in default (for now: the environment demo)
          bench env      environment steps per second (single env and vector env)
          bench agents   agent learning checks on Pendulum with the true state

        Run 'gmcrl <command> --help' for a command's options.
        """;

    public static int Main(string[] args)
    {
        try
        {
            return args switch
            {
                [] or ["--help" or "-h" or "help"] => Help(),
                ["run", .. var rest] => DemoCommand.Run(rest, Console.Out),
                ["bench", "env", .. var rest] => EnvBenchmark.Run(rest, Console.Out),
                ["bench", "agents", .. var rest] => AgentBenchmark.Run(rest, Console.Out),
                ["bench", ..] => Fail("gmcrl bench: name a benchmark: 'env' or 'agents'."),
                [var other, ..] => Fail($"gmcrl: unknown command '{other}'.\n\n{Usage}"),
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
