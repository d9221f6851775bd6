using System.Text.Json;
using GmcRL.Benchmarks;
using GmcRL.Cli.Options;

namespace GmcRL.Tests.Cli;

public class CommandLineTests
{
    [Fact]
    public void Options_parse_with_defaults_and_both_value_styles()
    {
        var cl = new CommandLine("cmd", "summary", ["--steps", "7", "--rate=0.25", "--json"]);
        Assert.Equal(7, cl.Int("steps", 1, "h"));
        Assert.Equal(0.25, cl.Double("rate", 1, "h"));
        Assert.Equal("sac", cl.Text("algo", "sac", "h", "sac", "dqn"));
        Assert.True(cl.Flag("json", "h"));
        Assert.False(cl.ShowHelp(TextWriter.Null));
    }

    [Theory]
    [InlineData(new[] { "--steps", "x" }, "--steps must be an integer >= 1 (got 'x')")]
    [InlineData(new[] { "--steps", "0" }, "--steps must be an integer >= 1 (got '0')")]
    [InlineData(new[] { "--steps" }, "--steps needs a value")]
    [InlineData(new[] { "--steps", "1", "--steps", "2" }, "--steps is given twice")]
    [InlineData(new[] { "--stepz", "1" }, "unknown option --stepz; known options: --steps, --json")]
    [InlineData(new[] { "steps" }, "unexpected argument 'steps'")]
    [InlineData(new[] { "--json=yes" }, "--json is a flag and takes no value")]
    public void Wrong_options_name_the_option_and_what_it_expects(string[] args, string message)
    {
        var e = Assert.Throws<CommandLineException>(() =>
        {
            var cl = new CommandLine("cmd", "summary", args);
            cl.Int("steps", 5, "h", min: 1);
            cl.Flag("json", "h");
            cl.ShowHelp(TextWriter.Null);
        });
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Integer_lists_parse_or_name_the_option()
    {
        Assert.Equal([128, 64], new CommandLine("cmd", "s", ["--hidden", "128,64"]).IntList("hidden", "own", "h"));
        Assert.Null(new CommandLine("cmd", "s", []).IntList("hidden", "own", "h"));
        foreach (string bad in new[] { "128,0", "wide", "128,,64" })
        {
            var e = Assert.Throws<CommandLineException>(() => new CommandLine("cmd", "s", ["--hidden", bad]).IntList("hidden", "own", "h"));
            Assert.Contains($"--hidden must be comma-separated integers >= 1 (got '{bad}')", e.Message);
        }
    }

    [Fact]
    public void An_optional_text_is_null_when_absent_and_refused_when_given_empty()
    {
        Assert.Null(new CommandLine("cmd", "s", []).OptionalText("resume", "a folder", "h"));
        Assert.Equal("runs/x", new CommandLine("cmd", "s", ["--resume", "runs/x"]).OptionalText("resume", "a folder", "h"));
        // A script's unset variable gives an empty value: it must not quietly start something else.
        foreach (string[] args in new[] { new[] { "--resume", "" }, ["--resume="], ["--resume"] })
        {
            var e = Assert.Throws<CommandLineException>(() => new CommandLine("cmd", "s", args).OptionalText("resume", "a folder", "h"));
            Assert.Contains("cmd: --resume needs a value: a folder", e.Message);
        }
        var wrong = Assert.Throws<CommandLineException>(() => new CommandLine("cmd", "s", ["--preset", "huge"]).OptionalText("preset", "a preset", "h", "quickstart", "paper"));
        Assert.Contains("--preset must be one of quickstart, paper (got 'huge')", wrong.Message);
        var help = new StringWriter();
        var cl = new CommandLine("cmd", "s", ["--help"]);
        cl.OptionalText("preset", "a preset", "start from a preset", "quickstart", "paper");
        Assert.True(cl.ShowHelp(help));
        Assert.Contains("--preset <one of quickstart, paper>", help.ToString());
        Assert.DoesNotContain("(default: )", help.ToString());
    }

    [Fact]
    public void Help_lists_every_option_with_its_default()
    {
        var cl = new CommandLine("cmd", "Does things.", ["--help"]);
        cl.Int("steps", 5, "how many steps");
        cl.Double("rate", 0.5, "the rate");
        var text = new StringWriter();
        Assert.True(cl.ShowHelp(text));
        Assert.Contains("usage: cmd", text.ToString());
        Assert.Contains("how many steps (default: 5)", text.ToString());
        Assert.Contains("the rate (default: 0.5)", text.ToString());
    }

    [Fact]
    public void Bench_env_json_is_one_object_with_a_figure_per_configuration()
    {
        var output = new StringWriter();
        Assert.Equal(0, EnvBenchmark.Run(["--seconds", "0.1", "--copies", "2", "--json"], output));
        using var doc = JsonDocument.Parse(output.ToString());
        var cases = doc.RootElement.GetProperty("cases").EnumerateArray().ToList();
        Assert.Contains(cases, c => c.GetProperty("name").GetString() == "multimodal-stack2");
        Assert.Contains(cases, c => c.GetProperty("name").GetString() == "vector-2x-stack2");
        Assert.All(cases, c => Assert.True(c.GetProperty("steps_per_second").GetDouble() > 0));
        Assert.True(doc.RootElement.GetProperty("machine").GetProperty("cores").GetInt32() > 0);
    }

    [Fact]
    public void Gmcrl_reports_unknown_commands_and_bad_options_with_exit_code_2()
    {
        var error = Console.Error;
        try
        {
            var captured = new StringWriter();
            Console.SetError(captured);
            Assert.Equal(2, GmcRL.Cli.Program.Main(["fly"]));
            Assert.Equal(2, GmcRL.Cli.Program.Main(["demo", "--drop", "0.9"]));
            Assert.Equal(2, GmcRL.Cli.Program.Main(["bench", "env"]));
            Assert.Contains("unknown command 'fly'", captured.ToString());
            Assert.Contains("--drop must be at most 0.5", captured.ToString());
            Assert.Contains("the benchmarks are a program of their own: dotnet run --project benchmarks/GmcRL.Benchmarks", captured.ToString());
        }
        finally
        {
            Console.SetError(error);
        }
    }

    [Fact]
    public void Gmcrl_reports_an_unreadable_dataset_without_a_stack_trace_and_with_exit_code_1()
    {
        using var folder = new TestFolder("gmcrl-cli");
        string dataset = folder.File("damaged.gmcdata");
        File.WriteAllText(dataset, "not a dataset");
        var error = Console.Error;
        var output = Console.Out;
        try
        {
            var captured = new StringWriter();
            Console.SetError(captured);
            Console.SetOut(TextWriter.Null);
            // --threads 1: the pipeline sets TorchSharp's process-wide thread count, and the agent tests running
            // alongside need it to stay at their one thread to repeat their runs bit for bit.
            Assert.Equal(1, GmcRL.Cli.Program.Main(["pretrain", "--runs", folder.Path, "--dataset.path", dataset, "--threads", "1"]));
            Assert.StartsWith($"gmcrl: '{dataset}'", captured.ToString());
            Assert.DoesNotContain("   at ", captured.ToString());
        }
        finally
        {
            Console.SetError(error);
            Console.SetOut(output);
        }
    }

    [Fact]
    public void Bench_pretrain_lists_its_options_and_refuses_bad_ones_before_any_work()
    {
        var help = new StringWriter();
        Assert.Equal(0, PretrainBenchmark.Run(["--help"], help));
        Assert.Contains("--samples <an integer >= 1000>", help.ToString());
        Assert.Contains("--samples must be an integer >= 1000 (got '10')",
            Assert.Throws<CommandLineException>(() => PretrainBenchmark.Run(["--samples", "10"], TextWriter.Null)).Message);
    }

    [Fact]
    public void Demo_run_is_deterministic_by_seed()
    {
        string Run(string seed)
        {
            var output = new StringWriter();
            Assert.Equal(0, GmcRL.Cli.DemoCommand.Run(["--episodes", "2", "--steps", "50", "--seed", seed], output));
            // Drop the wall-time line; everything else must match.
            return string.Join("\n", output.ToString().Split('\n').Where(l => !l.Contains("steps/s")));
        }
        Assert.Equal(Run("3"), Run("3"));
        Assert.NotEqual(Run("3"), Run("4"));
    }
}
