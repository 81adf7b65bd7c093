using Havm.Core.Ports;

namespace Havm.Core.Health;

/// <summary>
/// IsAlive's "cannot tell" rule: while Virtual Server cannot be read, the guest counts as alive for at most
/// 300 s in a row (then dead), and this is logged at most once every 5 minutes. Decides only; not thread-safe.
/// </summary>
public sealed class UncertaintyWindow
{
    /// <summary>How long "cannot tell" may last before IsAlive says dead.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(300);

    /// <summary>The least time between two log lines about it.</summary>
    public static readonly TimeSpan LogInterval = TimeSpan.FromMinutes(5);

    private readonly IClock _clock;
    private TimeSpan? _openedAt;
    private TimeSpan? _loggedAt;
    private bool _expiryLogged;

    /// <summary>Creates a window measured with <paramref name="clock"/>.</summary>
    public UncertaintyWindow(IClock clock) => _clock = clock;

    /// <summary>Whether "cannot tell" is going on now.</summary>
    public bool IsOpen => _openedAt.HasValue;

    /// <summary>Another "cannot tell": returns whether the guest still counts as alive; <paramref name="shouldLog"/> says whether to log it.</summary>
    public bool Observe(out bool shouldLog)
    {
        var now = _clock.Now;
        if (_openedAt is null)
        {
            // A window that reopens soon after the last line stays quiet: at most one line per interval.
            _openedAt = now;
            _expiryLogged = false;
            shouldLog = _loggedAt is null || now - _loggedAt.Value >= LogInterval;
            if (shouldLog)
            {
                _loggedAt = now;
            }

            return true;
        }

        var isAlive = now - _openedAt.Value < Limit;

        // The call that first says dead is always logged: it is the one that fails the resource.
        shouldLog = (!isAlive && !_expiryLogged) || _loggedAt is null || now - _loggedAt.Value >= LogInterval;
        if (shouldLog)
        {
            _loggedAt = now;
            _expiryLogged = !isAlive;
        }

        return isAlive;
    }

    /// <summary>A definite answer arrived: the window closes.</summary>
    public void Close() => _openedAt = null;
}
