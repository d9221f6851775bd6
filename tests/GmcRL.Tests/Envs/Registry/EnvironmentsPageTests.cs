using GmcRL.Cli.Commands;
using GmcRL.Envs.Registry;
using GmcRL.Pipeline;

namespace GmcRL.Tests.Envs.Registry;

/// <summary>docs/environments.md, examples/beacon.cs, <c>gmcrl envs</c> and <c>gmcrl run --help</c> tell the same story.</summary>
public class EnvironmentsPageTests
{
    private static string Normalized(string text) => text.Replace("\r\n", "\n");

    // The Beacon class as the tests compile it, from its doc comment to its end.
    private static string BeaconClass()
    {
        string code = Normalized(Repository.Text("tests/GmcRL.Tests/Envs/Registry/Beacon.cs"));
        return code[code.IndexOf("/// <summary>", StringComparison.Ordinal)..];
    }

    [Fact]
    public void The_page_and_the_example_hold_the_environment_the_tests_run()
    {
        Assert.Contains(BeaconClass(), Normalized(Repository.Text("docs/environments.md")));
        Assert.Contains(BeaconClass(), Normalized(Repository.Text("examples/beacon.cs")));
        Assert.True(BeaconClass().Split('\n').Length < 150, "the page promises an environment of under about 150 lines");
    }

    [Fact]
    public void The_page_shows_what_gmcrl_envs_prints()
    {
        var registration = Beacon.Register();
        var output = new StringWriter();
        EnvsCommand.Describe(registration, output);
        string described = Normalized(output.ToString()).TrimEnd('\n');
        Assert.Contains(described, Normalized(Repository.Text("docs/environments.md")));
    }

    [Fact]
    public void Gmcrl_envs_says_what_a_replay_plays()
    {
        string Replays(string id)
        {
            var output = new StringWriter();
            EnvsCommand.Describe(EnvRegistry.Get(id), output);
            return output.ToString().Split('\n').Single(l => l.Contains("replays:")).Trim();
        }
        Assert.Equal("replays:    0.03333 s per step; 'sound' as recorded, 4 channel(s) at 31,410 Hz", Replays("hyperhot-v1"));
        Assert.Equal("replays:    0.05 s per step; tones of 'sound' (left_bottom, right_bottom, middle_top)", Replays("multimodal-pendulum-v1"));
        Beacon.Register();
        Assert.Equal("replays:    0.1 s per step; silent", Replays(Beacon.Id)); // its hum: 64 samples a step, 640 Hz, not audio
    }

    [Fact]
    public void The_keys_the_page_names_are_the_ones_run_help_lists()
    {
        var help = new StringWriter();
        Assert.Equal(0, PipelineCommand.Run(Stage.Evaluate, "run", ["--help"], help));
        string page = Repository.Text("docs/environments.md");
        foreach (string key in new[] { "env.name", "env.frame_stack", "env.episode_steps", "dataset.reset_every", "evaluation.steps", "agent.algorithm", "baseline.reconstruction_weights", "gmc.standardize_vectors" })
        {
            Assert.Contains($"`{key}`", page);
            Assert.Contains($"--{key} ", help.ToString());
        }
        Assert.Contains("multimodal-pendulum-v1", help.ToString());
    }
}
