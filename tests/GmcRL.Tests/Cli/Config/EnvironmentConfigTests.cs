using GmcRL.Cli.Commands;
using GmcRL.Agents;
using GmcRL.Config;
using GmcRL.Pipeline;
using GmcRL.Tests.Envs.Registry;

namespace GmcRL.Tests.Cli.Config;

/// <summary>The config's environment keys are read against the registry.</summary>
public class EnvironmentConfigTests
{
    private static KeyValuePair<string, string> Kv(string k, string v) => new(k, v);

    [Fact]
    public void An_unknown_environment_is_refused_with_the_registered_ones_listed_before_any_folder_is_made()
    {
        using var root = new TestFolder("gmcrl-envname");
        var e = Assert.Throws<ConfigException>(() => PipelineCommand.Run(Stage.Evaluate, "run", ["--env.name", "nope", "--runs", root.Path], TextWriter.Null));
        Assert.Contains("config key 'env.name': no environment is registered as 'nope'; registered: ", e.Message);
        Assert.Contains("multimodal-pendulum-v1", e.Message);
        Assert.Contains("gmcrl envs", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(root.Path));
    }

    [Fact]
    public void Null_keys_take_the_environment_s_defaults_and_the_agent_follows_its_action_space()
    {
        Beacon.Register();
        var pendulum = RunEnvironment.Of(ConfigLoader.Load("paper", null, []));
        Assert.Equal((2, 300, 300, Algorithm.Ddpg), (pendulum.FrameStack, pendulum.EpisodeSteps, pendulum.EvaluationSteps, pendulum.Algorithm));
        Assert.Null(pendulum.CollectResetEvery); // the paper's one long run (dataset.reset_every 0)
        var quick = RunEnvironment.Of(ConfigLoader.Load(null, null, []));
        Assert.Equal((Algorithm.Sac, 30), (quick.Algorithm, quick.CollectResetEvery));
        var beacon = RunEnvironment.Of(ConfigLoader.Load(null, null, [Kv("env.name", Beacon.Id), Kv("dataset.reset_every", "null")]));
        Assert.Equal((2, 100, 50, Algorithm.Dqn, false), (beacon.FrameStack, beacon.EpisodeSteps, beacon.CollectResetEvery, beacon.Algorithm, beacon.DiscretizedActions));
        var dqn = RunEnvironment.Of(ConfigLoader.Load(null, null, [Kv("agent.algorithm", "dqn")]));
        Assert.True(dqn.DiscretizedActions);
    }

    [Fact]
    public void Pendulum_presets_carry_its_reconstruction_weights_only_on_the_pendulum()
    {
        Beacon.Register();
        Assert.Equal(100, ConfigLoader.Load(null, null, []).Baseline.ReconstructionWeights["sound"]);
        Assert.Empty(ConfigLoader.Load(null, null, [Kv("env.name", Beacon.Id)]).Baseline.ReconstructionWeights);
        Assert.Equal(3, ConfigLoader.Load(null, null, [Kv("env.name", Beacon.Id), Kv("baseline.reconstruction_weights", "hum=3")]).Baseline.ReconstructionWeights["hum"]);
    }

    [Fact]
    public void An_algorithm_that_cannot_act_in_the_action_space_names_the_key()
    {
        Beacon.Register();
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(null, null, [Kv("env.name", Beacon.Id), Kv("agent.algorithm", "sac")]));
        Assert.Contains("config key 'agent.algorithm': sac needs continuous actions, but beacon-v1 has Discrete(3)", e.Message);
        e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(null, null, [Kv("evaluation.conditions", "all,dial_only")]));
        Assert.Contains("unknown condition 'dial_only'", e.Message);
    }
}
