using System.Globalization;
using System.Text;
using GmcRL.Agents.Evaluation;
using GmcRL.Envs;

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
/// <param name="Score">What an episode scores (the environment's <see cref="GmcRL.Envs.Registry.EnvRegistration.Score"/>):
/// the reward per step, or a game's total reward.</param>
/// <param name="EpisodeSeed">The seed episode 0 started from (episode e from EpisodeSeed + e, in every condition); null in
/// files written before it was recorded (runs of the app evaluate from 10,000).</param>
public sealed record EvaluationReport(
    int FormatVersion, string Env, string Representation, string Agent, int Seed, int Episodes, int Steps,
    IReadOnlyList<ConditionResult> Conditions, ConditionResult? RandomPolicy = null, EpisodeScore Score = EpisodeScore.RewardPerStep,
    int? EpisodeSeed = null)
{
    /// <summary>The share of the score kept in <paramref name="condition"/> (see <see cref="RewardKept"/>); null without
    /// a random policy's result or an "all" condition, or when the controller does not clearly beat random actions.</summary>
    public double? Kept(ConditionResult condition) =>
        RandomPolicy is { } random && Conditions.FirstOrDefault(c => c.Name == "all") is { } all ? RewardKept.Of(condition, all, random, Score) : null;

    /// <summary>The score's name in tables ("reward/step" or "return") and in sentences.</summary>
    public static (string Column, string Words) Names(EpisodeScore score) =>
        score == EpisodeScore.Return ? ("return", "total reward per episode") : ("reward/step", "average reward per step");

    /// <summary>The results as the text table <c>gmcrl run</c> prints: each condition's mean score, its 95% interval
    /// and the share kept, then the random actions; a game adds its win rate, and a reward-per-step score the return.</summary>
    public string Table()
    {
        bool games = Conditions.Any(c => c.WinRate is not null);
        bool perStep = Score == EpisodeScore.RewardPerStep;
        var text = new StringBuilder();
        text.AppendLine($"{"condition",-22} {Names(Score).Column,12} {"95% CI",9} {"kept",8}" + (games && perStep ? $" {"return",9}" : "") + (games ? $" {"won",7}" : ""));
        foreach (var r in RandomPolicy is { } random ? Conditions.Append(random) : Conditions)
        {
            string kept = r == RandomPolicy ? "" : Kept(r) is double k ? ReportWriter.Percent(k) : "-";
            string digits = perStep ? "F3" : "F2";
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Name,-22} {r.Mean(Score).ToString(digits, CultureInfo.InvariantCulture),12} {"± " + r.Ci95(Score).ToString(digits, CultureInfo.InvariantCulture),9} {kept,8}") +
                (games && perStep ? string.Create(CultureInfo.InvariantCulture, $" {r.MeanReturn,9:F2}") : "") +
                (games ? $" {(r.WinRate is double w ? ReportWriter.Percent(w) : "-"),7}" : ""));
        }
        return text.ToString();
    }

    /// <summary>The current layout version.</summary>
    public const int CurrentFormatVersion = 1;
}
