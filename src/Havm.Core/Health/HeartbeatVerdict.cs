namespace Havm.Core.Health;

/// <summary>The heartbeat policy's verdict on one reading: alive or dead, and a reason for the log.</summary>
public sealed class HeartbeatVerdict
{
    /// <summary>Creates a verdict.</summary>
    /// <param name="isAlive">Whether the guest counts as alive.</param>
    /// <param name="reason">Why, in words for the cluster log.</param>
    /// <param name="topic">What the reason says without its counters (null: the reason itself).</param>
    public HeartbeatVerdict(bool isAlive, string reason, string? topic = null)
    {
        IsAlive = isAlive;
        Reason = reason;
        Topic = topic ?? reason;
    }

    /// <summary>Whether the guest counts as alive.</summary>
    public bool IsAlive { get; }

    /// <summary>Why, in words for the cluster log, with its counters ("miss 3 of 10").</summary>
    public string Reason { get; }

    /// <summary>
    /// The reason without its counters: a change of topic is worth a log line, a repeat or a counter that moves is
    /// not (behaviour.md section 5, Log: "never one per call").
    /// </summary>
    public string Topic { get; }
}
