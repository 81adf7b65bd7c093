using Havm.Core.Ports;

namespace Havm.Core.Health;

/// <summary>
/// What LooksAlive and IsAlive carry from one poll to the next: the heartbeat's counters, the "cannot tell" window,
/// whether the heartbeat failed, and the last verdict each logged (only changes are logged). Thread-safe: one lock,
/// held only inside each member (polls and the lifecycle's entry points run on different threads).
/// </summary>
internal sealed class PollMemory
{
    private readonly object _gate = new();
    private readonly HeartbeatPolicy _heartbeat;
    private readonly UncertaintyWindow _uncertainty;
    private bool _heartbeatFailed;
    private TimeSpan? _looksAliveCannotTellAt;
    private PollReport? _looksAliveReport;
    private PollReport? _isAliveReport;

    public PollMemory(IClock clock)
    {
        _heartbeat = new HeartbeatPolicy(clock);
        _uncertainty = new UncertaintyWindow(clock);
    }

    /// <summary>The last heartbeat verdict was a failure (Offline and Terminate then turn off unless configured to save).</summary>
    public bool HeartbeatFailed
    {
        get { lock (_gate) { return _heartbeatFailed; } }
    }

    /// <summary>Whether a heartbeat was seen since the guest last started, resumed or restored.</summary>
    public bool HasSeenHeartbeat
    {
        get { lock (_gate) { return _heartbeat.HasSeenHeartbeat; } }
    }

    /// <summary>Online step 0: a new run starts with no heartbeat seen, no "cannot tell" and nothing logged.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _heartbeat.Reset();
            _uncertainty.Close();
            _heartbeatFailed = false;
            _looksAliveReport = null;
            _isAliveReport = null;
        }
    }

    /// <summary>The guest is starting, restoring or paused: its heartbeat must be seen again before it is enforced.</summary>
    public void Rearm()
    {
        lock (_gate)
        {
            _heartbeat.Rearm();
        }
    }

    /// <summary>One heartbeat reading of a running guest, judged by <see cref="HeartbeatPolicy"/>.</summary>
    public HeartbeatVerdict Observe(HeartbeatReading reading, int threshold, int missesBeforeFailure)
    {
        lock (_gate)
        {
            var verdict = _heartbeat.Observe(reading, threshold, missesBeforeFailure);
            _heartbeatFailed = !verdict.IsAlive;
            return verdict;
        }
    }

    /// <summary>A definite answer: it ends any "cannot tell" (only such an answer does).</summary>
    public void Definite()
    {
        lock (_gate)
        {
            _uncertainty.Close();
        }
    }

    /// <summary>IsAlive cannot tell: whether it still counts as alive, and whether to log it (<see cref="UncertaintyWindow"/>).</summary>
    public bool CannotTell(out bool shouldLog)
    {
        lock (_gate)
        {
            return _uncertainty.Observe(out shouldLog);
        }
    }

    /// <summary>Whether LooksAlive's "cannot tell" line is due (at most one per <paramref name="interval"/>).</summary>
    public bool LooksAliveCannotTellDue(TimeSpan now, TimeSpan interval)
    {
        lock (_gate)
        {
            if (_looksAliveCannotTellAt is { } last && now - last < interval)
            {
                return false;
            }

            _looksAliveCannotTellAt = now;
            return true;
        }
    }

    /// <summary>Whether this LooksAlive verdict and reason differ from the last one (only changes are logged).</summary>
    public bool LooksAliveChanged(PollReport report) => Changed(ref _looksAliveReport, report);

    /// <summary>Whether this IsAlive verdict and reason differ from the last one (only changes are logged).</summary>
    public bool IsAliveChanged(PollReport report) => Changed(ref _isAliveReport, report);

    private bool Changed(ref PollReport? last, PollReport report)
    {
        lock (_gate)
        {
            if (last is { } before && before.Same(report))
            {
                return false;
            }

            last = report;
            return true;
        }
    }
}
