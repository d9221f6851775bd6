using System.Text.Json;
using GmcRL.Cli.Options;
using GmcRL.Config;
using GmcRL.Pipeline;
using GmcRL.Reports;
using GmcRL.Runs;

namespace GmcRL.Cli.Commands;

/// <summary>
/// <c>gmcrl dca &lt;run or comparison folder&gt;</c>: measures the geometry of a pretrained latent (DCA of each subset's
/// held-out latents against the complete ones, and the latent map) for a run that has its model, writes
/// geometry.json, latent_map.csv and plots/latent_map.png, and rewrites report.md when the run is evaluated; for a
/// comparison folder, every learned representation's run and then the comparison's files.
/// </summary>
public static class DcaCommand
{
    private const string Name = "gmcrl dca";

    public static int Run(string[] args, TextWriter output)
    {
        string? path = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : null;
        var cl = new CommandLine(Name + " <run or comparison folder>",
            "Delaunay Component Analysis of a pretrained latent, as the GMC paper measures alignment: each modality's\n" +
            "held-out latents z(m) (every proper subset's with three or more modalities) against the complete ones z(1:M),\n" +
            "with a UMAP map of them all. Writes geometry.json, latent_map.csv and plots/latent_map.png into the run and\n" +
            "adds them to its report; in a comparison folder, to every learned representation's run and the comparison.\n" +
            "Runs measure this after pretraining on their own (config section 'geometry'); this is for finished runs.",
            path is null ? args : args[1..]);
        int points = cl.Int("points", 0, $"held-out points measured, at least {GeometryOptions.MinimumPoints} (0: the run's geometry.points, 2000 by default)", min: 0);
        int rays = cl.Int("rays", 0, "rays per point of the Delaunay graph (0: the run's geometry.rays, 10000 by default)", min: 0);
        bool noMap = cl.Flag("no-map", "measure DCA only, without the latent map");
        bool json = cl.Flag("json", "print the scores as JSON (one object per run) instead of tables");
        if (cl.ShowHelp(output)) return 0;
        if (path is null) throw new CommandLineException($"{Name}: name a run or comparison folder: {Name} <folder>.");
        if (points is > 0 and < GeometryOptions.MinimumPoints)
            throw new CommandLineException($"{Name}: --points must be 0 or at least {GeometryOptions.MinimumPoints} (got {points}).");

        var log = json ? TextWriter.Null : output;
        var measured = new List<GeometryReport>();
        if (CompareFolder.IsComparison(path))
        {
            var compare = CompareFolder.Open(path);
            foreach (var kind in compare.Representations.Where(k => k != RepresentationKind.TrueState))
                if (Measure(RunFolder.Open(compare.RunOf(kind)), points, rays, noMap, log) is { } g) measured.Add(g);
            if (compare.Representations.All(k => File.Exists(Path.Combine(compare.RunOf(k), "evaluation.json"))))
            {
                Comparison.WriteReport(compare);
                log.WriteLine($"dca: wrote {compare.Markdown}");
            }
            else log.WriteLine($"dca: the comparison is not finished, so {compare.Markdown} is written when it is: gmcrl compare --resume {compare.Path}");
        }
        else if (Measure(RunFolder.Open(path), points, rays, noMap, log) is { } g) measured.Add(g);
        if (json) output.WriteLine(JsonSerializer.Serialize(measured, EvaluationFiles.Json));
        return 0;
    }

    private static GeometryReport? Measure(RunFolder run, int points, int rays, bool noMap, TextWriter output)
    {
        var settings = run.Config.Geometry;
        settings = settings with
        {
            // A run configured with geometry.points 0 measured nothing; asked now, it gets the default.
            Points = points > 0 ? points : settings.Points == 0 ? new GeometryConfig().Points : settings.Points,
            Rays = rays > 0 ? rays : settings.Rays,
            Map = !noMap && settings.Map,
        };
        var pipeline = new RunPipeline(run, output, CancellationToken.None);
        output.WriteLine($"dca: {run.Path}");
        var geometry = pipeline.Geometry(settings);
        if (geometry is null) return null;
        output.WriteLine($"dca: wrote {run.Geometry}" + (geometry.Map is null ? "" : " and the latent map (latent_map.csv, plots/latent_map.png)"));
        if (pipeline.RewriteReport()) output.WriteLine($"dca: rewrote {run.Report}");
        return geometry;
    }
}
