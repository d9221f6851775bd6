using System.Diagnostics;
using System.Globalization;

namespace GmcRL.Agents.Training;

/// <summary>
/// A progress bar with the recent episode return, the last evaluation and steps per second. On a console it rewrites
/// one line with '\r' at most twice a second; elsewhere (files, logs) it writes a new line at most every ten seconds.
/// </summary>
public sealed class ProgressLine
{
    private const int BarWidth = 24;
    private readonly TextWriter _writer;
    private readonly bool _overwrite;
    private readonly Stopwatch _sinceWrite = new();
    private int _lastLength;

    /// <summary>Writes to <paramref name="writer"/>; <paramref name="overwrite"/> rewrites one line (for consoles).</summary>
    public ProgressLine(TextWriter writer, bool overwrite)
    {
        _writer = writer;
        _overwrite = overwrite;
    }

    /// <summary>A progress line for the console, overwriting when the output is not redirected.</summary>
    public static ProgressLine ForConsole() => new(Console.Out, !Console.IsOutputRedirected);

    /// <summary>Shows the state; skipped when the last line is too recent unless <paramref name="force"/>.</summary>
    public void Show(long step, long total, double? recentReturn, TrainingEvaluation? lastEvaluation, double stepsPerSecond, bool force = false)
    {
        if (!force && _sinceWrite.IsRunning && _sinceWrite.ElapsedMilliseconds < (_overwrite ? 500 : 10_000)) return;
        _sinceWrite.Restart();
        int filled = total <= 0 ? BarWidth : (int)Math.Clamp(step * BarWidth / total, 0, BarWidth);
        var c = CultureInfo.InvariantCulture;
        string line = string.Create(c,
            $"[{new string('#', filled)}{new string('-', BarWidth - filled)}] {step,8}/{total} steps" +
            $" | return {(recentReturn is double r ? r.ToString("F1", c) : "-"),8}" +
            $" | eval {(lastEvaluation is { } e ? e.MeanReturn.ToString("F1", c) : "-"),8}" +
            $" | {stepsPerSecond,6:F0} steps/s");
        if (_overwrite)
        {
            _writer.Write('\r' + line.PadRight(_lastLength));
            _lastLength = line.Length;
        }
        else _writer.WriteLine(line);
        _writer.Flush();
    }

    /// <summary>Ends the updating line so that later output starts on a fresh one.</summary>
    public void Finish()
    {
        if (_overwrite && _lastLength > 0) _writer.WriteLine();
        _lastLength = 0;
    }
}
