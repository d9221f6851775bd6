using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using GmcRL.Agents.Evaluation;
using GmcRL.Envs;

namespace GmcRL.Reports;

/// <summary>
/// Two evaluations of the same episodes set side by side, condition by condition: because episode e of both started
/// from the same seed, each episode's score difference is paired, which removes the episodes' own spread from the
/// comparison (a paired t interval of the mean difference), and the games each controller alone won are counted for
/// an exact McNemar test. <c>gmcrl paired</c> prints it.
/// </summary>
/// <param name="Score">The score compared: the evaluations' own, or the reward per step when either file predates
/// per-episode returns.</param>
/// <param name="Episodes">Episodes per condition.</param>
/// <param name="EpisodeSeed">The seed of episode 0 when both files record it.</param>
/// <param name="Rows">One per condition evaluated in both, in the first evaluation's order.</param>
/// <param name="Unpaired">Conditions only one of the two evaluated.</param>
/// <param name="Notes">What the reader should know: a fallback of the score, seeds not recorded.</param>
public sealed record PairedComparison(EpisodeScore Score, int Episodes, int? EpisodeSeed,
    IReadOnlyList<PairedComparison.Row> Rows, IReadOnlyList<string> Unpaired, IReadOnlyList<string> Notes)
{
    /// <summary>One condition compared.</summary>
    /// <param name="Condition">Its name.</param>
    /// <param name="MeanA">The first evaluation's mean score.</param>
    /// <param name="MeanB">The second's.</param>
    /// <param name="Difference">The mean of B - A over episodes.</param>
    /// <param name="DifferenceCi95">Half-width of the 95% interval of <paramref name="Difference"/> (paired t).</param>
    /// <param name="WonA">Episodes the first won; null when the environment does not say how episodes end.</param>
    /// <param name="WonB">Episodes the second won.</param>
    /// <param name="OnlyA">Episodes the first won and the second did not.</param>
    /// <param name="OnlyB">Episodes the second won and the first did not.</param>
    /// <param name="McNemarP">Exact two-sided McNemar p on <paramref name="OnlyA"/> against <paramref name="OnlyB"/>.</param>
    public sealed record Row(string Condition, double MeanA, double MeanB, double Difference, double DifferenceCi95,
        int? WonA, int? WonB, int? OnlyA, int? OnlyB, [property: JsonPropertyName("mcnemar_p")] double? McNemarP);

    /// <summary>Pairs <paramref name="a"/> and <paramref name="b"/>; a clear error when they are not evaluations of the
    /// same episodes (another environment, episode count, step limit or first seed).</summary>
    public static PairedComparison Of(EvaluationReport a, EvaluationReport b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Env != b.Env) throw new ArgumentException($"The evaluations are of different environments ({a.Env} and {b.Env}): no episode is shared.");
        if (a.Episodes != b.Episodes) throw new ArgumentException($"The evaluations ran {a.Episodes} and {b.Episodes} episodes per condition: pairing needs the same episodes.");
        if (a.Steps != b.Steps) throw new ArgumentException($"The evaluations cut episodes at {a.Steps} and {b.Steps} steps: pairing needs the same episodes.");
        if (a.EpisodeSeed is int sa && b.EpisodeSeed is int sb && sa != sb)
            throw new ArgumentException($"The evaluations started from seeds {sa} and {sb}: pairing needs the same episodes.");
        if (a.Score != b.Score) throw new ArgumentException($"The evaluations score episodes differently ({a.Score} and {b.Score}).");

        var notes = new List<string>();
        var pairs = a.Conditions.Select(c => (A: c, B: b.Conditions.FirstOrDefault(d => d.Name == c.Name))).Where(p => p.B is not null).ToArray();
        var score = a.Score;
        if (pairs.Any(p => p.A.EpisodeScores(score) is null || p.B!.EpisodeScores(score) is null))
        {
            score = EpisodeScore.RewardPerStep;
            notes.Add("One evaluation was written before episode returns were recorded, so episodes are compared on their reward per step.");
        }
        if (a.EpisodeSeed is null || b.EpisodeSeed is null)
            notes.Add("One evaluation does not record its first seed (written before it was); runs of the app evaluate from seed 10000.");

        var rows = pairs.Select(p => Pair(p.A, p.B!, score)).ToArray();
        var unpaired = a.Conditions.Select(c => c.Name).Except(b.Conditions.Select(c => c.Name))
            .Concat(b.Conditions.Select(c => c.Name).Except(a.Conditions.Select(c => c.Name))).ToArray();
        if (rows.Length == 0) throw new ArgumentException("The evaluations share no condition.");
        int? seed = a.EpisodeSeed is int s && b.EpisodeSeed is not null ? s : null;
        return new PairedComparison(score, a.Episodes, seed, rows, unpaired, notes);
    }

    private static Row Pair(ConditionResult a, ConditionResult b, EpisodeScore score)
    {
        var sa = a.EpisodeScores(score)!;
        var sb = b.EpisodeScores(score)!;
        if (sa.Count != a.Episodes || sb.Count != b.Episodes)
            throw new ArgumentException($"Condition {a.Name} lists {sa.Count} and {sb.Count} episode scores for {a.Episodes} episodes.");
        var (difference, ci) = Statistics.PairedDifference(sa, sb);
        if (a.EpisodeOutcome is not { } oa || b.EpisodeOutcome is not { } ob || a.WinRate is null)
            return new Row(a.Name, a.Mean(score), b.Mean(score), difference, ci, null, null, null, null, null);
        int onlyA = 0, onlyB = 0, wonA = 0, wonB = 0;
        for (int e = 0; e < oa.Count; e++)
        {
            bool wa = oa[e] == ConditionResult.Win, wb = ob[e] == ConditionResult.Win;
            if (wa) wonA++;
            if (wb) wonB++;
            if (wa && !wb) onlyA++;
            if (wb && !wa) onlyB++;
        }
        return new Row(a.Name, a.Mean(score), b.Mean(score), difference, ci, wonA, wonB, onlyA, onlyB, Statistics.McNemarExact(onlyA, onlyB));
    }

    /// <summary>The comparison as the text table <c>gmcrl paired</c> prints.</summary>
    public string Table()
    {
        string digits = Score == EpisodeScore.RewardPerStep ? "F3" : "F2";
        string F(double v) => v.ToString(digits, CultureInfo.InvariantCulture);
        bool games = Rows.Any(r => r.WonA is not null);
        var text = new StringBuilder();
        text.AppendLine($"{"condition",-22} {"A",9} {"B",9} {"B - A (95% CI)",18}" + (games ? $" {"won A",6} {"won B",6} {"only A",7} {"only B",7} {"McNemar p",10}" : ""));
        foreach (var r in Rows)
        {
            string difference = (r.Difference >= 0 ? "+" : "") + F(r.Difference) + " ± " + F(r.DifferenceCi95);
            text.Append($"{r.Condition,-22} {F(r.MeanA),9} {F(r.MeanB),9} {difference,18}");
            if (games)
                text.Append(r.WonA is null ? "" : string.Create(CultureInfo.InvariantCulture,
                    $" {r.WonA,6} {r.WonB,6} {r.OnlyA,7} {r.OnlyB,7} {r.McNemarP,10:F3}"));
            text.AppendLine();
        }
        return text.ToString();
    }
}
