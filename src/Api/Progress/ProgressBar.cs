using System.Diagnostics;

namespace GmcRL.Progress;

/// <summary>
/// One stage's progress on one line: a bar, done/total, rate, ETA and the stage's key figure (loss, return). On a
/// terminal the line redraws in place (at most 10 times a second); into a file or pipe it prints a full line at
/// every 10% instead, so logs stay readable, and at least once a minute while there is news, so that a log of an
/// hours-long stage shows it is alive. The rate and the ETA are those of about the last minute (<see cref="RateWindow"/>),
/// so that a slow first step or a change of pace (an agent's fast warm-up before learning starts: see
/// <see cref="RestartRate"/>) does not mislead them for the rest of the stage. Work done before the bar started (a
/// resumed run) fills the bar but does not count toward the rate and the ETA.
/// </summary>
public sealed class ProgressBar : IDisposable
{
    private readonly TextWriter _output;
    private readonly string _stage;
    private readonly long _total;
    private readonly long _start;
    private readonly string _unit;
    private readonly bool _interactive;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Func<TimeSpan> _elapsed;
    private TimeSpan? _lastDraw;
    private int _lastDecile = -1;
    private TimeSpan _lastLine;
    private long _lineDone = -1;
    // Counts at past moments, at most one per second: the rate is measured from the newest one at least RateWindow old
    // (or the oldest, early on) to now.
    private readonly Queue<(TimeSpan At, long Done)> _marks = new();
    private TimeSpan _lastMark;

    /// <summary>How far back the rate looks.</summary>
    public static TimeSpan RateWindow { get; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest pause between two lines of a log (not a terminal) while the count moves.</summary>
    public static TimeSpan LogHeartbeat { get; } = TimeSpan.FromMinutes(1);
    private long _done;
    private string _figure = "";
    private bool _finished;

    /// <summary>Starts a bar.</summary>
    /// <param name="output">Where to draw.</param>
    /// <param name="stage">The stage's name, e.g. "pretrain".</param>
    /// <param name="total">The count at which the stage is done.</param>
    /// <param name="unit">What is counted, e.g. "steps".</param>
    /// <param name="interactive">Redraw in place (a terminal); null: decide from whether standard output is redirected.</param>
    /// <param name="elapsed">The clock (tests pass their own).</param>
    /// <param name="start">The count already done when the bar starts, e.g. by the run that this one resumes.</param>
    public ProgressBar(TextWriter output, string stage, long total, string unit, bool? interactive = null, Func<TimeSpan>? elapsed = null,
        long start = 0)
    {
        _output = output;
        _stage = stage;
        _total = Math.Max(1, total);
        _start = Math.Clamp(start, 0, _total);
        _done = _start;
        _unit = unit;
        _interactive = interactive ?? !Console.IsOutputRedirected;
        _elapsed = elapsed ?? (() => _clock.Elapsed);
        _lastMark = _elapsed();
        _marks.Enqueue((_lastMark, _start));
    }

    /// <summary>Measures the rate from here on only, for a stage whose pace changes at a known point (an agent's
    /// random warm-up ends); the ETA shows "--:--" until the count moves again.</summary>
    public void RestartRate()
    {
        _marks.Clear();
        _lastMark = _elapsed();
        _marks.Enqueue((_lastMark, _done));
    }

    /// <summary>Reports progress: <paramref name="done"/> of the total, with the stage's key figure (e.g. "loss 1.23").</summary>
    public void Report(long done, string figure = "")
    {
        _done = Math.Clamp(done, 0, _total);
        _figure = figure;
        var now = _elapsed();
        if (now - _lastMark >= TimeSpan.FromSeconds(1))
        {
            _lastMark = now;
            _marks.Enqueue((now, _done));
            while (_marks.Count > 1 && now - _marks.ElementAt(1).At >= RateWindow) _marks.Dequeue();
        }
        if (_interactive)
        {
            if (now - _lastDraw < TimeSpan.FromMilliseconds(100) && _done < _total) return; // null compares false
            _lastDraw = now;
            _output.Write("\r" + Line(now) + "  ");
        }
        else
        {
            int decile = (int)(10 * _done / _total);
            bool heartbeat = now - _lastLine >= LogHeartbeat && _done != _lineDone;
            if (decile == _lastDecile && !heartbeat) return;
            _lastDecile = decile;
            _lastLine = now;
            _lineDone = _done;
            _output.WriteLine(Line(now));
        }
    }

    /// <summary>The line as it would be drawn now.</summary>
    public string Line(TimeSpan elapsed)
    {
        double fraction = _done / (double)_total;
        const int width = 24;
        int filled = (int)Math.Round(fraction * width);
        var (since, from) = _marks.Peek();
        double seconds = (elapsed - since).TotalSeconds;
        double rate = seconds > 0 ? Math.Max(0, _done - from) / seconds : 0;
        string eta = rate > 0 && _done < _total ? Format(TimeSpan.FromSeconds((_total - _done) / rate)) : "--:--";
        string figure = _figure.Length > 0 ? "  " + _figure : "";
        return $"{_stage,-9} [{new string('#', filled)}{new string('.', width - filled)}] {fraction * 100,3:F0}% {_done}/{_total} {_unit}  " +
               $"{Rate(rate)} {_unit}/s  {Format(elapsed)} elapsed, ETA {eta}{figure}";
    }

    /// <summary>Draws the final state and ends the line.</summary>
    public void Dispose()
    {
        if (_finished) return;
        _finished = true;
        if (_interactive) _output.WriteLine("\r" + Line(_elapsed()) + "  ");
        else if (_lastDecile < 10) _output.WriteLine(Line(_elapsed()));
    }

    // Slow stages (epochs) need decimals; fast ones (steps) do not.
    private static string Rate(double rate) => rate < 10 ? rate.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : rate.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    private static string Format(TimeSpan t) => t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss") : t.ToString(@"m\:ss");
}
