using System.Diagnostics;
using System.Text.Json;
using GmcRL.Cli.Options;
using GmcRL.Geometry;
using GmcRL.Geometry.Dca;

namespace GmcRL.Benchmarks;

/// <summary>
/// <c>GmcRL.Benchmarks dca</c>: wall-clock time of Delaunay Component Analysis (default options, 10^4 rays per point)
/// on 2,000 R and 2,000 E points in 10 dimensions, on two kinds of data: clustered (ten Gaussian clusters; E lacks
/// one of R's clusters) and one standard Gaussian cloud (the ray caster's worst case: nothing to prune). Each run is
/// timed whole and repeated (the target: three runs in under a minute on 2 cores).
/// </summary>
public static class DcaBenchmark
{
    /// <summary>One data kind: seconds per run, the edges sampled and the scores (the same in every run).</summary>
    public sealed record Case(string Data, IReadOnlyList<double> Seconds, double TotalSeconds, int GraphEdges,
        int DistilledEdges, int Components, double Precision, double Recall, double NetworkQuality);

    /// <summary>All figures of one run.</summary>
    public sealed record Result(string Benchmark, MachineInfo Machine, int RCount, int ECount, int Dimension, int Rays,
        int Repeats, IReadOnlyList<Case> Cases);

    /// <summary>Runs the benchmark with command-line <paramref name="args"/>; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output)
    {
        var cl = new CommandLine("GmcRL.Benchmarks dca", "Delaunay Component Analysis time on 2,000 + 2,000 points in 10-D.", args);
        int rCount = cl.Int("r", 2000, "R points", min: 1);
        int eCount = cl.Int("e", 2000, "E points", min: 1);
        int dimension = cl.Int("dimension", 10, "coordinates per point", min: 1);
        int rays = cl.Int("rays", DcaOptions.DefaultRayCount, "rays cast from each point (T)", min: 1);
        int repeats = cl.Int("repeats", 3, "timed runs per data kind", min: 1);
        string data = cl.Text("data", "both", "the data to time", "clustered", "gaussian", "both");
        string? run = cl.OptionalText("run", "run folder", "instead: the geometry of a pretrained run as the pipeline measures it (its held-out latents, at most --r of them; every subset against the complete latents, then the map)");
        bool json = cl.Flag("json", "print one JSON object instead of a table");
        if (cl.ShowHelp(output)) return 0;
        if (run is not null) return MeasureRun(run, rCount, rays, output);
        string[] kinds = data == "both" ? ["clustered", "gaussian"] : [data];

        var cases = kinds.Select(kind => Measure(kind, rCount, eCount, dimension, rays, repeats, json ? TextWriter.Null : output)).ToList();
        var result = new Result("dca", MachineInfo.Current(), rCount, eCount, dimension, rays, repeats, cases);
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
            return 0;
        }
        output.WriteLine();
        output.WriteLine($"machine: {result.Machine}");
        output.WriteLine($"{rCount} R + {eCount} E points, {dimension}-D, {rays} rays per point, {repeats} runs each");
        output.WriteLine($"{"data",-10} {"runs (s)",-24} {"total s",8} {"edges",9} {"distilled",9} {"comps",6} {"P",6} {"R",6} {"q",6}");
        foreach (var c in cases)
            output.WriteLine($"{c.Data,-10} {string.Join(" ", c.Seconds.Select(s => s.ToString("F2"))),-24} {c.TotalSeconds,8:F2} {c.GraphEdges,9:N0} " +
                $"{c.DistilledEdges,9:N0} {c.Components,6} {c.Precision,6:F3} {c.Recall,6:F3} {c.NetworkQuality,6:F3}");
        return 0;
    }

    // The pipeline's geometry of a finished pretraining, timed whole: encoding, DCA of every subset, the UMAP map.
    private static int MeasureRun(string path, int points, int rays, TextWriter output)
    {
        var run = GmcRL.Runs.RunFolder.Open(path);
        var env = GmcRL.Config.RunEnvironment.Of(run.Config).Env;
        var dataset = GmcRL.Representation.Data.DatasetFile.Load(run.Dataset);
        using var encoder = GmcRL.Representation.Gmc.GmcEncoder.Load(run.GmcCheckpoint);
        var options = new GeometryOptions { HeldOutFraction = run.Config.Gmc.ValidationFraction, Points = points, Rays = rays, Seed = run.Config.Seed };
        var clock = Stopwatch.StartNew();
        var geometry = LatentGeometry.Measure(env, dataset, encoder, options, output);
        output.WriteLine($"machine: {MachineInfo.Current()}");
        output.WriteLine($"{geometry.Representation} on {geometry.Env}: {geometry.Subsets.Count + 1} sets of {geometry.Points} held-out points in {geometry.Dimension}-D, {rays} rays per point: {clock.Elapsed.TotalSeconds:F1} s in all");
        output.Write(geometry.Table());
        return 0;
    }

    private static Case Measure(string kind, int rCount, int eCount, int dimension, int rays, int repeats, TextWriter progress)
    {
        var (r, e) = kind == "clustered" ? Clustered(rCount, eCount, dimension) : Gaussian(rCount, eCount, dimension);
        var seconds = new List<double>();
        DcaResult? last = null;
        for (int run = 0; run < repeats; run++)
        {
            var clock = Stopwatch.StartNew();
            last = Dca.Compute(r, e, new DcaOptions { RayCount = rays }, seed: run);
            seconds.Add(clock.Elapsed.TotalSeconds);
            progress.WriteLine($"{kind} run {run + 1}: {seconds[^1]:F2} s");
        }
        return new Case(kind, seconds, seconds.Sum(), last!.Graph.Edges.Count, last.DistilledEdgeCount, last.Components.Count,
            last.Precision, last.Recall, last.NetworkQuality);
    }

    /// <summary>Ten clusters (centres ~ N(0, 3^2 I), spread 0.5); R samples all ten, E all but the last.</summary>
    private static (Points R, Points E) Clustered(int rCount, int eCount, int d)
    {
        var random = new Random(11);
        var centres = Enumerable.Range(0, 10 * d).Select(_ => 3 * Gaussian(random)).ToArray();
        Points Sample(int count, int clusters) => new(Enumerable.Range(0, count).SelectMany(_ =>
        {
            int c = random.Next(clusters);
            return Enumerable.Range(0, d).Select(a => (float)(centres[c * d + a] + 0.5 * Gaussian(random))).ToArray();
        }).ToArray(), d);
        return (Sample(rCount, 10), Sample(eCount, 9));
    }

    /// <summary>R and E both from N(0, I).</summary>
    private static (Points R, Points E) Gaussian(int rCount, int eCount, int d)
    {
        var random = new Random(12);
        Points Sample(int count) => new(Enumerable.Range(0, count * d).Select(_ => (float)Gaussian(random)).ToArray(), d);
        return (Sample(rCount), Sample(eCount));
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
