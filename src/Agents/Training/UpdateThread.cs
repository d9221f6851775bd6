using System.Runtime.ExceptionServices;

namespace GmcRL.Agents.Training;

/// <summary>
/// One thread of its own that runs the trainer's gradient steps while the calling thread steps the environments
/// (<see cref="TrainerOptions.OverlapUpdates"/>). A dedicated thread rather than the thread pool: a pool task that has
/// not started by the time it is awaited runs on the awaiting thread, and the two pieces of work would silently run
/// one after the other whenever the pool is busy.
/// </summary>
internal sealed class UpdateThread : IDisposable
{
    private readonly Thread _thread;
    // Events that spin a while before they block: the two threads hand over every step, a millisecond or two apart,
    // and waking a blocked thread costs tens of microseconds.
    private readonly ManualResetEventSlim _started = new(false, SpinCount);
    private readonly ManualResetEventSlim _finished = new(false, SpinCount);
    private const int SpinCount = 2047;
    private Func<UpdateMetrics>? _work;
    private UpdateMetrics _result;
    private ExceptionDispatchInfo? _error;
    private bool _busy;
    private bool _stopping;

    public UpdateThread()
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = "gmcrl gradient steps" };
        _thread.Start();
    }

    /// <summary>Starts <paramref name="work"/> on the thread; <see cref="Finish"/> waits for it.</summary>
    public void Start(Func<UpdateMetrics> work)
    {
        if (_busy) throw new InvalidOperationException("UpdateThread: the previous work has not been finished.");
        _busy = true;
        _work = work;
        _started.Set();
    }

    /// <summary>Waits for the started work and returns its result, or throws its exception.</summary>
    public UpdateMetrics Finish()
    {
        if (!_busy) throw new InvalidOperationException("UpdateThread: no work was started.");
        _finished.Wait();
        _finished.Reset();
        _busy = false;
        _error?.Throw();
        return _result;
    }

    private void Loop()
    {
        while (true)
        {
            _started.Wait();
            _started.Reset();
            if (_stopping) return;
            try
            {
                _error = null;
                _result = _work!();
            }
            catch (Exception e)
            {
                _error = ExceptionDispatchInfo.Capture(e);
            }
            _finished.Set();
        }
    }

    /// <summary>Waits for any started work (its exception is dropped) and ends the thread.</summary>
    public void Dispose()
    {
        if (_busy) _finished.Wait();
        _stopping = true;
        _started.Set();
        _thread.Join();
        _started.Dispose();
        _finished.Dispose();
    }
}
