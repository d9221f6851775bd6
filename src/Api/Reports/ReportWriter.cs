using System.Globalization;
using System.Text;
using GmcRL.Agents.Evaluation;
using GmcRL.Agents.Training;
using GmcRL.Envs;
using GmcRL.Storage;

namespace GmcRL.Reports;

/// <summary>
/// Writes a run's <c>report.md</c> and its plots (<c>plots/*.png</c>): the paper's table (all modalities, each
/// modality alone), every condition with its confidence interval, the learning curve, reward per condition and
/// reward against drop probability.
/// </summary>
public static class ReportWriter
{
    /// <summary>Writes the report into <paramref name="folder"/>; returns the files written. Plots are written without
    /// text (and the report says why) on a machine without fonts. <paramref name="training"/>: how the evaluated agent
    /// was trained where that differs from the paper's protocol (null: it does not).</summary>
    public static IReadOnlyList<string> Write(
        string folder, EvaluationReport evaluation,
        IReadOnlyList<(string Label, double[] Steps, double[] Values)> learningCurve, GeometryReport? geometry = null,
        TrainingNotes? training = null)
    {
        var written = new List<string>();
        string plots = Path.Combine(folder, "plots");
        void Png(string name, byte[] bytes)
        {
            string path = Path.Combine(plots, name);
            AtomicFile.Write(path, s => s.Write(bytes));
            written.Add(path);
        }

        string? font = PlotFonts.EnsureRegistered();
        var score = evaluation.Score;
        bool perStep = score == EpisodeScore.RewardPerStep;
        string who = $"{evaluation.Representation} + {evaluation.Agent} on {evaluation.Env}";
        if (learningCurve.Count > 0 && learningCurve.All(c => c.Steps.Length > 0))
            Png("learning_curve.png", Plots.LearningCurve(learningCurve, $"Learning curve: {who}", $"mean evaluation {EvaluationReport.Names(score).Words}"));
        Png("reward_per_condition.png", Plots.RewardPerCondition(evaluation.Conditions, $"Reward per condition: {who}", score));
        var dropCurve = DropCurve(evaluation.Conditions);
        if (dropCurve.Count > 1)
            Png("reward_vs_drop_probability.png", Plots.RewardAgainstDropProbability(dropCurve, $"Reward against modality dropout: {who}", score));

        var md = new StringBuilder();
        md.AppendLine($"# Run report: {who}")
          .AppendLine()
          .AppendLine($"Seed {evaluation.Seed}; {evaluation.Episodes} evaluation episodes of {evaluation.Steps} steps per condition, ")
          .Append(perStep
              ? "the same start states in every condition. Score of an episode: its average reward per step (docs/method.md §6); 0 is the best possible"
              : "the same start states in every condition. Score of an episode: its total reward (a game ends by its own rules, so a reward per step would favour quick losses)")
          .AppendLine(evaluation.RandomPolicy is { } random
              ? $"; uniformly random actions score {F(random.Mean(score))} ± {F(random.Ci95(score))} (95% CI) on the same episodes. "
                + "\"Kept\" is the share of the controller's lead over random actions that survives the condition: "
                + "(condition - random) / (all - random), shown when the controller clearly beats random actions with every modality present."
              : ".")
          .AppendLine();
        if (training?.KeptAgent is { } best)
            md.AppendLine($"The agent evaluated is the one of step {best.Step.ToString("N0", CultureInfo.InvariantCulture)}, whose training evaluation (on episodes of its own) "
                + $"scored the run's highest mean return, {F(best.MeanReturn)} (agent.keep_best); not the last.").AppendLine();

        if (training?.TrainCondition is { } trainCondition)
            md.AppendLine($"The agent trained with modalities missing as in the condition {trainCondition} (agent.train_condition): "
                + "training-time modality dropout, not the paper's protocol, in which the agent trains with every modality and only "
                + "the frozen encoder makes it robust.").AppendLine();

        if (training?.StandardizedOver is { } samples)
            md.AppendLine($"The agent saw each feature standardised to zero mean and unit variance over {samples.ToString("N0", CultureInfo.InvariantCulture)} "
                + "samples of the training split (agent.standardize_features): a fixed rescaling of its input, fitted before training, "
                + "where the paper's protocol feeds the features as the frozen representation gives them.").AppendLine();

        var paper = PaperRows(evaluation.Conditions);
        if (paper.Count > 0)
        {
            md.AppendLine("## The paper's table").AppendLine()
              .AppendLine($"| condition | {EvaluationReport.Names(score).Words} (mean ± std) |")
              .AppendLine("| --- | ---: |");
            foreach (var (label, r) in paper) md.AppendLine($"| {label} | {F(r.Mean(score))} ± {F(r.Std(score))} |");
            md.AppendLine();
        }

        Outcomes(md, evaluation);

        md.AppendLine("## Every condition").AppendLine()
          .AppendLine($"| condition | present | {EvaluationReport.Names(score).Words} | 95% CI | kept | std | {(perStep ? "return (mean ± std)" : "reward per step (mean ± std)")} | missing |")
          .AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |");
        string Other(ConditionResult r) => perStep ? $"{r.MeanReturn:F1} ± {r.StdReturn:F1}" : $"{F(r.MeanRewardPerStep)} ± {F(r.StdRewardPerStep)}";
        foreach (var r in evaluation.Conditions)
        {
            string present = r.Present is null ? "random" : string.Join(" + ", r.Present);
            string missing = string.Join(", ", r.MissingFraction.Select(p => $"{p.Key} {p.Value:P0}"));
            string kept = evaluation.Kept(r) is double k ? Percent(k) : "-";
            md.AppendLine($"| {r.Name} | {present} | {F(r.Mean(score))} | ± {F(r.Ci95(score))} | {kept} | {F(r.Std(score))} | {Other(r)} | {missing} |");
        }
        if (evaluation.RandomPolicy is { } floor)
            md.AppendLine($"| random actions | all | {F(floor.Mean(score))} | ± {F(floor.Ci95(score))} | - | {F(floor.Std(score))} | {Other(floor)} | |");
        md.AppendLine();

        if (geometry is not null) Geometry(md, geometry, File.Exists(Path.Combine(plots, "latent_map.png")));

        md.AppendLine("## Plots").AppendLine();
        if (font is null) md.AppendLine($"> Note: {PlotFonts.MissingFontAdvice}.").AppendLine();
        foreach (string png in written)
            md.AppendLine($"![{Path.GetFileNameWithoutExtension(png).Replace('_', ' ')}](plots/{Path.GetFileName(png)})").AppendLine();
        if (geometry is not null && File.Exists(Path.Combine(plots, "latent_map.png"))) md.AppendLine("![latent map](plots/latent_map.png)").AppendLine();

        string report = Path.Combine(folder, "report.md");
        AtomicFile.WriteAllText(report, md.ToString());
        written.Add(report);
        return written;
    }

    // How the episodes ended, for a game that is won or lost: total reward per episode and the share of each ending.
    private static void Outcomes(StringBuilder md, EvaluationReport evaluation)
    {
        var rows = (evaluation.RandomPolicy is { } random ? evaluation.Conditions.Append(random) : evaluation.Conditions)
            .Where(r => r.Outcomes is not null).ToList();
        if (rows.Count == 0) return;
        var endings = rows.SelectMany(r => r.Outcomes!.Keys).Distinct().ToList();
        md.AppendLine("## How the episodes ended").AppendLine()
          .AppendLine("Total reward per episode (mean ± std) and the share of episodes that ended each way (\"truncated\": cut by the ")
          .AppendLine("evaluation's step limit before the game ended).").AppendLine()
          .Append("| condition | return |").AppendLine(string.Concat(endings.Select(e => $" {e} |")))
          .Append("| --- | ---: |").AppendLine(string.Concat(endings.Select(_ => " ---: |")));
        foreach (var r in rows)
        {
            string name = r == evaluation.RandomPolicy ? "random actions" : r.Name;
            md.Append(string.Create(CultureInfo.InvariantCulture, $"| {name} | {r.MeanReturn:F2} ± {r.StdReturn:F2} |"));
            foreach (string e in endings)
                md.Append($" {Percent(r.Outcomes!.TryGetValue(e, out int n) ? n / (double)Math.Max(1, r.Episodes) : 0)} |");
            md.AppendLine();
        }
        md.AppendLine();
    }

    /// <summary>The DCA table of a learned latent (the paper's measure of alignment), as a Markdown section.</summary>
    internal static void Geometry(StringBuilder md, GeometryReport geometry, bool map)
    {
        md.AppendLine("## Geometry of the latent space (DCA)").AppendLine()
          .AppendLine($"Delaunay Component Analysis (Poklukar et al., ICLR 2022) of {geometry.Points} held-out samples, as the GMC paper ")
          .AppendLine("measures alignment: each subset's latents z(S) (the evaluated set E) against the complete latents z(1:M) ")
          .AppendLine("(the reference R), on the approximate Delaunay graph of both ")
          .AppendLine(string.Create(CultureInfo.InvariantCulture, $"({geometry.Rays} rays per point, seed {geometry.Seed}). Precision P and recall R: the shares of E's and R's points in fundamental "))
          .AppendLine("components (where both sets mix well); network consistency c and quality q: how evenly the sets fill the distilled graph ")
          .AppendLine("and the share of its edges that join R to E; the harmonic mean 3 / (1/P + 1/R + 1/q) is the paper's single score. ")
          .AppendLine("P and R near 1 with q near 0.5 (two well-mixed sets of equal size join R to E on about half of their edges): ")
          .AppendLine("z(S) lies where z(1:M) does; 0: it lies elsewhere.").AppendLine()
          .AppendLine("| z(S) against z(1:M) | P | R | c | q | harmonic mean | fundamental / components | largest components (R, E, c, q) |")
          .AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var s in geometry.Subsets)
        {
            if (s.Problem is { } problem) { md.AppendLine($"| {s.Name} | not measured: {problem} | | | | | | |"); continue; }
            string largest = string.Join("; ", s.Largest.Take(3).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.R}, {c.E}, {c.Consistency:F2}, {c.Quality:F2}{(c.Fundamental ? "" : " (not fundamental)")}")));
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {s.Name} | {s.Precision:F3} | {s.Recall:F3} | {s.NetworkConsistency:F3} | {s.NetworkQuality:F3} | {s.HarmonicMean:F3} | {s.FundamentalComponents} / {s.Components} | {largest} |"));
        }
        md.AppendLine();
        StateProbes(md, geometry);
        if (map)
            md.AppendLine("The latent map (plots/latent_map.png, points in latent_map.csv): one UMAP fit of z(1:M) and every z(S) together, ")
              .AppendLine("so that positions compare across panels; first coloured by set, then each set by " +
                  (geometry.Map?.StateName is { } state ? $"the true state's {state}." : "its own colour."))
              .AppendLine();
    }

    /// <summary>The state probe of each set of latents, one row per true-state feature, as a Markdown section.</summary>
    private static void StateProbes(StringBuilder md, GeometryReport geometry)
    {
        if (geometry.StateProbes is not { Count: > 0 } probes || geometry.StateFeatures is not { } features) return;
        var first = probes[0].Scores;
        md.AppendLine("### What the latents hold of the true state").AppendLine()
          .AppendLine("Each true-state feature (what the true-state agent sees) predicted from the latents of the same held-out samples, ")
          .AppendLine(string.Create(CultureInfo.InvariantCulture, $"each of the {first.Points} points predicted from the others in {first.Folds} contiguous folds: out-of-fold R^2 of ridge regression / of the mean "))
          .AppendLine(string.Create(CultureInfo.InvariantCulture, $"of the {first.K} nearest fitted latents (1: predicted exactly, 0: no better than the mean). A controller can only act on what its latent holds.")).AppendLine()
          .Append("| feature |").AppendLine(string.Concat(probes.Select(p => $" z({p.Name}) |")))
          .Append("| --- |").AppendLine(string.Concat(probes.Select(_ => " ---: |")));
        static string Pair(double? linear, double? local) =>
            linear is { } l && local is { } k ? string.Create(CultureInfo.InvariantCulture, $"{l:F2} / {k:F2}") : "constant";
        for (int c = 0; c < features.Count; c++)
            md.Append($"| {features[c]} |").AppendLine(string.Concat(probes.Select(p => $" {Pair(p.Scores.Linear[c], p.Scores.Neighbours[c])} |")));
        md.Append("| **mean** |").AppendLine(string.Concat(probes.Select(p => $" **{Pair(p.Scores.MeanLinear, p.Scores.MeanNeighbours)}** |")))
          .AppendLine();
    }

    /// <summary>The paper's rows (all modalities, then each modality alone), labelled as the paper does.</summary>
    public static IReadOnlyList<(string Label, ConditionResult Result)> PaperRows(IReadOnlyList<ConditionResult> results)
    {
        var rows = new List<(string, ConditionResult)>();
        var all = results.FirstOrDefault(r => r.Name == "all");
        if (all is not null) rows.Add((all.Present is null ? "all" : string.Join(" + ", all.Present), all));
        rows.AddRange(results.Where(r => r.Present is { Count: 1 }).Select(r => ($"{r.Present![0]} only", r)));
        return rows;
    }

    // Points of the reward-against-dropout curve: "all" at p = 0 and every per-step condition at its p.
    private static List<(double, ConditionResult)> DropCurve(IReadOnlyList<ConditionResult> results)
    {
        var points = new List<(double, ConditionResult)>();
        var all = results.FirstOrDefault(r => r.Name == "all");
        if (all is not null) points.Add((0.0, all));
        foreach (var r in results)
            if (r.Name.StartsWith("per_step_p", StringComparison.Ordinal) &&
                double.TryParse(r.Name["per_step_p".Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out double p))
                points.Add((p, r));
        return points.OrderBy(p => p.Item1).ToList();
    }

    private static string F(double x) => x.ToString("F3", CultureInfo.InvariantCulture);

    /// <summary>A share as a percentage with one decimal, e.g. "99.8 %".</summary>
    internal static string Percent(double share) => share.ToString("P1", CultureInfo.InvariantCulture);
}
