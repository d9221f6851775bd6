using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace GmcRL.Config;

/// <summary>
/// Builds a <see cref="RunConfig"/> from a preset, an optional JSON file and <c>key=value</c> overrides (dotted
/// snake_case keys, e.g. <c>agent.steps=5000</c>), and checks it completely before any work starts: an unknown key,
/// a wrong type, a non-positive size, a missing file or an unknown condition name is a <see cref="ConfigException"/>
/// naming the key and the expected value.
/// </summary>
public static class ConfigLoader
{
    /// <summary>The JSON settings of config files: snake_case keys and enum values, no unknown members.</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
        WriteIndented = true,
    };

    /// <summary>Loads and checks a config.</summary>
    /// <param name="preset">A preset name, or null for the file's preset (else quickstart).</param>
    /// <param name="file">A JSON config file, or null.</param>
    /// <param name="overrides">Dotted keys and their values, applied last.</param>
    public static RunConfig Load(string? preset, string? file, IReadOnlyList<KeyValuePair<string, string>> overrides)
    {
        JsonObject? fromFile = file is null ? null : ReadFile(file);
        string presetName = preset ?? PresetOf(fromFile) ?? "quickstart";
        if (!Presets.All.ContainsKey(presetName))
            throw new ConfigException($"config key 'preset': unknown preset '{presetName}'; expected one of {string.Join(", ", Presets.All.Keys)}.");
        // The preset as it reads for the chosen environment (the last env.name given wins).
        string? env = overrides.LastOrDefault(o => o.Key == "env.name").Value
            ?? (fromFile?["env"] is JsonObject fileEnv && fileEnv["name"] is JsonValue name && name.TryGetValue(out string? n) ? n : null);
        var basis = Presets.Of(presetName, env);

        var node = JsonSerializer.SerializeToNode(basis, Json)!.AsObject();
        if (fromFile is not null)
        {
            CheckKeys(fromFile, typeof(RunConfig), "");
            // A relative dataset path in a file is relative to the file (a run folder's config.json can then name a
            // dataset beside the folder, and the two move together).
            Absolute(fromFile, Path.GetDirectoryName(Path.GetFullPath(file!))!);
            Merge(node, fromFile, typeof(RunConfig));
        }
        node["preset"] = presetName;
        foreach (var (key, value) in overrides) Set(node, key, value);
        // On the command line, it is relative to the current folder; the config holds it absolute, so that resuming
        // from another folder finds the same file.
        Absolute(node, Environment.CurrentDirectory);

        RunConfig config;
        try
        {
            config = node.Deserialize<RunConfig>(Json)!;
        }
        catch (JsonException e)
        {
            string key = KeyOf(e.Path);
            throw new ConfigException($"config key '{key}': expected {Expected(key)} (got {ValueAt(node, key)}).");
        }
        return Validate(config);
    }

    /// <summary>Every key of the config with its value in <paramref name="config"/> and its description, for --help.</summary>
    public static IEnumerable<(string Key, string Value, string Description)> Describe(RunConfig config)
    {
        var node = JsonSerializer.SerializeToNode(config, Json)!.AsObject();
        return Walk(node, typeof(RunConfig), "");

        static IEnumerable<(string, string, string)> Walk(JsonObject node, Type type, string prefix)
        {
            foreach (var p in Properties(type))
            {
                string key = prefix + Name(p);
                if (IsSection(p.PropertyType)) foreach (var row in Walk(node[Name(p)]!.AsObject(), p.PropertyType, key + ".")) yield return row;
                else yield return (key, node[Name(p)]?.ToJsonString() ?? "null", p.GetCustomAttribute<DescriptionAttribute>()?.Description ?? "");
            }
        }
    }

    /// <summary>The keys whose values differ between two configs, each as "key (a vs b)", in key order.</summary>
    public static IReadOnlyList<string> Differences(RunConfig a, RunConfig b) =>
        Describe(a).Zip(Describe(b)).Where(p => p.First.Value != p.Second.Value)
            .Select(p => $"{p.First.Key} ({p.First.Value} vs {p.Second.Value})").ToList();

    /// <summary>Checks the values of a config (sizes positive, fractions in range, files present, names known).</summary>
    public static RunConfig Validate(RunConfig c)
    {
        if (c.Threads < 0) throw new ConfigException($"config key 'threads': expected 0 (one per core) or a positive count (got {c.Threads}).");
        // A GPU asked for by name must be there before a run folder is made; auto falls back when the run starts.
        if (c.Device == GmcRL.Representation.DeviceChoice.Cuda)
        {
            try { GmcRL.Representation.ComputeDevice.Resolve(c.Device, TorchSharp.torch.cuda.is_available(), out _); }
            catch (InvalidOperationException e) { throw new ConfigException($"config key 'device': {e.Message}"); }
        }
        Limits.Check(c);
        if (c.Env.FrameStack is int frames) Positive("env.frame_stack", frames);
        if (c.Env.EpisodeSteps is int episode) Positive("env.episode_steps", episode);
        var env = RunEnvironment.Of(c);
        Positive("dataset.samples", c.Dataset.Samples);
        if (c.Dataset.ResetEvery < 0) throw new ConfigException($"config key 'dataset.reset_every': expected 0 (one long run) or a positive number of steps (got {c.Dataset.ResetEvery}).");
        if (c.Dataset.Path is string path && !File.Exists(path))
            throw new ConfigException($"config key 'dataset.path': '{path}' {(Directory.Exists(path) ? "is a folder" : "does not exist")}; give an existing dataset file or null to collect one.");
        if (c.Dataset.Path is string given && GmcRL.Storage.InputFile.Problem(given, GmcRL.Storage.InputFile.MaxBytes, "dataset") is string notData)
            throw new ConfigException($"config key 'dataset.path': '{given}' {notData}; give a dataset file or null to collect one.");
        if (c.Dataset.Path is string empty && new FileInfo(empty).Length == 0)
            throw new ConfigException($"config key 'dataset.path': '{empty}' is empty, not a dataset; give a dataset file or null to collect one.");
        Positive("gmc.epochs", c.Gmc.Epochs);
        if (c.Gmc.BatchSize < 2) throw new ConfigException($"config key 'gmc.batch_size': expected at least 2 samples, as the contrastive loss compares each with the others (got {c.Gmc.BatchSize}).");
        Positive("gmc.learning_rate", c.Gmc.LearningRate);
        Positive("gmc.temperature", c.Gmc.Temperature);
        Positive("gmc.latent_size", c.Gmc.LatentSize);
        if (!(c.Gmc.ValidationFraction > 0 && c.Gmc.ValidationFraction < 1))
            throw new ConfigException($"config key 'gmc.validation_fraction': expected a fraction strictly between 0 and 1 (got {c.Gmc.ValidationFraction}).");
        int trainingSplit = c.Dataset.Samples - GmcRL.Representation.Training.HeldOut.Count(c.Dataset.Samples, c.Gmc.ValidationFraction);
        if (c.Agent.StandardizeFeatures && c.Dataset.Path is null && trainingSplit < 2)
            throw new ConfigException($"config key 'agent.standardize_features': the map is fitted on the dataset's training split, {Math.Max(0, trainingSplit)} of dataset.samples {c.Dataset.Samples}; it needs at least 2 samples: raise dataset.samples.");
        if (c.Geometry.Points != 0 && c.Geometry.Points < GeometryOptions.MinimumPoints)
            throw new ConfigException($"config key 'geometry.points': expected 0 (measure nothing) or at least {GeometryOptions.MinimumPoints} points (got {c.Geometry.Points}).");
        Positive("geometry.rays", c.Geometry.Rays);
        Positive("agent.steps", c.Agent.Steps);
        if (c.Agent.Hidden is not { Count: > 0 } hidden || hidden.Any(h => h <= 0))
            throw new ConfigException($"config key 'agent.hidden': expected a non-empty list of positive layer sizes such as [256, 256] (got {(c.Agent.Hidden is null ? "null" : "[" + string.Join(", ", c.Agent.Hidden) + "]")}).");
        Positive("agent.threads", c.Agent.Threads);
        Positive("agent.batch_size", c.Agent.BatchSize);
        Positive("agent.learning_rate", c.Agent.LearningRate);
        Positive("agent.buffer_size", c.Agent.BufferSize);
        Positive("agent.eval_every", c.Agent.EvalEvery);
        Positive("agent.checkpoint_every", c.Agent.CheckpointEvery);
        if (c.Agent.LearningStarts < 0) throw new ConfigException($"config key 'agent.learning_starts': expected 0 or more steps (got {c.Agent.LearningStarts}).");
        if (c.Agent.LearningStarts >= c.Agent.Steps)
            throw new ConfigException($"config key 'agent.learning_starts': the agent would never learn, as it starts after agent.steps ({c.Agent.LearningStarts} >= {c.Agent.Steps}); lower it or raise agent.steps.");
        if (!(c.Agent.Gamma >= 0 && c.Agent.Gamma < 1)) throw new ConfigException($"config key 'agent.gamma': expected a discount in [0, 1) (got {c.Agent.Gamma.ToString(CultureInfo.InvariantCulture)}).");
        if (c.Agent.DiscreteActions < 2) throw new ConfigException($"config key 'agent.discrete_actions': expected at least 2 actions (got {c.Agent.DiscreteActions}).");
        if (!(c.Agent.ExplorationFraction > 0 && c.Agent.ExplorationFraction <= 1))
            throw new ConfigException($"config key 'agent.exploration_fraction': expected a fraction in (0, 1] (got {c.Agent.ExplorationFraction.ToString(CultureInfo.InvariantCulture)}).");
        if (!(c.Agent.ExplorationInitial >= 0 && c.Agent.ExplorationInitial <= 1))
            throw new ConfigException($"config key 'agent.exploration_initial': expected an epsilon in [0, 1] (got {c.Agent.ExplorationInitial.ToString(CultureInfo.InvariantCulture)}).");
        if (!(c.Agent.ExplorationFinal >= 0 && c.Agent.ExplorationFinal <= c.Agent.ExplorationInitial))
            throw new ConfigException($"config key 'agent.exploration_final': expected an epsilon in [0, agent.exploration_initial = {c.Agent.ExplorationInitial.ToString(CultureInfo.InvariantCulture)}] (got {c.Agent.ExplorationFinal.ToString(CultureInfo.InvariantCulture)}).");
        Positive("agent.target_update_interval", c.Agent.TargetUpdateInterval);
        Positive("agent.train_every", c.Agent.TrainEvery);
        Positive("agent.envs", c.Agent.Envs);
        if (EnvCopies.Problem(c.Agent.Envs, c.Agent.TrainEvery, c.Agent.Steps, c.Agent.LearningStarts, c.Agent.EvalEvery, c.Agent.CheckpointEvery) is { } copies)
            throw new ConfigException($"config key 'agent.envs': {copies}.");
        if (c.Agent.GradientClipValue is double clip) Positive("agent.gradient_clip_value", clip);
        if (c.Agent.ActorLearningRate is double actor) Positive("agent.actor_learning_rate", actor);
        if (c.Agent.NoiseDecaySteps is int decay) Positive("agent.noise_decay_steps", decay);
        Positive("agent.eval_episodes", c.Agent.EvalEpisodes);
        Positive("evaluation.episodes", c.Evaluation.Episodes);
        if (c.Evaluation.Steps is int steps) Positive("evaluation.steps", steps);
        Positive("evaluation.parallel", c.Evaluation.Parallel);
        var modalities = env.Registration.Modalities.Modalities.Select(m => m.Name).ToList();
        foreach (var (name, weight) in c.Baseline.ReconstructionWeights ?? throw new ConfigException("config key 'baseline.reconstruction_weights': expected a map of modality names to weights such as {\"sound\": 100}, or {} (got null)."))
        {
            if (!modalities.Contains(name))
                throw new ConfigException($"config key 'baseline.reconstruction_weights': {env.Registration.Id} has no modality '{name}'; its modalities are {string.Join(", ", modalities)}.");
            NotNegative($"baseline.reconstruction_weights.{name}", weight);
        }
        NotNegative("baseline.kl_weight", c.Baseline.KlWeight);
        Limits.CheckDatasetFile(c, env);
        Limits.CheckMemory(c, env);
        if (c.Representation == RepresentationKind.TrueState && env.Registration.TrueState is null)
            throw new ConfigException($"config key 'representation': {env.Registration.Id} declares no true state, so true_state cannot run on it.");
        if (c.Evaluation.Replays < 0) throw new ConfigException($"config key 'evaluation.replays': expected 0 or more (got {c.Evaluation.Replays}).");
        var known = Agents.Evaluation.EvaluationCondition.Standard(env.Registration.Modalities).Select(k => k.Name).ToList();
        if (c.Evaluation.Conditions is { } names)
        {
            foreach (string name in names) KnownCondition("evaluation.conditions", name, known);
            if (names.Count == 0) throw new ConfigException("config key 'evaluation.conditions': name at least one condition, or null for all of them.");
        }
        if (c.Agent.TrainCondition is { } training)
        {
            KnownCondition("agent.train_condition", training, known);
            if (training == "all") throw new ConfigException("config key 'agent.train_condition': 'all' drops nothing; leave the key null to train with every modality.");
        }
        return c;
    }

    private static void KnownCondition(string key, string name, IReadOnlyList<string> known)
    {
        if (!known.Contains(name))
            throw new ConfigException($"config key '{key}': unknown condition '{name}'; expected names from: {string.Join(", ", known)}.");
    }

    // Makes a relative dataset.path absolute against folder.
    private static void Absolute(JsonObject root, string folder)
    {
        if (root["dataset"] is not JsonObject dataset || dataset["path"] is not JsonValue value || !value.TryGetValue(out string? path) || path.Length == 0) return;
        string resolved = Path.GetFullPath(path, folder);
        dataset["path"] = resolved;
    }

    // The file's "preset" key, which must name a preset when present.
    private static string? PresetOf(JsonObject? file) => file?["preset"] switch
    {
        null => null,
        JsonValue v when v.TryGetValue(out string? name) => name,
        var other => throw new ConfigException($"config key 'preset': expected a preset name, one of {string.Join(", ", Presets.All.Keys)} (got {other.ToJsonString()})."),
    };

    private static void Positive(string key, double value)
    {
        if (!(value > 0) || !double.IsFinite(value)) throw new ConfigException($"config key '{key}': expected a positive number (got {value.ToString(CultureInfo.InvariantCulture)}).");
    }

    private static void NotNegative(string key, double value)
    {
        if (!(value >= 0) || !double.IsFinite(value)) throw new ConfigException($"config key '{key}': expected 0 or a positive number (got {value.ToString(CultureInfo.InvariantCulture)}).");
    }

    /// <summary>The largest config file read.</summary>
    public const long MaxConfigBytes = 16L << 20;

    private static JsonObject ReadFile(string file)
    {
        if (!File.Exists(file)) throw new ConfigException($"config file '{file}' {(Directory.Exists(file) ? "is a folder" : "does not exist")}.");
        // Only a regular file under 16 MiB is a config: /dev/zero would be read until memory runs out, a FIFO would block.
        if (GmcRL.Storage.InputFile.Problem(file, MaxConfigBytes, "config file") is string problem) throw new ConfigException($"config file '{file}' {problem}.");
        try
        {
            return JsonNode.Parse(File.ReadAllText(file), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, AllowDuplicateProperties = false }) as JsonObject
                ?? throw new ConfigException($"config file '{file}' must hold a JSON object ({{ ... }}).");
        }
        catch (JsonException e)
        {
            throw new ConfigException($"config file '{file}' is not valid JSON: {e.Message}");
        }
    }

    private static void CheckKeys(JsonObject node, Type type, string prefix)
    {
        var props = Properties(type).ToDictionary(Name);
        foreach (var (name, value) in node)
        {
            if (!props.TryGetValue(name, out var p))
                throw new ConfigException($"config key '{prefix}{name}' is unknown; keys{(prefix == "" ? "" : $" in '{prefix.TrimEnd('.')}'")} are: {string.Join(", ", props.Keys)}.");
            if (IsSection(p.PropertyType))
            {
                if (value is not JsonObject section)
                    throw new ConfigException($"config key '{prefix}{name}': expected a section ({{ ... }}) with keys {string.Join(", ", Properties(p.PropertyType).Select(Name))}.");
                CheckKeys(section, p.PropertyType, prefix + name + ".");
            }
        }
    }

    // Merges the sections of source into target key by key; a value (a map included) replaces the target's.
    private static void Merge(JsonObject target, JsonObject source, Type type)
    {
        var props = Properties(type).ToDictionary(Name);
        foreach (var (name, value) in source)
        {
            if (value is JsonObject section && target[name] is JsonObject existing && props.TryGetValue(name, out var p) && IsSection(p.PropertyType))
                Merge(existing, section, p.PropertyType);
            else target[name] = value?.DeepClone();
        }
    }

    private static void Set(JsonObject root, string key, string value)
    {
        string[] parts = key.Split('.');
        Type type = typeof(RunConfig);
        JsonObject node = root;
        for (int i = 0; i < parts.Length; i++)
        {
            var p = Properties(type).FirstOrDefault(q => Name(q) == parts[i]);
            string prefix = string.Join('.', parts[..i]);
            if (p is null)
                throw new ConfigException($"config key '{key}' is unknown; keys{(i == 0 ? "" : $" in '{prefix}'")} are: {string.Join(", ", Properties(type).Select(Name))}.");
            if (i < parts.Length - 1)
            {
                if (!IsSection(p.PropertyType)) throw new ConfigException($"config key '{key}' is unknown: '{string.Join('.', parts[..(i + 1)])}' is a value, not a section.");
                type = p.PropertyType;
                node = node[parts[i]]!.AsObject();
            }
            else
            {
                if (IsSection(p.PropertyType)) throw new ConfigException($"config key '{key}' is a section; set one of its keys: {string.Join(", ", Properties(p.PropertyType).Select(q => key + "." + Name(q)))}.");
                node[parts[i]] = ParseValue(value, p.PropertyType);
            }
        }
    }

    // A command-line value: JSON when it parses (numbers, true/false, null, [..]), otherwise a string; a list key also
    // takes its items separated by commas (all,image_only or 128,128).
    private static JsonNode? ParseValue(string value, Type type)
    {
        bool list = type == typeof(IReadOnlyList<string>) || type == typeof(IReadOnlyList<int>);
        if (type == typeof(IReadOnlyDictionary<string, double>) && !value.TrimStart().StartsWith('{') && value.Contains('='))
        {
            var map = new JsonObject();
            foreach (string item in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                string[] pair = item.Split('=', 2, StringSplitOptions.TrimEntries);
                map[pair[0]] = pair.Length == 2 && double.TryParse(pair[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double x)
                    ? x : JsonValue.Create(pair.Length == 2 ? pair[1] : "");
            }
            return map;
        }
        try
        {
            var parsed = JsonNode.Parse(value);
            // A single item, such as 256 for agent.hidden, is a list of one.
            return list && parsed is JsonValue ? new JsonArray(parsed) : parsed;
        }
        catch (JsonException) when (list)
        {
            var items = value.Split(',', StringSplitOptions.TrimEntries);
            return type == typeof(IReadOnlyList<int>) && items.All(i => int.TryParse(i, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                ? new JsonArray([.. items.Select(i => (JsonNode)int.Parse(i, CultureInfo.InvariantCulture))])
                : new JsonArray([.. items.Select(i => (JsonNode)i)]);
        }
        catch (JsonException) { return JsonValue.Create(value); }
    }

    // The value at a dotted key as JSON text, for an error message.
    private static string ValueAt(JsonObject root, string key)
    {
        JsonNode? node = root;
        foreach (string part in key.Split('.')) node = node is JsonObject o ? o[part] : null;
        return node?.ToJsonString() ?? "null";
    }

    private static string Expected(string key)
    {
        Type type = typeof(RunConfig);
        foreach (string part in key.Split('.'))
        {
            if (type == typeof(IReadOnlyDictionary<string, double>)) break; // a map's entry: the map's expectation
            var p = Properties(type).FirstOrDefault(q => Name(q) == part);
            if (p is null) return "a valid value";
            type = p.PropertyType;
        }
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(int)) return "an integer";
        if (type == typeof(double)) return "a number";
        if (type == typeof(string)) return "a string";
        if (type == typeof(bool)) return "true or false";
        if (type.IsEnum) return "one of " + string.Join(", ", Enum.GetNames(type).Select(n => JsonNamingPolicy.SnakeCaseLower.ConvertName(n)));
        if (type == typeof(IReadOnlyList<string>)) return "a list of names such as [\"all\", \"image_only\"] (all,image_only on the command line) or null";
        if (type == typeof(IReadOnlyList<int>)) return "a list of positive integers such as [256, 256] (256,256 on the command line)";
        if (type == typeof(IReadOnlyDictionary<string, double>)) return "a map of names to numbers such as {\"sound\": 100} (sound=100,image=1 on the command line)";
        return "a section";
    }

    // The dotted key of a JSON path such as $.agent.hidden[0]: an item's error is its list's.
    private static string KeyOf(string? path) =>
        string.IsNullOrEmpty(path) ? "(root)" : Regex.Replace(path.TrimStart('$', '.').Replace("['", "").Replace("']", ""), @"\[\d+\]", "");

    private static IEnumerable<PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.Name != "EqualityContract");

    private static string Name(PropertyInfo p) => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name);

    private static bool IsSection(Type t) => t.IsClass && t != typeof(string) && !typeof(System.Collections.IEnumerable).IsAssignableFrom(t);
}
