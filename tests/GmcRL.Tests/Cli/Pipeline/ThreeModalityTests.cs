using GmcRL.Config;
using GmcRL.Pipeline;
using GmcRL.Reports;
using GmcRL.Runs;
using GmcRL.Replays;
using GmcRL.Replays.Rendering;
using GmcRL.Tests.Envs.Registry;

namespace GmcRL.Tests.Cli.Pipeline;

/// <summary>An environment registered by the tests, with three modalities of three kinds and discrete actions, through
/// the whole pipeline: collect, pretrain, train (DQN by default), evaluate in every non-empty subset, and render.</summary>
[Collection(nameof(PipelineTests))]
public class ThreeModalityTests
{
    [Fact]
    public void A_registered_environment_with_three_modalities_runs_through_the_whole_pipeline()
    {
        Beacon.Register();
        using var root = new TestFolder("gmcrl-beacon");
        var config = ConfigLoader.Load(null, null,
        [
            new("env.name", Beacon.Id), new("threads", "1"), new("dataset.samples", "600"), new("gmc.epochs", "2"),
            new("gmc.batch_size", "64"), new("agent.steps", "300"), new("agent.learning_starts", "100"), new("agent.batch_size", "32"),
            new("agent.eval_every", "150"), new("agent.eval_episodes", "2"), new("agent.checkpoint_every", "150"),
            new("agent.buffer_size", "1000"), new("evaluation.episodes", "3"), new("evaluation.replays", "1"),
        ]);
        var run = RunFolder.Create(root.Path, config, new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        var output = new StringWriter();
        Assert.True(new RunPipeline(run, output, CancellationToken.None).RunThrough(Stage.Evaluate), output.ToString());

        var report = EvaluationFiles.Read(run.Path);
        Assert.Equal("dqn", report.Agent);
        Assert.Equal(Beacon.Id, report.Env);
        Assert.Equal(100, report.Steps); // the environment's episode length
        string[] subsets = ["all", "image_only", "dial_only", "hum_only", "image+dial", "image+hum", "dial+hum"];
        Assert.Equal(subsets, report.Conditions.Select(c => c.Name).Take(7));
        foreach (string name in subsets) Assert.Contains($"| {name} ", File.ReadAllText(run.Report));
        Assert.Contains("hum", output.ToString()); // the alignment of each modality is reported after pretraining

        string replay = Directory.GetFiles(run.Replays, "dial_only-*.replay").Single();
        var recorded = ReplayFile.Read(replay);
        Assert.Equal(["image", "dial", "hum"], recorded.Header.Modalities.Select(m => m.Name));
        var rendered = ReplayRenderer.Render(recorded, root.File("rendered"), "dial_only", new RenderOptions { Mp4 = false });
        Assert.True(File.Exists(rendered.Gif));
    }
}
