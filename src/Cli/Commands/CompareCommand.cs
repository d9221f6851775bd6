using GmcRL.Pipeline;
using GmcRL.Cli.Options;
using GmcRL.Config;
using GmcRL.Runs;

namespace GmcRL.Cli.Commands;

/// <summary>
/// <c>gmcrl compare</c>: trains each representation (GMC, the fusion autoencoder, the MVAE, the true state) and the same
/// agent with the same config, seed and dataset, evaluates each with missing modalities, and writes one table
/// (<c>comparison.md</c>, <c>.json</c>, <c>.png</c>) in a new comparison folder, or with <c>--resume</c> continues one.
/// </summary>
public static class CompareCommand
{
    private const string Summary =
        "Trains every representation and the same agent with the same seed and dataset, evaluates each with missing\n" +
        "modalities (by default: all, each modality alone, per-step dropout p = 0.3) and writes one comparison table.\n" +
        "Each representation runs in its own run folder inside the comparison folder; finished ones are skipped on --resume.";

    /// <summary>Runs the command; returns the exit code (0 done, 2 bad input, 130 stopped).</summary>
    public static int Run(string[] args, TextWriter output)
    {
        var cl = new CommandLine("gmcrl compare", Summary, args);
        var (preset, file, resume, root, overrides) = PipelineCommand.ConfigOptions(cl, "continue the comparison in this folder (its config and plan win)");
        string? list = cl.OptionalText("representations", "names", "the representations to compare, comma-separated (default: gmc,fusion_ae,mvae,true_state)");
        if (cl.ShowHelp(output))
        {
            PipelineCommand.ConfigHelp(output, "representation");
            return 0;
        }
        if (overrides.Any(o => o.Key == "representation"))
            throw new CommandLineException("gmcrl compare: each run's representation comes from --representations; drop --representation.");

        CompareFolder compare;
        if (resume is not null)
        {
            if (preset is not null || file is not null || overrides.Count > 0 || list is not null)
                throw new CommandLineException("gmcrl compare: --resume continues a comparison with the config and representations it was started with; drop --preset, --config, --representations and config keys.");
            compare = CompareFolder.Open(resume);
        }
        else
        {
            var representations = CompareFolder.ParseRepresentations(list ?? "gmc,fusion_ae,mvae,true_state", "--representations");
            var config = ConfigLoader.Load(preset, file, overrides);
            if (config.Representation != RepresentationKind.Gmc)
                throw new CommandLineException("gmcrl compare: each run's representation comes from --representations; drop 'representation' from the config file.");
            compare = CompareFolder.Create(root, Comparison.WithTableConditions(config), representations, DateTime.UtcNow);
        }
        return PipelineCommand.UntilStopped(output, token => new Comparison(compare, output, token).Run());
    }
}
