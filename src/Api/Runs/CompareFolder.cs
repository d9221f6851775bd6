using System.Globalization;
using System.Text.Json;
using GmcRL.Config;
using GmcRL.Storage;

namespace GmcRL.Runs;

/// <summary>
/// A comparison's folder, <c>runs/compare__&lt;env&gt;__&lt;agent&gt;__&lt;seed&gt;__&lt;UTC time&gt;/</c>: the shared config
/// (<c>config.json</c>, written first, with the dataset collected beside it as in a run folder), the plan
/// (<c>compare.json</c>: the representations, in order), one run folder per representation named after it, and the
/// results (<c>comparison.md</c>, <c>comparison.json</c>, <c>comparison.png</c>).
/// </summary>
public sealed class CompareFolder
{
    private const string PlanName = "compare.json";

    private CompareFolder(RunFolder root, IReadOnlyList<RepresentationKind> representations)
    {
        Root = root;
        Representations = representations;
    }

    /// <summary>The folder as a run folder: its config is the shared one, and its dataset the one every run uses.</summary>
    public RunFolder Root { get; }

    /// <summary>The folder.</summary>
    public string Path => Root.Path;

    /// <summary>The shared config.</summary>
    public RunConfig Config => Root.Config;

    /// <summary>The representations compared, in order.</summary>
    public IReadOnlyList<RepresentationKind> Representations { get; }

    /// <summary>The run folder of <paramref name="kind"/>.</summary>
    public string RunOf(RepresentationKind kind) => Root.File(RunFolder.NameOf(kind));

    /// <summary>The comparison's report.</summary>
    public string Markdown => Root.File("comparison.md");

    /// <summary>The comparison's numbers.</summary>
    public string Json => Root.File("comparison.json");

    /// <summary>The comparison's plot.</summary>
    public string Plot => Root.File("comparison.png");

    /// <summary>The latent maps of every learned representation, a row each.</summary>
    public string LatentMaps => Root.File("latent_maps.png");

    /// <summary>Makes a new comparison folder under <paramref name="root"/>, writing the shared config first, then the plan.</summary>
    public static CompareFolder Create(string root, RunConfig config, IReadOnlyList<RepresentationKind> representations, DateTime utcNow)
    {
        string stamp = utcNow.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        string name = $"compare__{config.Env.Name}__{RunEnvironment.Of(config).AlgorithmName}__{config.Seed}__{stamp}";
        string path = System.IO.Path.Combine(root, name);
        for (int k = 2; Directory.Exists(path); k++) path = System.IO.Path.Combine(root, $"{name}-{k}");
        var folder = RunFolder.CreateAt(path, config);
        AtomicFile.WriteAllText(folder.File(PlanName), JsonSerializer.Serialize(representations.Select(RunFolder.NameOf).ToArray(), ConfigLoader.Json));
        return new CompareFolder(folder, representations);
    }

    /// <summary>Whether <paramref name="path"/> is a comparison folder (it holds a comparison's plan).</summary>
    public static bool IsComparison(string path) => File.Exists(System.IO.Path.Combine(path, PlanName));

    /// <summary>Opens an existing comparison folder (to resume it) with its config and plan.</summary>
    public static CompareFolder Open(string path)
    {
        var root = RunFolder.Open(path);
        string plan = root.File(PlanName);
        if (!File.Exists(plan))
            throw new ConfigException($"'{path}' is not a comparison folder: it has no {PlanName}. Start one with 'gmcrl compare'.");
        try
        {
            var names = JsonSerializer.Deserialize<string[]>(File.ReadAllText(plan), ConfigLoader.Json) ?? [];
            return new CompareFolder(root, ParseRepresentations(string.Join(',', names), $"'{plan}'"));
        }
        catch (JsonException e)
        {
            throw new ConfigException($"'{plan}' is not readable: {e.Message}");
        }
    }

    /// <summary>Representations from a comma-separated list of names (gmc, fusion_ae, mvae, true_state); unknown names,
    /// repeats and an empty list are errors that name <paramref name="source"/>.</summary>
    public static IReadOnlyList<RepresentationKind> ParseRepresentations(string list, string source)
    {
        var known = Enum.GetValues<RepresentationKind>().ToDictionary(RunFolder.NameOf);
        var result = new List<RepresentationKind>();
        foreach (string name in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!known.TryGetValue(name, out var kind))
                throw new ConfigException($"{source}: unknown representation '{name}'; expected names from: {string.Join(", ", known.Keys)}.");
            if (result.Contains(kind)) throw new ConfigException($"{source}: representation '{name}' is named twice.");
            result.Add(kind);
        }
        if (result.Count == 0) throw new ConfigException($"{source}: name at least one representation ({string.Join(", ", known.Keys)}).");
        return result;
    }
}
