using System.Globalization;
using System.Text.Json;
using GmcRL.Cli.Options;
using GmcRL.Replays;

namespace GmcRL.Cli.Commands;

/// <summary>
/// <c>gmcrl replays &lt;run folder&gt;</c>: lists the replays a run recorded (its <c>replays/</c> folder) with their
/// condition, episode, seed, return, length and how often each modality was missing. A replay that cannot be read is
/// listed with the reason, and the others are still listed.
/// </summary>
public static class ReplaysCommand
{
    private const string Name = "gmcrl replays";

    /// <summary>One listed replay.</summary>
    public sealed record Entry(string File, string? Condition, int? Episode, int? Seed, int? Steps, double? Return,
        IReadOnlyDictionary<string, double>? MissingFraction, string? Error);

    public static int Run(string[] args, TextWriter output)
    {
        string? runPath = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : null;
        var cl = new CommandLine(Name + " <run folder>",
            "Lists a run's recorded evaluation episodes (its replays/ folder) with condition, return and length.\n" +
            "Render one with 'gmcrl render <replay>'.", runPath is null ? args : args[1..]);
        bool json = cl.Flag("json", "print one JSON array instead of a table");
        if (cl.ShowHelp(output)) return 0;
        if (runPath is null) throw new CommandLineException($"{Name}: name a run folder: {Name} <run folder>.");
        if (!Directory.Exists(runPath))
            throw new CommandLineException($"{Name}: run folder '{runPath}' {(File.Exists(runPath) ? "is a file, not a folder" : "does not exist")}.");

        // A run folder's replays live in its replays/ folder (RunFolder.Replays); a replays folder itself works too.
        string folder = Path.Combine(runPath, "replays");
        if (!Directory.Exists(folder))
        {
            if (Directory.EnumerateFiles(runPath, "*" + ReplayFile.Extension).Any()) folder = runPath;
            else throw new CommandLineException($"{Name}: '{runPath}' has no replays/ folder: runs record replays while they evaluate.");
        }

        var entries = List(folder);
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(entries, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true }));
            return 0;
        }
        if (entries.Count == 0)
        {
            output.WriteLine($"No replays in {folder}.");
            return 0;
        }
        var modalities = entries.Where(e => e.MissingFraction is not null).SelectMany(e => e.MissingFraction!.Keys).Distinct().ToArray();
        output.WriteLine($"{entries.Count} replays in {folder}:");
        output.WriteLine($"{"file",-36} {"condition",-22} {"episode",7} {"seed",7} {"steps",6} {"return",9}" +
                         string.Concat(modalities.Select(m => $" {m + " missing",14}")));
        foreach (var e in entries)
        {
            if (e.Error is not null)
            {
                output.WriteLine($"{e.File,-36} unreadable: {e.Error}");
                continue;
            }
            output.WriteLine($"{e.File,-36} {e.Condition,-22} {e.Episode,7} {e.Seed,7} {e.Steps,6} {e.Return!.Value.ToString("F1", CultureInfo.InvariantCulture),9}" +
                             string.Concat(modalities.Select(m => $" {(e.MissingFraction!.TryGetValue(m, out double f) ? (100 * f).ToString("0", CultureInfo.InvariantCulture) + "%" : "-"),14}")));
        }
        return 0;
    }

    /// <summary>Every <c>*.replay</c> in <paramref name="folder"/>, by file name.</summary>
    public static IReadOnlyList<Entry> List(string folder) =>
        Directory.EnumerateFiles(folder, "*" + ReplayFile.Extension).Order(StringComparer.Ordinal).Select(Describe).ToArray();

    private static Entry Describe(string path)
    {
        string file = Path.GetFileName(path);
        try
        {
            var replay = ReplayFile.Read(path);
            var h = replay.Header;
            var missing = h.Modalities.Select((m, i) => (m.Name, Fraction: replay.Count == 0 ? 0 :
                Enumerable.Range(0, replay.Count).Count(t => !replay.Mask(t).Has(i)) / (double)replay.Count)).ToDictionary(p => p.Name, p => p.Fraction);
            return new Entry(file, h.Condition, h.Episode, h.Seed, replay.Count, replay.Return, missing, null);
        }
        catch (ReplayFormatException e)
        {
            return new Entry(file, null, null, null, null, null, null, e.Problem);
        }
    }
}
