namespace Havm.Core.Lifecycle;

/// <summary>
/// What one resource remembers for as long as its host process lives (Havm.vbs kept it in script globals): the guest
/// it acts on, a logged rename, the warnings already given, when the last Open began. Thread-safe: one lock, held
/// only inside each member, never across a Virtual Server call or a wait.
/// </summary>
internal sealed class ResourceMemory
{
    private readonly object _gate = new();
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);
    private string? _guestName;
    private string? _renameReported;
    private TimeSpan? _lastOpenStart;

    /// <summary>
    /// The guest this resource acts on: the one the last Online looked for (behaviour.md section 4, "The guest is the
    /// one this run brought online"); null before any Online in this process.
    /// </summary>
    public string? GuestName
    {
        get { lock (_gate) { return _guestName; } }
    }

    /// <summary>Online step 1: this run's guest; a rename logged for an earlier guest is forgotten.</summary>
    public void BeginIdentity(string guestName)
    {
        lock (_gate)
        {
            _guestName = guestName;
            _renameReported = null;
        }
    }

    /// <summary>Online step 0: a rename logged in an earlier run is logged again if it still holds.</summary>
    public void ForgetRename()
    {
        lock (_gate)
        {
            _renameReported = null;
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

    /// <summary>Open began at <paramref name="at"/> (clock time): its time counts against the Online or Terminate right after it.</summary>
    public void OpenStarted(TimeSpan at)
    {
        lock (_gate)
        {
            _lastOpenStart = at;
        }
    }

    /// <summary>
    /// When the Open just before this Online or Terminate began (its time counts against their deadline), else
    /// <paramref name="now"/>. An Open that began longer ago than its own cap belongs to another call. Consumed.
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
}
