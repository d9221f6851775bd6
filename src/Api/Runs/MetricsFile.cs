using GmcRL.Envs;
using System.Globalization;
using System.Text;
using GmcRL.Agents.Training;
using GmcRL.Storage;

namespace GmcRL.Runs;

/// <summary>
/// A run's <c>metrics.csv</c>: one row per evaluation during training (deterministic, all modalities), appended chunk by
/// chunk so that an interrupted run keeps what it measured, and read back as the learning curve.
/// </summary>
/// <param name="path">The file.</param>
/// <param name="episodeSteps">Steps per training episode: the reward per step is the return over it.</param>
public sealed class MetricsFile(string path, int episodeSteps)
{
    private const string Header = "step,eval_mean_return,eval_std_return,eval_mean_reward_per_step\n";

    /// <summary>Appends one row per evaluation (the whole file is rewritten atomically).</summary>
    public void Append(IReadOnlyList<TrainingEvaluation> evaluations)
    {
        var csv = new StringBuilder(File.Exists(path) ? File.ReadAllText(path) : Header);
        foreach (var e in evaluations)
            csv.Append(string.Create(CultureInfo.InvariantCulture,
                $"{e.Step},{e.MeanReturn:R},{e.StdReturn:R},{e.MeanReturn / episodeSteps:R}\n"));
        AtomicFile.WriteAllText(path, csv.ToString());
    }

    /// <summary>Removes the rows after <paramref name="step"/>: a run that ended without a Ctrl-C checkpoint resumes from
    /// an earlier one (or from step 0 when it had none) and measures the steps after it again, so that the learning
    /// curve has each step once.</summary>
    public void DropAfter(long step)
    {
        if (!File.Exists(path)) return;
        var lines = File.ReadAllLines(path);
        var kept = lines.Take(1).Concat(lines.Skip(1).Where(l => l.Length > 0 &&
            !(long.TryParse(l.Split(',')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long s) && s > step))).ToList();
        if (kept.Count < lines.Length) AtomicFile.WriteAllText(path, string.Join('\n', kept) + "\n");
    }

    /// <summary>The first row with the highest mean return (null without rows): the agent that agent.keep_best keeps.</summary>
    public TrainingEvaluation? Best()
    {
        if (!File.Exists(path)) return null;
        TrainingEvaluation? best = null;
        foreach (var row in File.ReadAllLines(path).Skip(1).Select(l => l.Split(',')).Where(r => r.Length >= 4))
        {
            var e = new TrainingEvaluation(long.Parse(row[0], CultureInfo.InvariantCulture), double.Parse(row[1], CultureInfo.InvariantCulture),
                double.Parse(row[2], CultureInfo.InvariantCulture), 0);
            if (best is null || e.MeanReturn > best.Value.MeanReturn) best = e;
        }
        return best;
    }

    /// <summary>The steps and mean episode scores (reward per step, or the return) of the rows so far (empty without
    /// a file).</summary>
    public (double[] Steps, double[] Scores) Curve(EpisodeScore score = EpisodeScore.RewardPerStep)
    {
        if (!File.Exists(path)) return ([], []);
        var rows = File.ReadAllLines(path).Skip(1).Select(l => l.Split(',')).Where(r => r.Length >= 4).ToList();
        int column = score == EpisodeScore.Return ? 1 : 3;
        return (rows.Select(r => double.Parse(r[0], CultureInfo.InvariantCulture)).ToArray(),
            rows.Select(r => double.Parse(r[column], CultureInfo.InvariantCulture)).ToArray());
    }
}
