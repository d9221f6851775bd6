using System.Globalization;
using System.Text.Json;
using GmcRL.Cli.Config;
using GmcRL.Envs.IO;

namespace GmcRL.Cli.Runs;

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

    /// <summary>TensorBoard event files.</summary>
    public string TensorBoard => File("tensorboard");

    /// <summary>The agent checkpoints' folder.</summary>
    public string AgentFolder => File("agent");

    /// <summary>The final agent checkpoint.</summary>
    public string AgentCheckpoint => File("agent", "final.ckpt");

    /// <summary>Metrics, one row per logged step.</summary>
    public string Metrics => File("metrics.csv");

    /// <summary>The evaluation results.</summary>
    public string Evaluation => File("evaluation.json");

    /// <summary>The report.</summary>
    public string Report => File("report.md");

    /// <summary>Recorded replays.</summary>
    public string Replays => File("replays");

    /// <summary>A path inside the folder.</summary>
    public string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Makes a new run folder under <paramref name="root"/> and writes its config first.</summary>
    public static RunFolder Create(string root, RunConfig config, DateTime utcNow)
    {
        string stamp = utcNow.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        string name = $"{config.Env.Name}__{JsonNamingPolicy.SnakeCaseLower.ConvertName(config.Agent.Algorithm.ToString())}__{config.Seed}__{stamp}";
        string path = System.IO.Path.Combine(root, name);
        for (int k = 2; Directory.Exists(path); k++) path = System.IO.Path.Combine(root, $"{name}-{k}");
        Directory.CreateDirectory(path);
        var folder = new RunFolder(System.IO.Path.GetFullPath(path), config);
        AtomicFile.WriteAllText(folder.ConfigFile, JsonSerializer.Serialize(config, ConfigLoader.Json));
        return folder;
    }

    /// <summary>Opens an existing run folder (to resume it) with the config it was started with.</summary>
    public static RunFolder Open(string path)
    {
        if (!Directory.Exists(path)) throw new ConfigException($"run folder '{path}' does not exist.");
        string config = System.IO.Path.Combine(path, "config.json");
        if (!System.IO.File.Exists(config))
            throw new ConfigException($"'{path}' is not a run folder: it has no config.json. Start a new run with 'gmcrl run'.");
        return new RunFolder(System.IO.Path.GetFullPath(path), ConfigLoader.Load(null, config, []));
    }
}
