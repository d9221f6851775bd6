using GmcRL.Cli.Config;
using GmcRL.Cli.Runs;

namespace GmcRL.Tests.Cli.Runs;

public class RunFolderTests
{
    [Fact]
    public void A_new_run_folder_is_named_after_env_agent_seed_and_time_and_holds_its_config_first()
    {
        using var folder = new TestFolder("gmcrl-runs");
        string root = folder.Path;
        var config = Presets.Quickstart with { Seed = 7 };
        var time = new DateTime(2026, 11, 27, 10, 5, 9, DateTimeKind.Utc);
        var run = RunFolder.Create(root, config, time);
        Assert.Equal("multimodal-pendulum__sac__7__20261127T100509Z", Path.GetFileName(run.Path));
        Assert.Equal(["config.json"], Directory.GetFiles(run.Path).Select(Path.GetFileName));

        // Reopening gives the same config; a second run in the same second gets its own folder.
        Assert.Equal(config, RunFolder.Open(run.Path).Config);
        var second = RunFolder.Create(root, config, time);
        Assert.NotEqual(run.Path, second.Path);
    }

    [Fact]
    public void Opening_something_that_is_not_a_run_folder_is_a_clear_error()
    {
        using var folder = new TestFolder("gmcrl-runs");
        string empty = folder.Path;
        Assert.Contains("has no config.json", Assert.Throws<ConfigException>(() => RunFolder.Open(empty)).Message);
        Assert.Contains("does not exist", Assert.Throws<ConfigException>(() => RunFolder.Open(Path.Combine(empty, "nope"))).Message);
    }
}

public class ProgressBarTests
{
    [Fact]
    public void Redirected_output_gets_a_line_per_tenth_with_rate_eta_and_figure()
    {
        var output = new StringWriter();
        var now = TimeSpan.Zero;
        using (var bar = new ProgressBar(output, "pretrain", 1000, "samples", interactive: false, elapsed: () => now))
        {
            for (int done = 0; done <= 1000; done += 50)
            {
                now = TimeSpan.FromSeconds(done / 100.0);
                bar.Report(done, $"loss {done / 1000.0:F2}");
            }
        }
        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(11, lines.Length); // 0%, 10%, ..., 100%; dispose adds nothing after 100%
        Assert.Contains("pretrain", lines[5]);
        Assert.Contains("500/1000 samples", lines[5]);
        Assert.Contains("100 samples/s", lines[5]);
        Assert.Contains("ETA 0:05", lines[5]);
        Assert.Contains("loss 0.50", lines[5]);
        Assert.Contains("100%", lines[10]);
    }

    [Fact]
    public void A_log_of_a_slow_stage_gets_a_line_at_least_once_a_minute_while_the_count_moves()
    {
        var output = new StringWriter();
        var now = TimeSpan.Zero;
        using (var bar = new ProgressBar(output, "pretrain", 500, "epochs", interactive: false, elapsed: () => now))
        {
            // 0%, then 20 epochs (4%: no new tenth) over 20 minutes, then 20 silent minutes without progress.
            bar.Report(0);
            for (int epoch = 1; epoch <= 20; epoch++) { now = TimeSpan.FromMinutes(epoch); bar.Report(epoch); }
            for (int minute = 21; minute <= 40; minute++) { now = TimeSpan.FromMinutes(minute); bar.Report(20); }
        }
        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // One line at the start, one per minute of progress, and the final line on dispose (20 epochs, not finished).
        Assert.Equal(22, lines.Length);
        Assert.Contains("7/500 epochs", lines[7]);
    }

    [Fact]
    public void A_terminal_line_redraws_in_place()
    {
        var output = new StringWriter();
        var now = TimeSpan.Zero;
        using (var bar = new ProgressBar(output, "train", 10, "steps", interactive: true, elapsed: () => now))
        {
            for (int i = 1; i <= 10; i++) { now = TimeSpan.FromSeconds(i); bar.Report(i); }
        }
        Assert.StartsWith("\r", output.ToString());
        Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}

public class ProgressBarRateTests
{
    [Fact]
    public void Slow_stages_show_their_rate_with_decimals()
    {
        var bar = new ProgressBar(TextWriter.Null, "pretrain", 30, "epochs", interactive: false, elapsed: () => TimeSpan.FromSeconds(90));
        bar.Report(9);
        Assert.Contains("0.10 epochs/s", bar.Line(TimeSpan.FromSeconds(90)));
    }
}
