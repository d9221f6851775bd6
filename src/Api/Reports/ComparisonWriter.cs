using System.Globalization;
using System.Text;
using System.Text.Json;
using GmcRL.Agents.Evaluation;
using GmcRL.Envs;
using GmcRL.Storage;

namespace GmcRL.Reports;

/// <summary>
/// Writes a comparison's <c>comparison.md</c> (reward per step by representation and condition with 95% intervals,
/// the alignment metrics, the parameter counts, and GMC's margin over each learned baseline), <c>comparison.json</c>
/// and <c>comparison.png</c> (grouped bars). Every file is written atomically.
/// </summary>
public static class ComparisonWriter
{
    /// <summary>The learned baselines GMC's margins are measured against.</summary>
    private static readonly string[] LearnedBaselines = ["fusion_ae", "mvae"];

    /// <summary>Writes the files (the latent maps when <paramref name="maps"/> is given and a run has a map); returns
    /// their paths.</summary>
    public static IReadOnlyList<string> Write(string markdown, string json, string png, ComparisonReport report, string? maps = null)
    {
        AtomicFile.WriteAllText(json, JsonSerializer.Serialize(report, EvaluationFiles.Json));
        byte[] plot = Plots.RewardByRepresentation(report.Conditions,
            report.Representations.Select(r => (r.Name, r.Conditions)).ToList(),
            $"Reward per condition: {report.Agent} on each representation, {report.Env}", report.Score);
        AtomicFile.Write(png, s => s.Write(plot));
        var written = new List<string> { markdown, json, png };
        var mapped = report.Representations.Where(r => r.Map is not null).Select(r => (r.Name, r.Map!)).ToList();
        if (maps is not null && mapped.Count > 0)
        {
            byte[] picture = Plots.LatentMaps(mapped, $"Held-out latents on {report.Env} (UMAP), a row per representation");
            AtomicFile.Write(maps, s => s.Write(picture));
            written.Add(maps);
        }
        else maps = null;
        AtomicFile.WriteAllText(markdown, Markdown(report, Path.GetFileName(png), maps is null ? null : Path.GetFileName(maps)));
        return written;
    }

    /// <summary>The comparison as Markdown.</summary>
    public static string Markdown(ComparisonReport report, string png, string? maps = null)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Comparison of representations: {report.Agent} on {report.Env}").AppendLine()
          .AppendLine($"Every representation trained on the same dataset with the same seed ({report.Seed}), then the same agent on its ")
          .AppendLine($"frozen features, evaluated on the same {report.Episodes} episodes of {report.Steps} steps per condition. ")
          .AppendLine($"Mean {EvaluationReport.Names(report.Score).Words} with the half-width of its 95% confidence interval (t over episodes)"
              + (report.Score == EpisodeScore.RewardPerStep ? "; 0 is best, " : ", "))
          .Append(report.RandomPolicy is { } random
              ? $"uniformly random actions score {F(random.Mean(report.Score))} ± {F(random.Ci95(report.Score))} on the same episodes.{Environment.NewLine}"
              : "")
          .AppendLine("Missing modalities: GMC averages the present modalities' latents, the fusion ")
          .AppendLine("autoencoder gets zeros in their place, the MVAE multiplies only the present experts with its prior, and the ")
          .AppendLine("true state (the upper bound) does not use the senses at all.").AppendLine();
        if (report.TrainCondition is { } dropped)
            md.AppendLine($"Every agent on a learned representation trained with modalities missing as in the condition {dropped} ")
              .AppendLine("(agent.train_condition): training-time modality dropout, not the paper's protocol, in which the agent trains with ")
              .AppendLine("every modality and only the frozen encoder makes it robust.").AppendLine();
        if (report.StandardizedFeatures)
            md.AppendLine("Every agent saw its representation's features standardised to zero mean and unit variance over the training ")
              .AppendLine("split of the dataset (agent.standardize_features; each run's feature_standardization.json), a fixed rescaling ")
              .AppendLine("of its input where the paper's protocol feeds the features as they are.").AppendLine();

        md.Append("| representation |");
        foreach (string c in report.Conditions) md.Append($" {Label(c)} |");
        md.AppendLine().Append("| --- |").AppendLine(string.Concat(report.Conditions.Select(_ => " ---: |")));
        foreach (var r in report.Representations)
        {
            md.Append($"| {r.Name} |");
            foreach (string c in report.Conditions)
            {
                var x = Find(r, c);
                md.Append(x is null ? " - |" : $" {F(x.Mean(report.Score))} ± {F(x.Ci95(report.Score))} |");
            }
            md.AppendLine();
        }
        md.AppendLine();

        Kept(md, report);
        WinRates(md, report);
        Margins(md, report);

        md.AppendLine("## Alignment of each modality with the complete observation").AppendLine()
          .AppendLine("Held-out metrics of the model used (its best epoch): mean cosine of z(m) with z(1:M) of the same sample ")
          .AppendLine("(and of a random other sample), top-1 retrieval of the own z(1:M) among the retrieval samples, and the median ")
          .AppendLine("angle error of the nearest complete latent. For the baselines z(m) is the latent of modality m alone (the ")
          .AppendLine("autoencoder: the others zero-filled; the MVAE: posterior means), L2-normalised before measuring.").AppendLine()
          .AppendLine("| representation | epoch | modality | cosine (random) | top-1 | top-5 | angle error |")
          .AppendLine("| --- | ---: | --- | ---: | ---: | ---: | ---: |");
        foreach (var r in report.Representations)
        {
            if (r.Alignment is null)
            {
                md.AppendLine($"| {r.Name} | - | - | not a learned latent | | | |");
                continue;
            }
            foreach (var a in r.Alignment)
            {
                string angle = a.MedianAngleError is double e ? string.Create(CultureInfo.InvariantCulture, $"{e * 180 / Math.PI:F1}°") : "-";
                md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {r.Name} | {r.Epoch} | {a.Modality} | {a.PositiveCosine:F3} ({a.RandomCosine:F3}) | {a.Top1:P0} | {a.Top5:P0} | {angle} |"));
            }
        }
        md.AppendLine();

        Geometry(md, report);

        md.AppendLine("## Parameters").AppendLine()
          .AppendLine("| representation | run at control time | trained (with decoders) |")
          .AppendLine("| --- | ---: | ---: |");
        foreach (var r in report.Representations)
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Name} | {r.EncoderParameters:N0} | {r.Parameters:N0} |"));
        md.AppendLine();

        md.AppendLine("## Plot").AppendLine();
        if (PlotFonts.EnsureRegistered() is null) md.AppendLine($"> Note: {PlotFonts.MissingFontAdvice}.").AppendLine();
        md.AppendLine($"![reward per condition by representation]({png})");
        if (maps is not null) md.AppendLine().AppendLine($"![latent maps by representation]({maps})");
        return md.ToString();
    }

    // The paper's measure of alignment side by side: DCA of each subset's held-out latents against the complete ones.
    private static void Geometry(StringBuilder md, ComparisonReport report)
    {
        var measured = report.Representations.Where(r => r.Geometry is { Count: > 0 }).ToList();
        if (measured.Count == 0) return;
        md.AppendLine("## Geometry of the latent spaces (DCA)").AppendLine()
          .AppendLine("Delaunay Component Analysis of each subset's held-out latents z(S) against the complete latents z(1:M), as the ")
          .AppendLine("GMC paper measures alignment (each run's report.md explains the scores): precision P, recall R, network ")
          .AppendLine("consistency c and quality q, and their harmonic mean 3 / (1/P + 1/R + 1/q). P and R near 1 with q near 0.5 (two ")
          .AppendLine("well-mixed sets of equal size join R to E on about half of their edges) say that the modalities alone land where all ")
          .AppendLine("of them together do, which is what lets a controller keep working when a sense fails; 0 says they land elsewhere.").AppendLine()
          .AppendLine("| representation | z(S) | P | R | c | q | harmonic mean |")
          .AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in measured)
            foreach (var s in r.Geometry!)
                md.AppendLine(s.Problem is { } problem ? $"| {r.Name} | {s.Name} | not measured: {problem} | | | | |" : string.Create(CultureInfo.InvariantCulture,
                    $"| {r.Name} | {s.Name} | {s.Precision:F3} | {s.Recall:F3} | {s.NetworkConsistency:F3} | {s.NetworkQuality:F3} | {s.HarmonicMean:F3} |"));
        md.AppendLine();

        var probed = measured.Where(r => r.StateProbes is { Count: > 0 }).ToList();
        if (probed.Count == 0) return;
        var sets = probed[0].StateProbes!.Select(p => p.Name).ToList();
        md.AppendLine("What each latent holds of the true state: the mean R^2 over the true-state features of predicting them from the same ")
          .AppendLine("held-out latents, by ridge regression / by the mean of the nearest fitted latents (each run's report.md has every feature; ")
          .AppendLine("1: predicted exactly, 0: no better than the mean).").AppendLine()
          .Append("| representation |").AppendLine(string.Concat(sets.Select(n => $" z({n}) |")))
          .Append("| --- |").AppendLine(string.Concat(sets.Select(_ => " ---: |")));
        foreach (var r in probed)
            md.Append($"| {r.Name} |").AppendLine(string.Concat(sets.Select(n => r.StateProbes!.FirstOrDefault(p => p.Name == n) is { } p
                ? string.Create(CultureInfo.InvariantCulture, $" {p.Scores.MeanLinear:F3} / {p.Scores.MeanNeighbours:F3} |") : " |")));
        md.AppendLine();
    }

    // How much of each controller's lead over random actions survives each condition.
    private static void Kept(StringBuilder md, ComparisonReport report)
    {
        if (report.RandomPolicy is not { } random) return;
        md.AppendLine("## Reward kept").AppendLine()
          .AppendLine("The share of each controller's lead over random actions that survives the condition: ")
          .AppendLine("(condition - random) / (all - random); 100 % keeps everything, 0 % is no better than random actions; ")
          .AppendLine("\"-\" where the controller does not clearly beat random actions with every modality present.").AppendLine()
          .Append("| representation |").AppendLine(string.Concat(report.Conditions.Select(c => $" {Label(c)} |")))
          .Append("| --- |").AppendLine(string.Concat(report.Conditions.Select(_ => " ---: |")));
        foreach (var r in report.Representations)
        {
            md.Append($"| {r.Name} |");
            var all = Find(r, "all");
            foreach (string c in report.Conditions)
                md.Append(Find(r, c) is { } x && all is not null && RewardKept.Of(x, all, random, report.Score) is double k ? $" {ReportWriter.Percent(k)} |" : " - |");
            md.AppendLine();
        }
        md.AppendLine();
    }

    // For a game that is won or lost: the share of episodes won in each condition.
    private static void WinRates(StringBuilder md, ComparisonReport report)
    {
        if (!report.Representations.Any(r => r.Conditions.Any(c => c.WinRate is not null))) return;
        md.AppendLine("## Win rate").AppendLine()
          .AppendLine("The share of episodes won, with the total reward per episode (mean) beside it.").AppendLine()
          .Append("| representation |").AppendLine(string.Concat(report.Conditions.Select(c => $" {Label(c)} |")))
          .Append("| --- |").AppendLine(string.Concat(report.Conditions.Select(_ => " ---: |")));
        var rows = report.Representations.Select(r => (r.Name, Of: (Func<string, ConditionResult?>)(c => Find(r, c)))).ToList();
        if (report.RandomPolicy is { } random) rows.Add(("random actions", _ => random));
        foreach (var (name, of) in rows)
        {
            md.Append($"| {name} |");
            foreach (string c in report.Conditions)
                md.Append(of(c) is { WinRate: double w } x ? string.Create(CultureInfo.InvariantCulture, $" {ReportWriter.Percent(w)} ({x.MeanReturn:F2}) |") : " - |");
            md.AppendLine();
        }
        md.AppendLine();
    }

    // GMC's lead over each learned baseline per condition: difference of means and whether the 95% intervals are apart.
    private static void Margins(StringBuilder md, ComparisonReport report)
    {
        var gmc = report.Representations.FirstOrDefault(r => r.Name == "gmc");
        var baselines = report.Representations.Where(r => LearnedBaselines.Contains(r.Name)).ToList();
        if (gmc is null || baselines.Count == 0) return;
        md.AppendLine("## GMC against the learned baselines").AppendLine()
          .AppendLine($"Difference of mean {EvaluationReport.Names(report.Score).Words}, GMC minus the baseline (positive: GMC controls better), and whether the ")
          .AppendLine("two 95% intervals overlap.").AppendLine()
          .Append("| baseline |").AppendLine(string.Concat(report.Conditions.Select(c => $" {Label(c)} |")))
          .Append("| --- |").AppendLine(string.Concat(report.Conditions.Select(_ => " ---: |")));
        foreach (var b in baselines)
        {
            md.Append($"| gmc - {b.Name} |");
            foreach (string c in report.Conditions)
            {
                var (g, x) = (Find(gmc, c), Find(b, c));
                if (g is null || x is null) { md.Append(" - |"); continue; }
                double difference = g.Mean(report.Score) - x.Mean(report.Score);
                bool apart = Math.Abs(difference) > g.Ci95(report.Score) + x.Ci95(report.Score);
                md.Append(string.Create(CultureInfo.InvariantCulture, $" {difference:+0.000;-0.000} ({(apart ? "apart" : "overlap")}) |"));
            }
            md.AppendLine();
        }
        md.AppendLine();
    }

    private static ConditionResult? Find(RepresentationResult r, string condition) => r.Conditions.FirstOrDefault(c => c.Name == condition);

    private static string Label(string condition) => condition.Replace('_', ' ');

    private static string F(double x) => x.ToString("F3", CultureInfo.InvariantCulture);
}
