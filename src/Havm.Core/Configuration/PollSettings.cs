namespace Havm.Core.Configuration;

/// <summary>
/// What IsAlive reads of a resource's private properties (behaviour.md section 2), every value valid: the guest's name
/// and the heartbeat settings. A value: a poll allocates none.
/// </summary>
public readonly struct PollSettings
{
    /// <summary>Creates a reading.</summary>
    public PollSettings(string virtualMachineName, bool useAdditionsIsAlive, int heartbeatThreshold, int heartbeatMissesBeforeFailure)
    {
        VirtualMachineName = virtualMachineName;
        UseAdditionsIsAlive = useAdditionsIsAlive;
        HeartbeatThreshold = heartbeatThreshold;
        HeartbeatMissesBeforeFailure = heartbeatMissesBeforeFailure;
    }

    /// <summary>VirtualMachineName; empty when missing or blank; when unreadable, the last value read.</summary>
    public string VirtualMachineName { get; }

    /// <summary>UseAdditionsIsAlive = 1.</summary>
    public bool UseAdditionsIsAlive { get; }

    /// <summary>AdditionsIsAliveHeartbeatThreshold.</summary>
    public int HeartbeatThreshold { get; }

    /// <summary>HeartbeatMissesBeforeFailure.</summary>
    public int HeartbeatMissesBeforeFailure { get; }
}
