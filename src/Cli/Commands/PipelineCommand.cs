using GmcRL.Pipeline;
using GmcRL.Cli.Options;
using GmcRL.Config;
using GmcRL.Runs;

namespace GmcRL.Cli.Commands;

/// <summary>
/// <c>gmcrl collect | pretrain | train | evaluate | run</c>: runs the stages up to the named one (run: all of them and
/// the report) in a new run folder, or with <c>--resume</c> in an existing one, skipping finished stages. Options: a
/// preset, a config file, and any config key as <c>--section.key value</c>. Ctrl-C stops cleanly at the next
/// checkpoint.
/// </summary>
public static class PipelineCommand
{
    /// <summary>Runs the command for <paramref name="last"/>; returns the exit code (0 done, 2 bad input, 130 stopped).</summary>
    public static int Run(Stage last, string name, string[] args, TextWriter output)
    {
        var cl = new CommandLine($"gmcrl {name}", Summary(last), args);
        var (preset, file, resume, root, overrides) = ConfigOptions(cl, "continue the run in this folder (its config.json wins; overrides are refused)");
        if (cl.ShowHelp(output))
        {
            ConfigHelp(output);
            return 0;
        }

        RunFolder run;
        if (resume is not null)
        {
            if (preset is not null || file is not null || overrides.Count > 0)
                throw new CommandLineException($"gmcrl {name}: --resume continues a run with the config it was started with; drop --preset, --config and config keys.");
            run = RunFolder.Open(resume);
        }
        else
        {
            var config = ConfigLoader.Load(preset, file, overrides);
            // A given dataset must fit the environment before the run folder exists.
            if (config.Dataset.Path is string dataset && config.Representation != RepresentationKind.TrueState)
            {
                RunEnvironment.Of(config).CheckDataset(Representation.Data.DatasetFile.ReadHeader(dataset), dataset);
                Storage.LargeGarbage.Release(); // the run loads the dataset again
            }
            run = RunFolder.Create(root, config, DateTime.UtcNow);
        }

        return UntilStopped(output, token => new RunPipeline(run, output, token, name).RunThrough(last));
    }

    /// <summary>Declares the options that choose a config (preset, file, resume folder, runs root and config keys).</summary>
    internal static (string? Preset, string? File, string? Resume, string Root, IReadOnlyList<KeyValuePair<string, string>> Overrides) ConfigOptions(
        CommandLine cl, string resumeHelp)
    {
        string? preset = cl.OptionalText("preset", "a preset", "start from a preset: quickstart (the default, under 3 minutes), paper (the pendulum's reference experiment, about an hour), hyperhot-quickstart (about 20 minutes) or hyperhot-muse (Hyperhot at MUSE's budget, hours)", [.. Presets.All.Keys]);
        string? file = cl.OptionalText("config", "a file", "a JSON config file (keys as below; see runs/*/config.json for a full one)");
        string? resume = cl.OptionalText("resume", "a folder", resumeHelp);
        string? runs = cl.OptionalText("runs", "a folder", "folder for new run folders (default: runs)");
        if (resume is not null && runs is not null)
            throw new CommandLineException($"{cl.Command}: --runs has no effect with --resume (a resumed run stays in its folder); drop --runs.");
        string root = runs ?? "runs";
        var overrides = cl.ConfigOptions(ConfigLoader.Describe(Presets.Quickstart).Select(k => k.Key).Where(k => !k.Contains('.') && k != "preset").ToArray());
        return (preset, file, resume, root, overrides);
    }

    /// <summary>Lists every config key with its quickstart default, for --help.</summary>
    internal static void ConfigHelp(TextWriter output, params string[] omitted)
    {
        output.WriteLine();
        output.WriteLine($"environments (--env.name; gmcrl envs describes them): {string.Join(", ", Envs.Registry.EnvRegistry.All.Select(r => r.Id))}");
        output.WriteLine();
        output.WriteLine("config keys (set any with --key value, e.g. --agent.steps 5000); defaults of the quickstart preset on the default environment:");
        // The config's own "preset" key records the --preset option above; it is not set on its own.
        foreach (var (key, value, description) in ConfigLoader.Describe(Presets.Of("quickstart", null)).Where(k => k.Key != "preset" && !omitted.Contains(k.Key)))
            output.WriteLine($"  --{key,-30} {description} (default: {value})");
    }

    /// <summary>Runs <paramref name="work"/> with Ctrl-C turned into a stop request (a second Ctrl-C ends the process);
    /// returns 0 when it finished and 130 when it stopped early.</summary>
    internal static int UntilStopped(TextWriter output, Func<CancellationToken, bool> work)
    {
        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            if (stop.IsCancellationRequested) return; // a second Ctrl-C ends the process at once
            e.Cancel = true;
            stop.Cancel();
            output.WriteLine();
            output.WriteLine("stopping after the current pretraining epoch or training chunk; an evaluation already running finishes first (press Ctrl-C again to quit at once) ...");
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return work(stop.Token) ? 0 : 130;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static string Summary(Stage last) => last switch
    {
        Stage.Collect => "Collects the pretraining dataset in a run folder.",
        Stage.Pretrain => "Collects the dataset (if missing) and pretrains the representation (GMC unless --representation says otherwise) on it.",
        Stage.Train => "Runs collect and pretrain (if missing), then trains the agent on the frozen representation.",
        _ => "Runs the whole job: collect, pretrain, train, then the missing-modality evaluation and report;\n" +
             "finished stages of a resumed run are skipped.",
    };
}
