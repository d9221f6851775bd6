using GmcRL.Progress;

namespace GmcRL.Tests.Cli.Progress;

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
    public void Work_done_before_a_resume_fills_the_bar_but_not_the_rate_or_the_eta()
    {
        var now = TimeSpan.Zero;
        var bar = new ProgressBar(TextWriter.Null, "pretrain", 500, "epochs", interactive: false, elapsed: () => now, start: 19);
        bar.Report(19);
        Assert.Contains("ETA --:--", bar.Line(now));
        now = TimeSpan.FromSeconds(30);
        bar.Report(21);
        string line = bar.Line(now);
        Assert.Contains("21/500 epochs", line);
        Assert.Contains("0.07 epochs/s", line); // 2 epochs in 30 s, not 21
        Assert.Contains("ETA 1:59:45", line);   // 479 epochs at 15 s each
    }

    [Fact]
    public void Slow_stages_show_their_rate_with_decimals()
    {
        var now = TimeSpan.Zero;
        var bar = new ProgressBar(TextWriter.Null, "pretrain", 30, "epochs", interactive: false, elapsed: () => now);
        now = TimeSpan.FromSeconds(90);
        bar.Report(9);
        Assert.Contains("0.10 epochs/s", bar.Line(now));
    }

    [Fact]
    public void The_rate_and_eta_follow_the_last_minute_not_a_fast_start()
    {
        var now = TimeSpan.Zero;
        var bar = new ProgressBar(TextWriter.Null, "train", 100_000, "steps", interactive: false, elapsed: () => now);
        // 20,000 steps in the first 10 s, then 100 steps/s for 3 minutes: 38,000 steps at 190 s.
        for (int s = 1; s <= 10; s++) { now = TimeSpan.FromSeconds(s); bar.Report(2_000L * s); }
        for (int s = 11; s <= 190; s++) { now = TimeSpan.FromSeconds(s); bar.Report(20_000 + 100L * (s - 10)); }
        string line = bar.Line(now);
        Assert.Contains("38000/100000 steps", line);
        Assert.Contains(" 100 steps/s", line);  // the average since the start would be 200
        Assert.Contains("ETA 10:20", line);     // 62,000 steps at 100 a second
    }

    [Fact]
    public void A_restarted_rate_counts_from_the_restart()
    {
        var now = TimeSpan.Zero;
        var bar = new ProgressBar(TextWriter.Null, "train", 10_000, "steps", interactive: false, elapsed: () => now);
        now = TimeSpan.FromSeconds(2);
        bar.Report(5_000);            // a fast warm-up: 2,500 steps/s
        bar.RestartRate();
        Assert.Contains("ETA --:--", bar.Line(now));
        now = TimeSpan.FromSeconds(12);
        bar.Report(5_500);            // then 50 steps/s
        string line = bar.Line(now);
        Assert.Contains(" 50 steps/s", line);
        Assert.Contains("ETA 1:30", line); // 4,500 steps at 50 a second
    }
}
