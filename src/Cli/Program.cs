using GmcRL.Agents.Checkpoints;
using GmcRL.Cli.Options;
using GmcRL.Config;
using GmcRL.Cli.Commands;
using GmcRL.Pipeline;
using GmcRL.Replays;

namespace GmcRL.Cli;

/// <summary>Entry point of the gmcrl command-line app: dispatches subcommands.</summary>
public static class Program
{
    private const string Usage = """
        usage: gmcrl <command> [options]

        commands:
          run            the main job: collect, pretrain, train, evaluate with missing modalities, report
          collect        collect the pretraining dataset into a run folder
          pretrain       ... and pretrain GMC on it
          train          ... and train the agent on the frozen latent
          evaluate       ... and evaluate it (same as run)
          compare        run the job once per representation (GMC, fusion autoencoder, MVAE, true state) and compare them
          dca            the geometry of a run's pretrained latent (DCA, latent map), for a finished run or comparison
          paired         two evaluated runs compared episode by episode: the difference's 95% interval, McNemar on wins
          envs           the registered environments (--env.name) with their modalities and action spaces
          demo           random actions on an environment with modality dropout
          render         render a replay as GIF, WAV, HTML viewer (and MP4 with ffmpeg)
          replays        list a run folder's replays

        Run 'gmcrl <command> --help' for a command's options. Benchmarks are a program of their own:
        dotnet run --project benchmarks/GmcRL.Benchmarks -c Release -- --help
        """;

    public static int Main(string[] args)
    {
        try
        {
            return args switch
            {
                [] or ["--help" or "-h" or "help"] => Help(),
                ["run", .. var rest] => PipelineCommand.Run(Stage.Evaluate, "run", rest, Console.Out),
                ["collect", .. var rest] => PipelineCommand.Run(Stage.Collect, "collect", rest, Console.Out),
                ["pretrain", .. var rest] => PipelineCommand.Run(Stage.Pretrain, "pretrain", rest, Console.Out),
                ["train", .. var rest] => PipelineCommand.Run(Stage.Train, "train", rest, Console.Out),
                ["evaluate", .. var rest] => PipelineCommand.Run(Stage.Evaluate, "evaluate", rest, Console.Out),
                ["compare", .. var rest] => CompareCommand.Run(rest, Console.Out),
                ["dca", .. var rest] => DcaCommand.Run(rest, Console.Out),
                ["paired", .. var rest] => PairedCommand.Run(rest, Console.Out),
                ["envs", .. var rest] => EnvsCommand.Run(rest, Console.Out),
                ["demo", .. var rest] => DemoCommand.Run(rest, Console.Out),
                ["render", .. var rest] => RenderCommand.Run(rest, Console.Out),
                ["replays", .. var rest] => ReplaysCommand.Run(rest, Console.Out),
                ["bench", ..] => Fail("gmcrl: the benchmarks are a program of their own: dotnet run --project benchmarks/GmcRL.Benchmarks -c Release -- --help"),
                [var other, ..] => Fail($"gmcrl: unknown command '{other}'.\n\n{Usage}"),
            };
        }
        catch (CommandLineException e)
        {
            return Fail(e.Message);
        }
        catch (ConfigException e)
        {
            return Fail(e.Message);
        }
        // A file the user gave (a dataset, a checkpoint, a replay, an output folder) that cannot be read or written: the
        // messages name the file and what is wrong with it, so the user gets them without a stack trace.
        catch (Exception e) when (e is InvalidDataException or CheckpointException or ReplayFormatException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"gmcrl: {e.Message}");
            return 1;
        }
    }

    private static int Help(string text = Usage)
    {
        Console.WriteLine(text);
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }
}
