using System.Globalization;
using System.Text;
using System.Text.Json;
using GmcRL.Storage;

namespace GmcRL.Reports;

/// <summary>Writes and reads a run's <c>evaluation.json</c> and <c>evaluation.csv</c> (snake_case keys, atomic writes).</summary>
public static class EvaluationFiles
{
    /// <summary>The JSON settings of every file the app writes.</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    /// <summary>Writes <c>evaluation.json</c> and <c>evaluation.csv</c> into <paramref name="folder"/>.</summary>
    public static void Write(string folder, EvaluationReport report)
    {
        AtomicFile.WriteAllText(Path.Combine(folder, "evaluation.json"), JsonSerializer.Serialize(report, Json));
        AtomicFile.WriteAllText(Path.Combine(folder, "evaluation.csv"), Csv(report));
    }

    /// <summary>Reads <c>evaluation.json</c> from <paramref name="folder"/>; a clear error when it is missing or malformed.</summary>
    public static EvaluationReport Read(string folder)
    {
        string path = Path.Combine(folder, "evaluation.json");
        if (!File.Exists(path)) throw new FileNotFoundException($"No evaluation in {folder}: {path} does not exist. Finish the run first: gmcrl compare --resume <its comparison folder>, or gmcrl run --resume {folder} for a run of its own", path);
        try
        {
            string text = File.ReadAllText(path);
            var report = JsonSerializer.Deserialize<EvaluationReport>(text, Json)
                ?? throw new InvalidDataException($"{path} is empty.");
            if (report.FormatVersion != EvaluationReport.CurrentFormatVersion)
                throw new InvalidDataException($"{path} has format version {report.FormatVersion}; this gmcrl reads version {EvaluationReport.CurrentFormatVersion}.");
            // A file written before the score was recorded scores as its environment does.
            using var document = JsonDocument.Parse(text);
            if (!document.RootElement.TryGetProperty("score", out _) && GmcRL.Envs.Registry.EnvRegistry.Find(report.Env) is { } registration)
                report = report with { Score = registration.Score };
            return report;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a valid evaluation file: {e.Message}", e);
        }
    }

    private static string Csv(EvaluationReport report)
    {
        var modalities = report.Conditions.SelectMany(c => c.MissingFraction.Keys).Distinct().ToArray();
        var csv = new StringBuilder("name,present,episodes,mean_reward_per_step,std_reward_per_step,ci95_reward_per_step,mean_return,std_return");
        foreach (string m in modalities) csv.Append(",missing_").Append(m);
        csv.Append('\n');
        foreach (var c in report.Conditions)
        {
            csv.Append(c.Name).Append(',')
               .Append(c.Present is null ? "" : string.Join("+", c.Present)).Append(',')
               .Append(c.Episodes);
            foreach (double v in new[] { c.MeanRewardPerStep, c.StdRewardPerStep, c.Ci95RewardPerStep, c.MeanReturn, c.StdReturn })
                csv.Append(',').Append(v.ToString("R", CultureInfo.InvariantCulture));
            foreach (string m in modalities)
                csv.Append(',').Append(c.MissingFraction.TryGetValue(m, out double f) ? f.ToString("R", CultureInfo.InvariantCulture) : "");
            csv.Append('\n');
        }
        return csv.ToString();
    }
}
