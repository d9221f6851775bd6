using System.Globalization;
using System.Text;
using GmcRL.Agents.Evaluation;

namespace GmcRL.Reports;

/// <summary>What <c>evaluation.json</c> holds: the run's identity and one entry per condition.</summary>
/// <param name="FormatVersion">Version of this file's layout.</param>
/// <param name="Env">Environment name.</param>
/// <param name="Representation">Representation name (e.g. "gmc").</param>
/// <param name="Agent">Agent name (e.g. "sac").</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="Episodes">Episodes per condition.</param>
/// <param name="Steps">Steps per episode.</param>
/// <param name="Conditions">The results, one per condition.</param>
/// <param name="RandomPolicy">Uniformly random actions on the same episodes, the floor of <see cref="RewardKept"/>;
/// null when none was run.</param>
public sealed record EvaluationReport(
    int FormatVersion, string Env, string Representation, string Agent, int Seed, int Episodes, int Steps,
    IReadOnlyList<ConditionResult> Conditions, ConditionResult? RandomPolicy = null)
{
    /// <summary>The share of the reward kept in <paramref name="condition"/> (see <see cref="RewardKept"/>); null without
    /// a random policy's result or an "all" condition, or when the controller does not clearly beat random actions.</summary>
    public double? Kept(ConditionResult condition) =>
        RandomPolicy is { } random && Conditions.FirstOrDefault(c => c.Name == "all") is { } all ? RewardKept.Of(condition, all, random) : null;

    /// <summary>The results as the text table <c>gmcrl run</c> prints: each condition's mean reward per step, its 95%
    /// interval and the share of the reward kept, then the random actions.</summary>
    public string Table()
    {
        // A game that is won or lost also shows each condition's total reward per episode and its win rate.
        bool games = Conditions.Any(c => c.WinRate is not null);
        var text = new StringBuilder();
        text.AppendLine($"{"condition",-22} {"reward/step",12} {"95% CI",9} {"kept",8}" + (games ? $" {"return",9} {"won",7}" : ""));
        foreach (var r in RandomPolicy is { } random ? Conditions.Append(random) : Conditions)
        {
            string kept = r == RandomPolicy ? "" : Kept(r) is double k ? ReportWriter.Percent(k) : "-";
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Name,-22} {r.MeanRewardPerStep,12:F3} {"± " + r.Ci95RewardPerStep.ToString("F3", CultureInfo.InvariantCulture),9} {kept,8}") +
                (games ? string.Create(CultureInfo.InvariantCulture, $" {r.MeanReturn,9:F2} {(r.WinRate is double w ? ReportWriter.Percent(w) : "-"),7}") : ""));
        }
        return text.ToString();
    }

    /// <summary>The current layout version.</summary>
    public const int CurrentFormatVersion = 1;
}
