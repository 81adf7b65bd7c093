namespace Havm.Core.Health;

/// <summary>What one read of the guest's Additions heartbeat returned.</summary>
public enum HeartbeatReadingKind
{
    /// <summary><c>IsHeartbeating</c> was true.</summary>
    Heartbeating,
    /// <summary><c>IsHeartbeating</c> was false.</summary>
    NotHeartbeating,
    /// <summary><c>HeartbeatPercentage</c> returned a value.</summary>
    Percentage,
    /// <summary>VM_E_ADDITIONS_NOT_AVAIL: the guest is rebooting, or has no Additions.</summary>
    AdditionsNotAvailable,
}

/// <summary>One heartbeat reading.</summary>
public readonly struct HeartbeatReading
{
    private HeartbeatReading(HeartbeatReadingKind kind, int percentage)
    {
        Kind = kind;
        Percentage = percentage;
    }

    /// <summary>What was read.</summary>
    public HeartbeatReadingKind Kind { get; }

    /// <summary>The percentage, for <see cref="HeartbeatReadingKind.Percentage"/>.</summary>
    public int Percentage { get; }

    /// <summary><c>IsHeartbeating</c>'s answer.</summary>
    public static HeartbeatReading FromIsHeartbeating(bool heartbeating) =>
        new(heartbeating ? HeartbeatReadingKind.Heartbeating : HeartbeatReadingKind.NotHeartbeating, 0);

    /// <summary><c>HeartbeatPercentage</c>'s answer.</summary>
    public static HeartbeatReading FromPercentage(int percentage) => new(HeartbeatReadingKind.Percentage, percentage);

    /// <summary>The Additions did not answer (VM_E_ADDITIONS_NOT_AVAIL).</summary>
    public static HeartbeatReading AdditionsNotAvailable => new(HeartbeatReadingKind.AdditionsNotAvailable, 0);
}
