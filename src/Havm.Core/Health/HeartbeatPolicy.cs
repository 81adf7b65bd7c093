using Havm.Core.Ports;

namespace Havm.Core.Health;

/// <summary>
/// The Additions heartbeat rules of IsAlive: enforced only once the guest has been seen heartbeating in this run;
/// a percentage at or below the threshold is a miss; the set number of consecutive misses is death; a good reading
/// clears the count; "Additions not available" is neutral for at most 10 minutes in a row, then each one is a miss.
/// Decides only; not thread-safe (its owner locks).
/// </summary>
public sealed class HeartbeatPolicy
{
    /// <summary>How long "Additions not available" stays neutral in a row.</summary>
    public static readonly TimeSpan AdditionsUnavailableGrace = TimeSpan.FromMinutes(10);

    /// <summary>Creates a policy that measures time with <paramref name="clock"/>.</summary>
    public HeartbeatPolicy(IClock clock) => throw new NotImplementedException();

    /// <summary>Whether a heartbeat has been seen in this run (then the percentage is read and enforced).</summary>
    public bool HasSeenHeartbeat => throw new NotImplementedException();

    /// <summary>Consecutive misses so far.</summary>
    public int ConsecutiveMisses => throw new NotImplementedException();

    /// <summary>Forgets everything: a fresh Online run.</summary>
    public void Reset() => throw new NotImplementedException();

    /// <summary>The guest is not running yet (turning on, restoring): clears the miss count, keeps "seen".</summary>
    public void ClearMisses() => throw new NotImplementedException();

    /// <summary>Judges one reading.</summary>
    public HeartbeatVerdict Observe(HeartbeatReading reading, int threshold, int missesBeforeFailure) => throw new NotImplementedException();
}
