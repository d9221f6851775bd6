using System.Diagnostics;
using GmcRL.Config;
using GmcRL.Pipeline;
using GmcRL.Runs;
using GmcRL.Tests.Cli.Pipeline;

namespace GmcRL.Tests.Api;

/// <summary>Every script in examples/ runs as a user runs it, <c>dotnet run examples/&lt;name&gt;.cs -- --quick</c>, and
/// prints what it should. One at a time: each builds the library for scripts first.</summary>
[CollectionDefinition(nameof(ExamplesTests), DisableParallelization = true)]
public sealed class ExamplesCollection;

[Collection(nameof(ExamplesTests))]
public sealed class ExamplesTests
{

    [Fact]
    public void The_pendulum_example_pretrains_learns_and_prints_the_missing_modality_table()
    {
        string output = Run("pendulum.cs", "--quick");
        Assert.Contains("model = epoch", output);
        Assert.Contains("held-out alignment image: cosine", output);
        var rows = TableRows(output);
        Assert.Equal(["all", "image_only", "sound_only", "per_episode_p0.3", "per_step_p0.1", "per_step_p0.3", "per_step_p0.5", "blackout_p0.05_k20", "random_policy"], rows);
    }

    [Fact]
    public void The_beacon_example_runs_a_custom_environment_with_three_senses_end_to_end()
    {
        string output = Run("beacon.cs", "--quick");
        Assert.Contains("model = epoch", output);
        var rows = TableRows(output);
        Assert.Equal(["all", "image_only", "dial_only", "hum_only", "image+dial", "image+hum", "dial+hum"], rows.Take(7));
        Assert.Equal("random_policy", rows[^1]);
    }

    [Fact]
    public void The_beacon_example_hands_other_arguments_to_gmcrl()
    {
        string output = Run("beacon.cs", "envs");
        Assert.Contains("beacon-v1", output);
        Assert.Contains("multimodal-pendulum-v1", output);
    }

    [Fact]
    public void The_evaluate_run_example_evaluates_a_finished_run_under_bursts()
    {
        using var root = new TestFolder("examples-run");
        var config = ConfigLoader.Load(null, null, TinyRun.Overrides);
        var run = RunFolder.Create(root.Path, config, new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        Assert.True(new RunPipeline(run, TextWriter.Null, CancellationToken.None).RunThrough(Stage.Train));
        string output = Run("evaluate_run.cs", run.Path, "--quick");
        Assert.Contains($"{run.Path}: sac on gmc for multimodal-pendulum-v1", output);
        Assert.Equal(["all", "bursts_50", "random_policy"], TableRows(output));
        // Every bursts_50 episode had one modality missing at a time: the row keeps a number, not a dash.
        Assert.Matches(@"bursts_50\s+-?\d+\.\d{3}\s+± \d+\.\d{3}", output);
        Assert.Contains("usage: dotnet run examples/evaluate_run.cs", Run("evaluate_run.cs", expectedCode: 2));
    }

    [Fact]
    public void The_true_state_example_trains_dqn_on_hyperhot_and_saves_it()
    {
        string output = Run("true_state_dqn.cs", "--quick");
        Assert.Contains("hyperhot-v1: 32 true-state features, actions Discrete(6)", output);
        var curve = output.Split('\n').Single(l => l.StartsWith("learning curve (step: mean return): ", StringComparison.Ordinal));
        Assert.Equal(10, curve.Split(": ", 2)[1].Split(", ").Length);
        Assert.Equal(["all", "random_policy"], TableRows(output));
        // Hyperhot is won or lost: its table scores the total reward and says how often.
        Assert.Contains("condition                    return    95% CI     kept     won", output);
        string saved = output.Split('\n').Single(l => l.StartsWith("saved: ", StringComparison.Ordinal))["saved: ".Length..].Trim();
        Assert.True(File.Exists(saved), saved);
        File.Delete(saved); // the example saves beside the system's temporary files; leave nothing behind
    }

    [Fact]
    public void The_readme_script_builds_as_written()
    {
        // The README's script, with its project reference pointed at this checkout, built as `dotnet build` builds a script.
        string readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        int section = readme.IndexOf("## Scripts", StringComparison.Ordinal);
        int start = readme.IndexOf("```csharp\n", section, StringComparison.Ordinal) + "```csharp\n".Length;
        string code = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
        Assert.Contains("#:project ../src/Api/GmcRL.Api.csproj", code);
        using var folder = new TestFolder("readme-script");
        string script = Path.Combine(folder.Path, "readme.cs");
        File.WriteAllText(script, code.Replace("../src/Api/GmcRL.Api.csproj", Path.Combine(Repository.Root, "src", "Api", "GmcRL.Api.csproj")));
        var (exit, output) = Dotnet(folder.Path, "build", script);
        Assert.True(exit == 0, $"the README's script does not build:\n{output}");
    }

    // Runs dotnet with arguments in a folder; returns its exit code and everything it printed.
    private static (int Code, string Output) Dotnet(string folder, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        foreach (string a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(600_000), $"dotnet {string.Join(' ', args)} did not end in 10 minutes");
        return (process.ExitCode, output + error.Result);
    }

    // The condition names of the table the example printed last.
    private static List<string> TableRows(string output)
    {
        var lines = output.Replace("\r\n", "\n").Split('\n');
        // A game's table scores the return and adds the win rate.
        int header = Array.FindLastIndex(lines, l => l.StartsWith("condition ", StringComparison.Ordinal) && l.Contains("95% CI", StringComparison.Ordinal));
        Assert.True(header >= 0, $"no table in:\n{output}");
        return lines.Skip(header + 1).TakeWhile(l => l.Length > 0).Select(l => l.Split(' ')[0]).ToList();
    }

    private static string Run(string example, params string[] args) => Run(example, args, 0);

    private static string Run(string example, int expectedCode) => Run(example, [], expectedCode);

    private static string Run(string example, string[] args, int expectedCode)
    {
        var (code, all) = Dotnet(Repository.Root, ["run", Path.Combine("examples", example), "--", .. args]);
        Assert.True(code == expectedCode, $"{example} ended with {code}:\n{all}");
        return all;
    }
}
