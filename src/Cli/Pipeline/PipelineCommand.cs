using GmcRL.Benchmarks;
using GmcRL.Cli.Config;
using GmcRL.Cli.Runs;

namespace GmcRL.Cli.Pipeline;

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
        string preset = cl.Text("preset", "", "start from a preset: quickstart (default, about 10 minutes) or paper (hours)");
        string file = cl.Text("config", "", "a JSON config file (keys as below; see runs/*/config.json for a full one)");
        string resume = cl.Text("resume", "", "continue the run in this folder (its config.json wins; overrides are refused)");
        string root = cl.Text("runs", "runs", "folder for new run folders");
        var overrides = cl.ConfigOptions(ConfigLoader.Describe(Presets.Quickstart).Select(k => k.Key).Where(k => !k.Contains('.') && k != "preset").ToArray());
        if (cl.ShowHelp(output))
        {
            output.WriteLine();
            output.WriteLine("config keys (set any with --key value, e.g. --agent.steps 5000); defaults of the quickstart preset:");
            foreach (var (key, value, description) in ConfigLoader.Describe(Presets.Quickstart))
                output.WriteLine($"  --{key,-30} {description} (default: {value})");
            return 0;
        }

        RunFolder run;
        if (resume.Length > 0)
        {
            if (preset.Length > 0 || file.Length > 0 || overrides.Count > 0)
                throw new CommandLineException($"gmcrl {name}: --resume continues a run with the config it was started with; drop --preset, --config and config keys.");
            run = RunFolder.Open(resume);
        }
        else
        {
            var config = ConfigLoader.Load(preset.Length > 0 ? preset : null, file.Length > 0 ? file : null, overrides);
            run = RunFolder.Create(root, config, DateTime.UtcNow);
        }

        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            if (stop.IsCancellationRequested) return; // a second Ctrl-C ends the process at once
            e.Cancel = true;
            stop.Cancel();
            output.WriteLine();
            output.WriteLine("stopping after the current epoch or training chunk (press Ctrl-C again to quit at once) ...");
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return new RunPipeline(run, output, stop.Token).RunThrough(last) ? 0 : 130;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static string Summary(Stage last) => last switch
    {
        Stage.Collect => "Collects the pretraining dataset in a run folder.",
        Stage.Pretrain => "Collects the dataset (if missing) and pretrains GMC on it.",
        Stage.Train => "Runs collect and pretrain (if missing), then trains the agent on the frozen GMC latent.",
        _ => "Runs the whole job: collect, pretrain, train, then the missing-modality evaluation and report;\n" +
             "finished stages of a resumed run are skipped.",
    };
}
