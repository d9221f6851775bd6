using GmcRL.Representation.Training;
using System.Globalization;
using System.Text.Json;
using GmcRL.Config;
using GmcRL.Representation.Baselines;
using GmcRL.Storage;

namespace GmcRL.Runs;

/// <summary>
/// A run's folder, <c>runs/&lt;env&gt;__&lt;agent&gt;__&lt;seed&gt;__&lt;UTC time&gt;/</c>: its resolved <c>config.json</c> (written
/// before any work starts) and the fixed places of every stage's output. Every output is written atomically, so a
/// stage is finished exactly when its output exists, and an interrupted run resumes at the first missing one.
/// </summary>
public sealed class RunFolder
{
    private RunFolder(string path, RunConfig config)
    {
        Path = path;
        Config = config;
    }

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>The run's resolved configuration.</summary>
    public RunConfig Config { get; }

    /// <summary>The resolved configuration file.</summary>
    public string ConfigFile => File("config.json");

    /// <summary>The pretraining dataset (collected into the run folder unless the config names a shared one).</summary>
    public string Dataset => Config.Dataset.Path ?? File("dataset.gmcdata");

    /// <summary>The pretraining folder: per-epoch checkpoints and metrics while pretraining runs.</summary>
    public string GmcFolder => File("gmc");

    /// <summary>The finished GMC model (the best epoch's checkpoint, copied here when pretraining completes).</summary>
    public string GmcCheckpoint => File("gmc.gmc");

    /// <summary>The configured representation's name, as in config files: gmc, fusion_ae, mvae or true_state.</summary>
    public string RepresentationName => NameOf(Config.Representation);

    /// <summary>The configured representation's pretraining folder: <see cref="GmcFolder"/> for GMC, fusion_ae/ or
    /// mvae/ for a baseline; null for the true state, which learns nothing.</summary>
    public string? RepresentationFolder => Config.Representation switch
    {
        RepresentationKind.Gmc => GmcFolder,
        RepresentationKind.TrueState => null,
        _ => File(RepresentationName),
    };

    /// <summary>The configured representation's finished model: <see cref="GmcCheckpoint"/> for GMC, fusion_ae.baseline or
    /// mvae.baseline for a baseline; null for the true state.</summary>
    public string? RepresentationModel => Config.Representation switch
    {
        RepresentationKind.Gmc => GmcCheckpoint,
        RepresentationKind.TrueState => null,
        _ => File(RepresentationName + BaselineCheckpoint.Extension),
    };

    /// <summary>A representation's name as in config files.</summary>
    public static string NameOf(RepresentationKind kind) => JsonNamingPolicy.SnakeCaseLower.ConvertName(kind.ToString());

    /// <summary>TensorBoard event files.</summary>
    public string TensorBoard => File("tensorboard");

    /// <summary>The fixed standardisation of the agent's features (agent.standardize_features), fitted before training.</summary>
    public string FeatureStandardization => File("feature_standardization.json");

    /// <summary>The agent checkpoints' folder.</summary>
    public string AgentFolder => File("agent");

    /// <summary>The final agent checkpoint.</summary>
    public string AgentCheckpoint => File("agent", "final.ckpt");

    /// <summary>The agent of the best training evaluation so far (agent.keep_best).</summary>
    public string BestAgentCheckpoint => File("agent", "best.ckpt");

    /// <summary>Metrics, one row per logged step.</summary>
    public string Metrics => File("metrics.csv");

    /// <summary>The evaluation results.</summary>
    public string Evaluation => File("evaluation.json");

    /// <summary>The report.</summary>
    public string Report => File("report.md");

    /// <summary>The learned latent's DCA scores (<see cref="LatentGeometry"/>); its map is latent_map.csv beside it.</summary>
    public string Geometry => File(Reports.GeometryFiles.ScoresName);

    /// <summary>Recorded replays.</summary>
    public string Replays => File("replays");

    /// <summary>A path inside the folder.</summary>
    public string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Makes a new run folder under <paramref name="root"/> and writes its config first.</summary>
    public static RunFolder Create(string root, RunConfig config, DateTime utcNow)
    {
        string stamp = utcNow.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        // GMC, the default, keeps the CleanRL-like env__agent__seed__time; another representation joins the agent's
        // part (multimodal-pendulum-v1__ddpg-mvae__0__...), so that a baseline's run is told from GMC's at a glance.
        string agent = RunEnvironment.Of(config).AlgorithmName;
        if (config.Representation != RepresentationKind.Gmc) agent += "-" + NameOf(config.Representation);
        string name = $"{config.Env.Name}__{agent}__{config.Seed}__{stamp}";
        // Two processes started in the same second with the same env, agent and seed (say, two configs from one script) may
        // both find a name free: the one that claims it first keeps it, the other takes the next suffix.
        for (int k = 1; ; k++)
        {
            string path = System.IO.Path.Combine(root, k == 1 ? name : $"{name}-{k}");
            if (!Directory.Exists(path) && TryCreateAt(path, config, datasetRelative: false) is { } run) return run;
        }
    }

    /// <summary>Makes the run folder <paramref name="path"/> (which must not hold a run yet) and writes its config first.
    /// With <paramref name="datasetRelative"/>, config.json names the dataset relative to the folder (as a comparison's
    /// runs name the dataset they share), so that a folder holding both can move.</summary>
    public static RunFolder CreateAt(string path, RunConfig config, bool datasetRelative = false) =>
        TryCreateAt(path, config, datasetRelative) ?? throw new ConfigException(System.IO.File.Exists(System.IO.Path.Combine(path, "config.json"))
            ? $"'{path}' holds a run already; continue it with --resume."
            : $"'{path}' is being made by another gmcrl process (its '{ClaimName}' is there; if no such process runs, one was killed while making it: delete that file).");

    // Claimed by the process making a folder while it checks for and writes config.json, so that two processes
    // making the same folder at once (say, two configs started in the same second) cannot both write it.
    private const string ClaimName = ".config.json.claim";

    // Makes the run folder unless it holds a run already or another process is making it (null then).
    private static RunFolder? TryCreateAt(string path, RunConfig config, bool datasetRelative)
    {
        if (System.IO.File.Exists(System.IO.Path.Combine(path, "config.json"))) return null;
        // The first ancestor that exists must be a folder ("Could not find a part of the path" says nothing of which).
        for (string? ancestor = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)); ancestor is not null && !Directory.Exists(ancestor);
             ancestor = System.IO.Path.GetDirectoryName(ancestor))
            if (System.IO.File.Exists(ancestor))
                throw new ConfigException($"cannot make the run folder '{path}': '{ancestor}' is a file, not a folder.");
        CheckPathLengths(System.IO.Path.GetFullPath(path), config);
        // gmc.precision auto becomes what this processor computes best, so that config.json says what the run used.
        if (config.Gmc.Precision == Precision.Auto)
            config = config with { Gmc = config.Gmc with { Precision = ComputePrecisions.Auto == ComputePrecision.BFloat16 ? Precision.Bfloat16 : Precision.Float32 } };
        var stored = datasetRelative && config.Dataset.Path is string dataset
            ? config with { Dataset = config.Dataset with { Path = System.IO.Path.GetRelativePath(System.IO.Path.GetFullPath(path), System.IO.Path.GetFullPath(dataset)).Replace('\\', '/') } }
            : config;
        string json = JsonSerializer.Serialize(stored, ConfigLoader.Json); // before the folder exists: a config that cannot be written leaves nothing behind
        Directory.CreateDirectory(path);
        var folder = new RunFolder(System.IO.Path.GetFullPath(path), config);
        string claim = folder.File(ClaimName);
        FileStream held;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                held = new FileStream(claim, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
                break;
            }
            // Another process holds the claim, or held it and has finished: its config.json is written before its claim
            // goes, so one of the two is there (checking the claim alone lost that race under load).
            catch (IOException) when (System.IO.File.Exists(claim) || System.IO.File.Exists(folder.ConfigFile))
            {
                return null;
            }
            // The claim was there and went without a config (its maker failed): try again.
            catch (IOException) when (attempt < 3)
            {
            }
        }
        using (held)
        {
            if (System.IO.File.Exists(folder.ConfigFile)) return null;
            AtomicFile.WriteAllText(folder.ConfigFile, json);
        }
        return folder;
    }

    /// <summary>The longest file name a file system takes (NAME_MAX) and the longest path (PATH_MAX less the ending zero).</summary>
    public const int MaxName = 255, MaxPath = 4095;

    // Every path the run will write must fit the file system, checked before the run starts rather than found at the
    // evaluation, after all training: the longest are the replays, written through temporary files named
    // .<file>.<pid>.<32 hex digits>.tmp, and TensorBoard's event files.
    private static void CheckPathLengths(string path, RunConfig config)
    {
        var env = RunEnvironment.Of(config);
        var conditions = Agents.Evaluation.EvaluationCondition.Standard(env.Registration.Modalities.Stacked(env.FrameStack)).Select(c => c.Name);
        var files = conditions.Select(c => System.IO.Path.Combine("replays", GmcRL.Replays.ReplayFile.Name(c, Math.Max(0, config.Evaluation.Replays - 1))))
            .Append(System.IO.Path.Combine("tensorboard", "events.out.tfevents.0000000000." + new string('h', 64) + ".0000000000.0.v2"))
            .Append(System.IO.Path.Combine("agent", $"agent-{config.Agent.Steps}.ckpt"));
        string Temporary(string file) => $".{System.IO.Path.GetFileName(file)}.{int.MaxValue}.{new string('0', 32)}.tmp";
        if (System.IO.Path.GetFileName(path).Length > MaxName)
            throw new ConfigException($"the run folder's name '{System.IO.Path.GetFileName(path)}' is longer than the {MaxName} characters a file name may have.");
        foreach (string file in files)
        {
            string temporary = Temporary(file);
            if (temporary.Length > MaxName)
                throw new ConfigException($"this run would write files named like '{temporary}', longer than the {MaxName} characters a file name may have; use shorter modality names or fewer modalities.");
            string full = System.IO.Path.Combine(path, System.IO.Path.GetDirectoryName(file)!, temporary);
            if (full.Length > MaxPath)
                throw new ConfigException($"this run would write '{full}' ({full.Length} characters), longer than the {MaxPath} a path may have; choose a shorter --runs folder.");
        }
    }

    /// <summary>Opens an existing run folder (to resume it) with the config it was started with.</summary>
    public static RunFolder Open(string path)
    {
        if (!Directory.Exists(path))
            throw new ConfigException($"run folder '{path}' {(System.IO.File.Exists(path) ? "is a file, not a folder" : "does not exist")}.");
        string config = System.IO.Path.Combine(path, "config.json");
        if (!System.IO.File.Exists(config))
            throw new ConfigException($"'{path}' is not a run folder: it has no config.json. Start a new run with 'gmcrl run'.");
        var loaded = ConfigLoader.Load(null, config, []);
        // A run started before agent.overlap existed ran its gradient steps one after the other; resumed, it goes on so.
        if (!MentionsOverlap(config)) loaded = loaded with { Agent = loaded.Agent with { Overlap = false } };
        return new RunFolder(System.IO.Path.GetFullPath(path), loaded);
    }

    private static bool MentionsOverlap(string config)
    {
        using var document = System.Text.Json.JsonDocument.Parse(System.IO.File.ReadAllText(config));
        return document.RootElement.TryGetProperty("agent", out var agent) && agent.ValueKind == System.Text.Json.JsonValueKind.Object
            && agent.TryGetProperty("overlap", out _);
    }
}
