using System.Globalization;
using Havm.Core.Ports;

namespace Havm.Core.Health;

/// <summary>
/// The Additions heartbeat rules of IsAlive: enforced only once the guest has been seen heartbeating in this run;
/// a percentage at or below the threshold is a miss; the set number of consecutive misses is death; a good reading
/// clears the count; "Additions not available" is neutral for at most 10 minutes in a row, then each one is a miss.
/// Decides only; not thread-safe (its owner locks). A verdict that says what the last one said is that same verdict
/// (a poll of a guest that keeps heartbeating allocates nothing); only a miss words a new one.
/// </summary>
public sealed class HeartbeatPolicy
{
    /// <summary>How long "Additions not available" stays neutral in a row.</summary>
    public static readonly TimeSpan AdditionsUnavailableGrace = TimeSpan.FromMinutes(10);

    private const string WaitingReason = "waiting for the first heartbeat";

    private const string HeartbeatingReason = "heartbeating";

    private const string UnavailableGraceReason = "Additions not available (guest rebooting?), not counted for up to 10 minutes";

    private static readonly HeartbeatVerdict WaitingVerdict = new(true, WaitingReason);

    private static readonly HeartbeatVerdict HeartbeatingVerdict = new(true, HeartbeatingReason);

    private static readonly HeartbeatVerdict UnavailableGraceVerdict = new(true, UnavailableGraceReason);

    private readonly IClock _clock;
    private bool _seen;
    private int _misses;
    private TimeSpan? _unavailableSince;
    private HeartbeatVerdict? _above;
    private int _aboveThreshold;

    /// <summary>Creates a policy that measures time with <paramref name="clock"/>.</summary>
    public HeartbeatPolicy(IClock clock) => _clock = clock;

    /// <summary>Whether a heartbeat has been seen in this run (then the percentage is read and enforced).</summary>
    public bool HasSeenHeartbeat => _seen;

    /// <summary>Consecutive misses so far.</summary>
    public int ConsecutiveMisses => _misses;

    /// <summary>Forgets everything: a fresh Online run.</summary>
    public void Reset()
    {
        _seen = false;
        ClearMisses();
    }

    /// <summary>
    /// The guest is paused, turning on or restoring: the heartbeat is enforced again only once it has been seen
    /// (behaviour.md section 4, IsAlive: "after a resume from Paused, as after a restore"); the miss count clears.
    /// </summary>
    public void Rearm() => Reset();

    /// <summary>Clears the miss count and the "Additions not available" time, keeps "seen".</summary>
    public void ClearMisses()
    {
        _misses = 0;
        _unavailableSince = null;
    }

    /// <summary>Judges one reading.</summary>
    public HeartbeatVerdict Observe(HeartbeatReading reading, int threshold, int missesBeforeFailure)
    {
        if (reading.Kind != HeartbeatReadingKind.AdditionsNotAvailable)
        {
            _unavailableSince = null;
        }

        switch (reading.Kind)
        {
            case HeartbeatReadingKind.Heartbeating:
                _seen = true;
                _misses = 0;
                return HeartbeatingVerdict;

            case HeartbeatReadingKind.Percentage when reading.Percentage > threshold:
                // A percentage above the threshold is a heartbeat, even if the lifecycle read it before IsHeartbeating.
                _seen = true;
                _misses = 0;
                return Above(threshold);

            case HeartbeatReadingKind.Percentage when _seen:
                return Miss("heartbeat " + Text(reading.Percentage) + "% at or below threshold " + Text(threshold), missesBeforeFailure);

            case HeartbeatReadingKind.NotHeartbeating when _seen:
                return Miss("not heartbeating", missesBeforeFailure);

            case HeartbeatReadingKind.AdditionsNotAvailable when _seen:
                return AdditionsNotAvailable(missesBeforeFailure);

            case HeartbeatReadingKind.Percentage:
            case HeartbeatReadingKind.NotHeartbeating:
            case HeartbeatReadingKind.AdditionsNotAvailable:
                // Havm.vbs enforced the heartbeat only once the guest had shown one: a guest without Additions, or
                // still booting, is not a failure.
                return WaitingVerdict;

            default:
                throw new InvalidOperationException("Unknown heartbeat reading " + reading.Kind + ".");
        }
    }

    private HeartbeatVerdict AdditionsNotAvailable(int missesBeforeFailure)
    {
        var now = _clock.Now;
        if (_unavailableSince is null)
        {
            _unavailableSince = now;
        }

        // A rebooting guest loses its Additions for a while; one that hangs while booting must still be caught.
        if (now - _unavailableSince.Value <= AdditionsUnavailableGrace)
        {
            return UnavailableGraceVerdict;
        }

        return Miss("Additions not available for over 10 minutes", missesBeforeFailure);
    }

    /// <summary>"heartbeat above threshold N": the one made for the last threshold, while it stays.</summary>
    private HeartbeatVerdict Above(int threshold)
    {
        if (_above is null || _aboveThreshold != threshold)
        {
            _above = new HeartbeatVerdict(true, "heartbeat above threshold " + Text(threshold));
            _aboveThreshold = threshold;
        }

        return _above;
    }

    private HeartbeatVerdict Miss(string what, int missesBeforeFailure)
    {
        // Capped so that a host that keeps polling a dead guest cannot overflow the count.
        if (_misses < int.MaxValue)
        {
            _misses++;
        }

        var isAlive = _misses < missesBeforeFailure;
        var count = " (miss " + Text(_misses) + " of " + Text(missesBeforeFailure) + ")";
        return isAlive
            ? new HeartbeatVerdict(true, what + count, what + " (missing)")
            : new HeartbeatVerdict(false, what + count + ": dead");
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
