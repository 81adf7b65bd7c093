namespace Havm.Core.Health;

/// <summary>The heartbeat policy's verdict on one reading: alive or dead, and a reason for the log.</summary>
public sealed class HeartbeatVerdict
{
    /// <summary>Creates a verdict.</summary>
    public HeartbeatVerdict(bool isAlive, string reason)
    {
        IsAlive = isAlive;
        Reason = reason;
    }

    /// <summary>Whether the guest counts as alive.</summary>
    public bool IsAlive { get; }

    /// <summary>Why, in words for the cluster log; a change of reason is worth a log line, a repeat is not.</summary>
    public string Reason { get; }
}
