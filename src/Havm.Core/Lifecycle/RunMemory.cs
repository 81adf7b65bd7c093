using Havm.Core.Health;
using Havm.Core.Ports;

namespace Havm.Core.Lifecycle;

/// <summary>
/// What one resource has learned since its last Online (Havm.vbs kept this in script globals). Guarded by its own
/// lock, never held across a Virtual Server call or a wait.
/// </summary>
internal sealed class RunMemory
{
    private readonly object _gate = new();
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);
    private readonly HashSet<string> _staleSavedStates = new(StringComparer.OrdinalIgnoreCase);
    private string? _guestName;
    private string? _lastOnlineNodeAtStart;
    private bool _wroteLastOnlineNode;
    private bool _startedHere;
    private string? _renameReported;
    private TimeSpan? _looksAliveCannotTellAt;
    private bool _foundRunningAtOnline;
    private bool _staleAtOnline;
    private bool _heartbeatFailed;
    private bool _discardedSavedState;
    private IVsTask? _pendingStart;
    private TimeSpan? _lastOpenStart;
    private string? _looksAliveReport;
    private string? _isAliveReport;

    public RunMemory(IClock clock)
    {
        Heartbeat = new HeartbeatPolicy(clock);
        Uncertainty = new UncertaintyWindow(clock);
    }

    /// <summary>The heartbeat policy; use only inside <see cref="Locked{T}"/>.</summary>
    public HeartbeatPolicy Heartbeat { get; }

    /// <summary>The "cannot tell" window; use only inside <see cref="Locked{T}"/>.</summary>
    public UncertaintyWindow Uncertainty { get; }

    public T Locked<T>(Func<T> read)
    {
        lock (_gate)
        {
            return read();
        }
    }

    public void Locked(Action act)
    {
        lock (_gate)
        {
            act();
        }
    }

    /// <summary>Online step 0: forget what an earlier run learned (Open never calls this).</summary>
    public void StartRun()
    {
        lock (_gate)
        {
            Heartbeat.Reset();
            Uncertainty.Close();
            _foundRunningAtOnline = false;
            _staleAtOnline = false;
            _heartbeatFailed = false;
            _discardedSavedState = false;
            _pendingStart = null;
            _looksAliveReport = null;
            _isAliveReport = null;
            _wroteLastOnlineNode = false;
            _startedHere = false;
            _renameReported = null;
        }
    }

    /// <summary>
    /// The guest this resource acts on: the one the last Online looked for (behaviour.md section 4, "The guest is the
    /// one this run brought online"); null before any Online in this process.
    /// </summary>
    public string? GuestName
    {
        get { lock (_gate) { return _guestName; } }
    }

    /// <summary>Online step 1: this run's guest, and LastOnlineNode as it stood when the run began.</summary>
    public void BeginIdentity(string guestName, string lastOnlineNode)
    {
        lock (_gate)
        {
            _guestName = guestName;
            _lastOnlineNodeAtStart = lastOnlineNode;
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

    /// <summary>This run's Online started or restored the guest here (or found it turning on or restoring from the current disk).</summary>
    public void StartedHere()
    {
        lock (_gate)
        {
            _startedHere = true;
        }
    }

    /// <summary>Online wrote LastOnlineNode with this node.</summary>
    public void LastOnlineNodeWritten()
    {
        lock (_gate)
        {
            _wroteLastOnlineNode = true;
        }
    }

    /// <summary>
    /// Whether LastOnlineNode, as read now, names another node that had the guest after the instance here began: the
    /// instance here is then stale and is never saved.
    /// </summary>
    public bool NamesLaterOwner(string lastOnlineNode, string thisNode)
    {
        var now = lastOnlineNode.Trim();
        if (now.Length == 0 || string.Equals(now, thisNode, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        lock (_gate)
        {
            // Only an instance this run started from the current disk, before it could write LastOnlineNode, is not
            // stale while LastOnlineNode still names the node it took over from. Any other instance here is older.
            return _wroteLastOnlineNode
                || !_startedHere
                || !string.Equals(now, (_lastOnlineNodeAtStart ?? string.Empty).Trim(), StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>
    /// What to log about VirtualMachineName as read now against the guest acted on: a new value not logged yet
    /// (<c>true</c>, <paramref name="restored"/> false), the remembered name back after a logged change (<c>true</c>,
    /// <paramref name="restored"/> true), or nothing.
    /// </summary>
    public bool RenameToReport(string propertyValue, out bool restored)
    {
        restored = false;
        lock (_gate)
        {
            if (_guestName is null)
            {
                return false;
            }

            if (string.Equals(_guestName, propertyValue, StringComparison.OrdinalIgnoreCase))
            {
                restored = _renameReported is not null;
                _renameReported = null;
                return restored;
            }

            if (string.Equals(_renameReported, propertyValue, StringComparison.Ordinal))
            {
                return false;
            }

            _renameReported = propertyValue;
            return true;
        }
    }

    /// <summary>A stale instance saved this guest's memory here: that saved state is never restored.</summary>
    public void MarkStaleSavedState(string guestName)
    {
        lock (_gate)
        {
            _ = _staleSavedStates.Add(guestName);
        }
    }

    /// <summary>Whether this guest's saved state here was written by a stale instance.</summary>
    public bool HasStaleSavedState(string guestName)
    {
        lock (_gate)
        {
            return _staleSavedStates.Contains(guestName);
        }
    }

    /// <summary>The stale saved state was discarded.</summary>
    public void ClearStaleSavedState(string guestName)
    {
        lock (_gate)
        {
            _ = _staleSavedStates.Remove(guestName);
        }
    }

    public bool FoundRunningAtOnline
    {
        get { lock (_gate) { return _foundRunningAtOnline; } }
        set { lock (_gate) { _foundRunningAtOnline = value; } }
    }

    /// <summary>Online found a stale instance here (LastOnlineNode named another node): it may never be saved, not even by Terminate.</summary>
    public bool StaleAtOnline
    {
        get { lock (_gate) { return _staleAtOnline; } }
        set { lock (_gate) { _staleAtOnline = value; } }
    }

    public bool HeartbeatFailed
    {
        get { lock (_gate) { return _heartbeatFailed; } }
        set { lock (_gate) { _heartbeatFailed = value; } }
    }

    /// <summary>The start or restore task of the last Online, while it may still run (Terminate cancels it).</summary>
    public IVsTask? PendingStart
    {
        get { lock (_gate) { return _pendingStart; } }
        set { lock (_gate) { _pendingStart = value; } }
    }

    /// <summary>Claims the one discard of an unrestorable saved state a run may make; false when already made.</summary>
    public bool TryClaimDiscard()
    {
        lock (_gate)
        {
            if (_discardedSavedState)
            {
                return false;
            }

            _discardedSavedState = true;
            return true;
        }
    }

    public void OpenStarted(TimeSpan at)
    {
        lock (_gate)
        {
            _lastOpenStart = at;
        }
    }

    /// <summary>
    /// When the Open just before this Online or Terminate began (its time counts against their deadline), else
    /// <paramref name="now"/>. An Open that began longer ago than its own 30 s cap belongs to another call.
    /// </summary>
    public TimeSpan DeadlineOrigin(TimeSpan now, TimeSpan openCap)
    {
        lock (_gate)
        {
            var open = _lastOpenStart;
            _lastOpenStart = null;
            return open.HasValue && now - open.Value <= openCap + Waiter.Slice ? open.Value : now;
        }
    }

    /// <summary>Whether a warning with this key is new in this process (each is logged once).</summary>
    public bool FirstWarning(string key)
    {
        lock (_gate)
        {
            return _warned.Add(key);
        }
    }

    /// <summary>Whether this LooksAlive verdict and reason differ from the last one (only changes are logged).</summary>
    public bool LooksAliveChanged(string report) => Changed(ref _looksAliveReport, report);

    /// <summary>Whether this IsAlive verdict and reason differ from the last one (only changes are logged).</summary>
    public bool IsAliveChanged(string report) => Changed(ref _isAliveReport, report);

    private bool Changed(ref string? last, string report)
    {
        lock (_gate)
        {
            if (string.Equals(last, report, StringComparison.Ordinal))
            {
                return false;
            }

            last = report;
            return true;
        }
    }
}
