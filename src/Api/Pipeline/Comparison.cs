using System.Diagnostics;
using System.Globalization;
using GmcRL.Agents.Evaluation;
using GmcRL.Config;
using GmcRL.Reports;
using GmcRL.Runs;
using GmcRL.Envs.Wrappers;
using GmcRL.Representation.Baselines;
using GmcRL.Representation.Training;

namespace GmcRL.Pipeline;

/// <summary>
/// Runs a comparison: collects the dataset once in the comparison folder, then the whole pipeline (pretrain, train,
/// evaluate) once per representation in its own run folder, every run with the shared config and seed and that
/// dataset, and finally writes the comparison's report. Finished runs and stages are skipped, so a stopped comparison
/// continues where it stopped.
/// </summary>
public sealed class Comparison(CompareFolder compare, TextWriter output, CancellationToken stop)
{
    /// <summary>The conditions of the comparison's table (all modalities, each one alone, per-step dropout at p = 0.3),
    /// as a config's evaluation.conditions, for a config that names none.</summary>
    public static RunConfig WithTableConditions(RunConfig config)
    {
        if (config.Evaluation.Conditions is not null) return config;
        var spec = RunEnvironment.Of(config).Registration.Modalities;
        var names = EvaluationCondition.Standard(spec)
            .Where(c => c.Present is { Count: var k } && (k == 1 || k == spec.Count) || c.Schedule is DropSchedule.PerStep { Probability: 0.3 })
            .Select(c => c.Name).ToList();
        return config with { Evaluation = config.Evaluation with { Conditions = names } };
    }

    /// <summary>Runs what is left of the comparison; returns false when stopped early.</summary>
    public bool Run()
    {
        var wall = Stopwatch.StartNew();
        output.WriteLine($"compare: {string.Join(", ", compare.Representations.Select(RunFolder.NameOf))} in {compare.Path}");
        if (!new RunPipeline(compare.Root, output, stop, command: null).RunThrough(Stage.Collect)) return Stopped();
        foreach (var (kind, index) in compare.Representations.Select((k, i) => (k, i)))
        {
            var run = RunOf(kind);
            output.WriteLine();
            output.WriteLine($"compare: === {RunFolder.NameOf(kind)} ({index + 1} of {compare.Representations.Count}) ===");
            var clock = Stopwatch.StartNew();
            if (!new RunPipeline(run, output, stop, command: null).RunThrough(Stage.Evaluate)) return Stopped();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"compare: {RunFolder.NameOf(kind)} done in {clock.Elapsed.TotalMinutes:F1} min"));
        }
        var report = WriteReport(compare);
        output.WriteLine();
        output.WriteLine($"{EvaluationReport.Names(report.Score).Column}: mean ± 95% CI");
        output.WriteLine($"{"representation",-16}" + string.Concat(report.Conditions.Select(c => $" {c,20}")));
        foreach (var r in report.Representations)
            output.WriteLine($"{r.Name,-16}" + string.Concat(report.Conditions.Select(c =>
            {
                var x = r.Conditions.FirstOrDefault(k => k.Name == c);
                return x is null ? $" {"-",20}" : string.Create(CultureInfo.InvariantCulture, $" {$"{x.Mean(report.Score):F3} ± {x.Ci95(report.Score):F3}",20}");
            })));
        foreach (var r in report.Representations.Where(r => r.Geometry is { Count: > 0 }))
            output.WriteLine($"{r.Name,-16} DCA harmonic mean against z(1:M): " + string.Join(", ", r.Geometry!.Select(g =>
                g.Problem is null ? string.Create(CultureInfo.InvariantCulture, $"{g.Name} {g.HarmonicMean:F3}") : $"{g.Name} -")));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"compare: wrote {compare.Markdown} ({wall.Elapsed.TotalMinutes:F1} min in this session)"));
        return true;
    }

    /// <summary>Writes the comparison's files from its finished run folders; returns what they hold.</summary>
    public static ComparisonReport WriteReport(CompareFolder compare)
    {
        var report = Gather(compare);
        ComparisonWriter.Write(compare.Markdown, compare.Json, compare.Plot, report, compare.LatentMaps);
        return report;
    }

    /// <summary>The comparison's numbers, read from its finished run folders: each run's results in the comparison's
    /// conditions, in their order (a run copied in may have been evaluated in more).</summary>
    public static ComparisonReport Gather(CompareFolder compare)
    {
        var results = new List<RepresentationResult>();
        EvaluationReport? first = null;
        ConditionResult? random = null; // every run draws the same random actions on the same episodes
        IReadOnlyList<string>? conditions = compare.Config.Evaluation.Conditions;
        foreach (var kind in compare.Representations)
        {
            var run = RunFolder.Open(compare.RunOf(kind));
            var evaluation = EvaluationFiles.Read(run.Path);
            first ??= evaluation;
            random ??= evaluation.RandomPolicy;
            conditions ??= evaluation.Conditions.Select(c => c.Name).ToList();
            var rows = conditions.Select(name => evaluation.Conditions.FirstOrDefault(c => c.Name == name)
                ?? throw new InvalidDataException($"'{run.Evaluation}' has no results of condition '{name}', which the comparison's table needs.")).ToList();
            if (kind == RepresentationKind.TrueState)
            {
                results.Add(new RepresentationResult(run.RepresentationName, 0, 0, null, null, rows));
            }
            else if (kind == RepresentationKind.Gmc)
            {
                var gmc = GmcCheckpoint.Load(run.GmcCheckpoint);
                results.Add(Learned(run, rows, gmc.Epoch, gmc.ParameterCount, gmc.ParameterCount));
            }
            else
            {
                var baseline = BaselineCheckpoint.Load(run.RepresentationModel!);
                results.Add(Learned(run, rows, baseline.Epoch, baseline.ParameterCount, baseline.EncoderParameterCount));
            }
        }
        return new ComparisonReport(ComparisonReport.CurrentFormatVersion, first!.Env, first.Agent, first.Seed, first.Episodes, first.Steps,
            conditions!, results, random, first.Score, compare.Config.Agent.TrainCondition,
            compare.Config.Agent.StandardizeFeatures);
    }

    // A learned representation's row: its model's epoch and sizes, and that epoch's held-out alignment.
    private static RepresentationResult Learned(RunFolder run, IReadOnlyList<ConditionResult> rows, int epoch, long parameters, long encoder)
    {
        string metrics = Path.Combine(run.RepresentationFolder!, EpochMetrics.FileName);
        var measured = EpochMetrics.ReadJsonLines(metrics).LastOrDefault(m => m.Epoch == epoch)
            ?? throw new InvalidDataException($"'{metrics}' has no metrics of epoch {epoch}, the epoch of the model used.");
        var geometry = GeometryFiles.Read(run.Path);
        return new RepresentationResult(run.RepresentationName, parameters, encoder, epoch, measured.Alignment, rows, geometry?.Subsets)
        {
            Map = geometry?.Map, StateProbes = geometry?.StateProbes,
        };
    }

    // The run folder of a representation: made with the shared config and dataset on first use, reopened after. A run
    // found there (made by this comparison, or a finished run copied in to reuse it) must be the shared config with its
    // own representation, evaluated at least in the table's conditions, on the same dataset.
    private RunFolder RunOf(RepresentationKind kind)
    {
        string path = compare.RunOf(kind);
        var shared = compare.Config;
        if (File.Exists(Path.Combine(path, "config.json")))
        {
            var existing = RunFolder.Open(path);
            CheckBelongs(existing, kind);
            return existing;
        }
        return RunFolder.CreateAt(path, shared with
        {
            Representation = kind,
            Dataset = shared.Dataset with { Path = compare.Root.Dataset },
        }, datasetRelative: shared.Dataset.Path is null); // collected into the comparison folder: it moves with the runs
    }

    private void CheckBelongs(RunFolder run, RepresentationKind kind)
    {
        string refused = "; it does not belong to this comparison (a run copied in to reuse it must match the comparison's config)";
        if (run.Config.Representation != kind)
            throw new ConfigException($"'{run.Path}' is a run of {run.RepresentationName}, not of {RunFolder.NameOf(kind)}{refused}.");
        // Where the dataset lies and which further conditions the run evaluated do not change the table's numbers.
        static RunConfig Essentials(RunConfig c) => c with
        {
            Dataset = c.Dataset with { Path = null },
            Evaluation = c.Evaluation with { Conditions = null },
        };
        var differences = ConfigLoader.Differences(Essentials(compare.Config with { Representation = kind }), Essentials(run.Config));
        if (differences.Count > 0)
            throw new ConfigException($"'{run.ConfigFile}' differs from the comparison's config in {string.Join(", ", differences)}{refused}.");
        if (run.Config.Evaluation.Conditions is { } evaluated
            && compare.Config.Evaluation.Conditions?.Except(evaluated).ToList() is { Count: > 0 } missing)
            throw new ConfigException($"'{run.ConfigFile}' does not evaluate {string.Join(", ", missing)}, which the comparison's table needs{refused}.");
        if (Path.GetFullPath(run.Dataset) != Path.GetFullPath(compare.Root.Dataset) && File.Exists(run.Dataset)
            && !SameContent(run.Dataset, compare.Root.Dataset))
            throw new ConfigException($"'{run.Dataset}' is not the comparison's dataset ('{compare.Root.Dataset}'): their contents differ{refused}.");
    }

    private static bool SameContent(string a, string b)
    {
        using var x = File.OpenRead(a);
        using var y = File.OpenRead(b);
        return x.Length == y.Length && System.Security.Cryptography.SHA256.HashData(x).AsSpan().SequenceEqual(System.Security.Cryptography.SHA256.HashData(y));
    }

    private bool Stopped()
    {
        output.WriteLine($"compare: stopped; continue with: gmcrl compare --resume {compare.Path}");
        return false;
    }
}
