using GmcRL.Agents.Training;

namespace GmcRL.Tests.Agents;

public class ProgressLineTests
{
    [Fact]
    public void On_a_console_one_line_is_rewritten_and_ended_once()
    {
        var text = new StringWriter();
        var progress = new ProgressLine(text, overwrite: true);
        progress.Show(100, 1000, -812.25, null, 123.4, force: true);
        progress.Show(200, 1000, null, new TrainingEvaluation(200, -150.5, 3, 10), 130, force: true);
        progress.Finish();

        string output = text.ToString();
        Assert.Equal(2, output.Count(c => c == '\r'));
        Assert.Single(output.Split(Environment.NewLine), l => l.Length > 0);
        Assert.Contains("100/1000 steps", output);
        Assert.Contains("-812.2", output);
        Assert.Contains("eval   -150.5", output);
        Assert.Contains("130 steps/s", output);
        Assert.EndsWith(Environment.NewLine, output);
    }

    [Fact]
    public void Lines_too_close_together_are_skipped_unless_forced()
    {
        var text = new StringWriter();
        var progress = new ProgressLine(text, overwrite: false);
        progress.Show(1, 10, null, null, 1);
        progress.Show(2, 10, null, null, 1);
        progress.Show(3, 10, null, null, 1, force: true);
        var lines = text.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("1/10 steps", lines[0]);
        Assert.Contains("3/10 steps", lines[1]);
    }
}
