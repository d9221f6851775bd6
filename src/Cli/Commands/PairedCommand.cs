using System.Text.Json;
using GmcRL.Cli.Options;
using GmcRL.Reports;

namespace GmcRL.Cli.Commands;

/// <summary>
/// <c>gmcrl paired &lt;run A&gt; &lt;run B&gt;</c>: two evaluated runs compared on the same episodes, condition by
/// condition (<see cref="PairedComparison"/>): both means, the paired difference B - A with its 95% interval and, for
/// a game, the games each alone won with an exact McNemar p.
/// </summary>
public static class PairedCommand
{
    private const string Name = "gmcrl paired";

    public static int Run(string[] args, TextWriter output)
    {
        var paths = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var cl = new CommandLine(Name + " <run A> <run B>",
            "Two evaluated runs compared on the same episodes (episode e of every condition starts from the same seed in\n" +
            "both), condition by condition: each mean score, the mean of the episode-by-episode difference B - A with its\n" +
            "95% interval (paired t: the episodes' own spread cancels), and for a game the episodes each alone won with\n" +
            "an exact McNemar p. An interval that holds 0, or a p above 0.05, is a difference the episodes cannot tell.",
            args[paths.Length..]);
        bool json = cl.Flag("json", "print the comparison as one JSON object instead of a table");
        if (cl.ShowHelp(output)) return 0;
        if (paths.Length != 2) throw new CommandLineException($"{Name}: name two evaluated run folders: {Name} <run A> <run B>.");

        var a = Read(paths[0]);
        var b = Read(paths[1]);
        PairedComparison paired;
        try
        {
            paired = PairedComparison.Of(a, b);
        }
        catch (ArgumentException e)
        {
            throw new CommandLineException($"{Name}: {paths[0]} and {paths[1]} cannot be paired. {e.Message}");
        }
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(paired, EvaluationFiles.Json));
            return 0;
        }
        output.WriteLine($"A: {paths[0]} ({a.Representation}, {a.Agent}, seed {a.Seed})");
        output.WriteLine($"B: {paths[1]} ({b.Representation}, {b.Agent}, seed {b.Seed})");
        output.WriteLine($"{a.Env}: {paired.Episodes} episodes per condition" + (paired.EpisodeSeed is int s ? $" from seed {s}" : "") +
                         $"; score: {EvaluationReport.Names(paired.Score).Words}");
        foreach (string note in paired.Notes) output.WriteLine("note: " + note);
        output.WriteLine();
        output.Write(paired.Table());
        if (paired.Unpaired.Count > 0) output.WriteLine($"evaluated in one run only: {string.Join(", ", paired.Unpaired)}");
        return 0;
    }

    // A run folder, or its evaluation.json named directly.
    private static EvaluationReport Read(string path)
    {
        string folder = File.Exists(path) && Path.GetFileName(path) == "evaluation.json" ? Path.GetDirectoryName(Path.GetFullPath(path))! : path;
        if (!Directory.Exists(folder))
            throw new CommandLineException($"{Name}: run folder '{path}' {(File.Exists(path) ? "is a file, not a run folder or its evaluation.json" : "does not exist")}.");
        return EvaluationFiles.Read(folder);
    }
}
