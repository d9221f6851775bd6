using GmcRL.Config;

using GmcRL.Agents;
using GmcRL.Representation.Gmc;

namespace GmcRL.Tests.Cli.Config;

public sealed class ConfigLoaderTests : IDisposable
{
    private readonly TestFolder _folder = new("gmcrl-config");
    private int _files;

    public void Dispose() => _folder.Dispose();

    private static KeyValuePair<string, string> Kv(string k, string v) => new(k, v);

    private string File(string json)
    {
        string path = _folder.File($"config{++_files}.json");
        System.IO.File.WriteAllText(path, json);
        return path;
    }

    private static string Error(string? preset, string? file, params KeyValuePair<string, string>[] overrides) =>
        Assert.Throws<ConfigException>(() => ConfigLoader.Load(preset, file, overrides)).Message;

    [Fact]
    public void No_file_and_no_overrides_give_the_quickstart_preset()
    {
        Assert.Equal(Presets.Of("quickstart", null), ConfigLoader.Load(null, null, []));
        Assert.Equal(Algorithm.Ddpg, ConfigLoader.Load("paper", null, []).Agent.Algorithm);
    }

    [Fact]
    public void File_then_overrides_change_only_what_they_name()
    {
        string file = File("""
            // comments are allowed
            { "preset": "paper", "agent": { "algorithm": "dqn", "steps": 123400 }, "gmc": { "loss": "joints_as_negatives" } }
            """);
        var c = ConfigLoader.Load(null, file, [Kv("agent.steps", "99000"), Kv("evaluation.conditions", "[\"all\", \"image_only\"]")]);
        Assert.Equal("paper", c.Preset);
        Assert.Equal(Algorithm.Dqn, c.Agent.Algorithm);
        Assert.Equal(99_000, c.Agent.Steps);
        Assert.Equal(GmcLossKind.JointsAsNegatives, c.Gmc.Loss);
        Assert.Equal(["all", "image_only"], c.Evaluation.Conditions);
        Assert.Equal(Presets.Paper.Dataset, c.Dataset);
        Assert.Equal(Presets.Paper.Agent.BufferSize, c.Agent.BufferSize);
    }

    [Fact]
    public void Unknown_keys_are_named_with_the_known_ones()
    {
        Assert.Contains("config key 'agent.stepz' is unknown; keys in 'agent' are: algorithm, steps,", Error(null, File("""{ "agent": { "stepz": 5 } }""")));
        Assert.Contains("config key 'colour' is unknown; keys are: preset, seed, threads, device, env,", Error(null, File("""{ "colour": "red" }""")));
        Assert.Contains("config key 'gmc.epoch' is unknown", Error(null, null, Kv("gmc.epoch", "3")));
        Assert.Contains("config key 'agent' is a section; set one of its keys: agent.algorithm", Error(null, null, Kv("agent", "3")));
        Assert.Contains("config key 'seed.x' is unknown: 'seed' is a value", Error(null, null, Kv("seed.x", "3")));
    }

    [Fact]
    public void Wrong_types_name_the_key_and_the_expected_type()
    {
        Assert.Contains("config key 'agent.steps': expected an integer", Error(null, File("""{ "agent": { "steps": "many" } }""")));
        Assert.Contains("config key 'gmc.learning_rate': expected a number", Error(null, null, Kv("gmc.learning_rate", "fast")));
        Assert.Contains("config key 'agent.algorithm': expected one of sac, dqn, ddpg", Error(null, null, Kv("agent.algorithm", "ppo")));
        Assert.Contains("config key 'gmc.standardize_vectors': expected true or false", Error(null, null, Kv("gmc.standardize_vectors", "maybe")));
        Assert.Contains("config key 'agent': expected a section", Error(null, File("""{ "agent": 7 }""")));
    }

    [Theory]
    [InlineData("agent.steps", "-5")]
    [InlineData("agent.threads", "0")]
    [InlineData("dataset.samples", "0")]
    [InlineData("evaluation.episodes", "0")]
    [InlineData("gmc.temperature", "0")]
    [InlineData("agent.train_every", "0")]
    [InlineData("agent.target_update_interval", "0")]
    [InlineData("agent.gradient_clip_value", "0")]
    [InlineData("agent.envs", "0")]
    public void Non_positive_sizes_are_refused(string key, string value)
    {
        Assert.Contains($"config key '{key}': expected a positive number (got {value})", Error(null, null, Kv(key, value)));
    }

    [Fact]
    public void Missing_files_unknown_names_and_bad_json_are_clear()
    {
        Assert.Contains("config file '/nonexistent/c.json' does not exist", Error(null, "/nonexistent/c.json"));
        Assert.Contains("config key 'dataset.path': '/nonexistent/d.bin' does not exist", Error(null, null, Kv("dataset.path", "/nonexistent/d.bin")));
        Assert.Contains("config key 'dataset.path': '/tmp' is a folder", Error(null, null, Kv("dataset.path", "/tmp")));
        Assert.Contains("config file '/tmp' is a folder", Error(null, "/tmp"));
        Assert.Contains("unknown condition 'smell_only'; expected names from: all, image_only, sound_only", Error(null, null, Kv("evaluation.conditions", "[\"smell_only\"]")));
        Assert.Contains("config key 'agent.train_condition': unknown condition 'per_step_p0.9'; expected names from: all, image_only", Error(null, null, Kv("agent.train_condition", "per_step_p0.9")));
        Assert.Equal("per_episode_p0.3", ConfigLoader.Load(null, null, [Kv("agent.train_condition", "per_episode_p0.3")]).Agent.TrainCondition);
        Assert.Contains("config key 'agent.train_condition': 'all' drops nothing; leave the key null", Error(null, null, Kv("agent.train_condition", "all")));
        Assert.Contains("config key 'agent.standardize_features': the map is fitted on the dataset's training split, 1 of dataset.samples 3; it needs at least 2",
            Error(null, null, Kv("representation", "true_state"), Kv("dataset.samples", "3"), Kv("agent.standardize_features", "true")));
        Assert.True(ConfigLoader.Load(null, null, [Kv("representation", "true_state"), Kv("dataset.samples", "4"), Kv("agent.standardize_features", "true")]).Agent.StandardizeFeatures);
        Assert.Contains("unknown preset 'huge'; expected one of quickstart, paper", Error("huge", null));
        Assert.Contains("is not valid JSON", Error(null, File("{ \"seed\": ")));
        Assert.Contains("must hold a JSON object", Error(null, File("[1, 2]")));
        Assert.Contains("'gmc.validation_fraction': expected a fraction strictly between 0 and 1", Error(null, null, Kv("gmc.validation_fraction", "1")));
        Assert.Contains("'agent.gamma': expected a discount in [0, 1) (got 1.5)", Error(null, null, Kv("agent.gamma", "1.5")));
        Assert.Contains("config key 'device': expected one of auto, cpu, cuda (got \"gpu\")", Error(null, null, Kv("device", "gpu")));
        Assert.Equal(GmcRL.Representation.DeviceChoice.Cpu, ConfigLoader.Load(null, null, [Kv("device", "cpu")]).Device);
        if (!TorchSharp.torch.cuda.is_available())
            Assert.Contains("config key 'device': device cuda: no CUDA device is available", Error(null, null, Kv("device", "cuda")));
    }

    [Fact]
    public void Values_the_agents_or_the_loss_would_refuse_hours_later_are_refused_at_once()
    {
        // Every agent needs gamma < 1; the contrastive loss compares each sample with the others in its batch.
        Assert.Contains("'agent.gamma': expected a discount in [0, 1) (got 1)", Error(null, null, Kv("agent.gamma", "1")));
        Assert.Equal(0, ConfigLoader.Load(null, null, [Kv("agent.gamma", "0")]).Agent.Gamma);
        foreach (string size in new[] { "0", "1" })
            Assert.Contains($"config key 'gmc.batch_size': expected at least 2 samples, as the contrastive loss compares each with the others (got {size})",
                Error(null, null, Kv("gmc.batch_size", size)));
        // An agent that starts learning after its last step would be evaluated untrained, as if it were a result.
        Assert.Contains("config key 'agent.learning_starts': the agent would never learn, as it starts after agent.steps (25000 >= 20000)",
            Error("paper", null, Kv("agent.steps", "20000")));
        Assert.Contains("(1000 >= 1000)", Error(null, null, Kv("agent.steps", "1000")));
        Assert.Equal(1001, ConfigLoader.Load(null, null, [Kv("agent.steps", "1001")]).Agent.Steps);
        // DQN's epsilon falls from its initial value to its final one, both in [0, 1].
        Assert.Contains("'agent.exploration_initial': expected an epsilon in [0, 1] (got 1.5)", Error(null, null, Kv("agent.exploration_initial", "1.5")));
        Assert.Contains("'agent.exploration_final': expected an epsilon in [0, agent.exploration_initial = 0.1] (got 0.2)",
            Error(null, null, Kv("agent.exploration_initial", "0.1"), Kv("agent.exploration_final", "0.2")));
        var muse = ConfigLoader.Load(null, null, [Kv("agent.exploration_initial", "0.1"), Kv("agent.exploration_final", "0.01"), Kv("agent.train_every", "4"), Kv("agent.target_update_interval", "2500")]).Agent;
        Assert.Equal((0.1, 0.01, 4, 2500), (muse.ExplorationInitial, muse.ExplorationFinal, muse.TrainEvery, muse.TargetUpdateInterval));
        // Environment copies step together: every step count is a multiple of them, and they fit the update rate.
        Assert.Equal(8, ConfigLoader.Load(null, null, [Kv("agent.envs", "8"), Kv("agent.train_every", "4")]).Agent.Envs);
        Assert.Contains("config key 'agent.envs': 3 copies and one gradient step every 4 steps do not fit", Error(null, null, Kv("agent.envs", "3"), Kv("agent.train_every", "4")));
        Assert.Contains("config key 'agent.envs': the checkpoint interval (5000) must be a multiple of the 3 copies", Error(null, null, Kv("agent.envs", "3"), Kv("agent.eval_every", "3000"), Kv("agent.steps", "30000"), Kv("agent.learning_starts", "999")));
    }

    [Fact]
    public void The_hyperhot_muse_preset_is_museS_experiment()
    {
        // HYPERHOT-SPEC §4: 40,000 samples (8,000 held out), stack 2, latent 40; DQN latent -> 512 -> 6, Double-DQN, Huber,
        // gradients clamped to [-1, 1], Adam 1e-4, batch 128, gamma 0.99, buffer 250,000, an update every 4 steps,
        // the target copied every 10,000 steps, 50,000 random steps, then epsilon 0.1 -> 0.01 over 1,500,000 steps,
        // 2,000,000 steps in all, 100 greedy episodes.
        var c = ConfigLoader.Load("hyperhot-muse", null, []);
        Assert.Equal(("hyperhot-v1", 40_000, 0.2, 40), (c.Env.Name, c.Dataset.Samples, c.Gmc.ValidationFraction, c.Gmc.LatentSize));
        Assert.Equal(32_000, (int)Math.Round(c.Dataset.Samples * (1 - c.Gmc.ValidationFraction)));
        var a = c.Agent;
        Assert.Equal((Algorithm.Dqn, 2_000_000, 50_000, 250_000), (a.Algorithm, a.Steps, a.LearningStarts, a.BufferSize));
        Assert.Equal([512], a.Hidden);
        Assert.Equal((128, 1e-4, 0.99, (double?)1), (a.BatchSize, a.LearningRate, a.Gamma, a.GradientClipValue));
        Assert.Equal(10_000, a.TrainEvery * a.TargetUpdateInterval);
        Assert.Equal(4, a.TrainEvery);
        Assert.Equal((0.1, 0.01, 1_500_000L), (a.ExplorationInitial, a.ExplorationFinal, (long)Math.Round(a.ExplorationFraction * a.Steps)));
        Assert.Equal(100, c.Evaluation.Episodes);
    }

    [Fact]
    public void List_keys_take_json_or_comma_separated_items_and_a_wrong_one_shows_the_value_not_a_dotnet_type()
    {
        Assert.Equal(["all", "image_only"], ConfigLoader.Load(null, null, [Kv("evaluation.conditions", "all, image_only")]).Evaluation.Conditions);
        Assert.Equal(["sound_only"], ConfigLoader.Load(null, null, [Kv("evaluation.conditions", "sound_only")]).Evaluation.Conditions);
        Assert.Equal([128, 64], ConfigLoader.Load(null, null, [Kv("agent.hidden", "128,64")]).Agent.Hidden);
        Assert.Equal([256], ConfigLoader.Load(null, null, [Kv("agent.hidden", "256")]).Agent.Hidden);
        string e = Error(null, File("""{ "evaluation": { "conditions": 3 } }"""));
        Assert.Contains("config key 'evaluation.conditions': expected a list of names such as [\"all\", \"image_only\"] (all,image_only on the command line) or null (got 3)", e);
        Assert.DoesNotContain("System.", e);
        e = Error(null, null, Kv("agent.hidden", "128,wide"));
        Assert.Contains("config key 'agent.hidden': expected a list of positive integers such as [256, 256] (256,256 on the command line) (got [\"128\",\"wide\"])", e);
        Assert.DoesNotContain("System.", Error(null, null, Kv("agent.steps", "many")));
    }

    [Fact]
    public void A_relative_dataset_path_is_relative_to_its_config_file_or_on_the_command_line_to_the_current_folder()
    {
        string dataset = _folder.File("data.gmcdata");
        System.IO.File.WriteAllText(dataset, "a dataset");
        Assert.Equal(dataset, ConfigLoader.Load(null, File("""{ "dataset": { "path": "data.gmcdata" } }"""), []).Dataset.Path);
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, dataset);
        Assert.False(Path.IsPathRooted(relative));
        Assert.Equal(dataset, ConfigLoader.Load(null, null, [Kv("dataset.path", relative)]).Dataset.Path);
        Assert.Contains($"'{_folder.File("missing.gmcdata")}' does not exist", Error(null, File("""{ "dataset": { "path": "missing.gmcdata" } }""")));
        // In a file, a path is read against the file's folder only, not against the current folder.
        string deeper = Path.Combine([_folder.Path, "run", .. Enumerable.Repeat("deeper", 12), "config.json"]);
        Directory.CreateDirectory(Path.GetDirectoryName(deeper)!);
        System.IO.File.WriteAllText(deeper, $$"""{ "dataset": { "path": "{{relative}}" } }""");
        Assert.Contains("does not exist", Error(null, deeper));
    }

    [Fact]
    public void Duplicate_keys_a_preset_that_is_not_a_name_and_infinite_numbers_are_clear_errors()
    {
        Assert.Contains("is not valid JSON", Error(null, File("""{ "agent": { "steps": 5 }, "agent": { "steps": 6 } }""")));
        Assert.Contains("is not valid JSON", Error(null, File("""{ "agent": { "steps": 5, "steps": 6 } }""")));
        Assert.Contains("config key 'preset': expected a preset name, one of quickstart, paper, hyperhot-quickstart, hyperhot-muse (got 7)", Error(null, File("""{ "preset": 7 }""")));
        Assert.Contains("config key 'gmc.learning_rate': expected a positive number (got Infinity)", Error(null, null, Kv("gmc.learning_rate", "1e999")));
        Assert.Contains("config key 'gmc.temperature': expected a positive number (got Infinity)", Error(null, null, Kv("gmc.temperature", "1e999")));
    }

    [Fact]
    public void Hidden_layers_are_a_list_of_positive_sizes()
    {
        Assert.Equal([64, 32], ConfigLoader.Load(null, null, [Kv("agent.hidden", "[64, 32]")]).Agent.Hidden);
        Assert.Contains("config key 'agent.hidden': expected a non-empty list of positive layer sizes such as [256, 256] (got [])", Error(null, null, Kv("agent.hidden", "[]")));
        Assert.Contains("(got [128, 0])", Error(null, null, Kv("agent.hidden", "[128, 0]")));
        Assert.Contains("config key 'agent.hidden': expected a list of positive integers such as [256, 256]", Error(null, null, Kv("agent.hidden", "wide")));
    }

    [Fact]
    public void Describe_lists_every_key_with_its_value_and_meaning()
    {
        var rows = ConfigLoader.Describe(Presets.Of("quickstart", null)).ToList();
        Assert.Contains(rows, r => r.Key == "agent.algorithm" && r.Value == "null" && r.Description.Contains("sac, dqn or ddpg"));
        Assert.Contains(rows, r => r.Key == "env.name" && r.Value == "\"multimodal-pendulum-v1\"");
        Assert.Contains(rows, r => r.Key == "gmc.epochs" && r.Value == "15");
        Assert.Contains(rows, r => r.Key == "evaluation.conditions" && r.Value == "null");
        Assert.All(rows, r => Assert.False(string.IsNullOrEmpty(r.Description), r.Key));
    }
}

public class RepresentationConfigTests
{
    private static KeyValuePair<string, string> Kv(string k, string v) => new(k, v);

    [Fact]
    public void The_representation_and_baseline_keys_parse_and_default_to_gmc_and_muse_weights()
    {
        var defaults = ConfigLoader.Load(null, null, []);
        Assert.Equal(RepresentationKind.Gmc, defaults.Representation);
        Assert.Equal(100, defaults.Baseline.ReconstructionWeights["sound"]);
        var c = ConfigLoader.Load(null, null, [Kv("representation", "fusion_ae"), Kv("baseline.kl_weight", "0.5")]);
        Assert.Equal(RepresentationKind.FusionAe, c.Representation);
        Assert.Equal(0.5, c.Baseline.KlWeight);
        Assert.Equal(RepresentationKind.TrueState, ConfigLoader.Load(null, null, [Kv("representation", "true_state")]).Representation);
    }

    [Fact]
    public void Unknown_representations_and_negative_weights_name_the_key()
    {
        Assert.Contains("config key 'representation': expected one of gmc, fusion_ae, mvae, true_state",
            Assert.Throws<ConfigException>(() => ConfigLoader.Load(null, null, [Kv("representation", "vae")])).Message);
        Assert.Contains("config key 'baseline.reconstruction_weights.sound': expected 0 or a positive number (got -1)",
            Assert.Throws<ConfigException>(() => ConfigLoader.Load(null, null, [Kv("baseline.reconstruction_weights", "sound=-1")])).Message);
        Assert.Contains("config key 'baseline.reconstruction_weights': multimodal-pendulum-v1 has no modality 'noise'; its modalities are image, sound",
            Assert.Throws<ConfigException>(() => ConfigLoader.Load(null, null, [Kv("baseline.reconstruction_weights", "{\"noise\": 2}")])).Message);
        Assert.Contains("expected a map of names to numbers",
            Assert.Throws<ConfigException>(() => ConfigLoader.Load(null, null, [Kv("baseline.reconstruction_weights", "sound=loud")])).Message);
    }
}
