namespace Havm.Core.Configuration;

/// <summary>One reading of a resource's private properties, every value valid (bad ones already replaced).</summary>
public sealed class ResourceSettings
{
    /// <summary>
    /// The built-in defaults (behaviour.md section 2) with no guest name: what a resource that sets none of its
    /// properties reads as. Made from <see cref="NumberRules"/>, the one home of every default.
    /// </summary>
    public static readonly ResourceSettings Defaults = SettingsReader.FromNumbers(rule => rule.Default);

    /// <summary>Creates a reading.</summary>
    public ResourceSettings(
        string virtualMachineName,
        bool useAdditionsIsAlive,
        bool saveAfterHeartbeatFailure,
        int heartbeatThreshold,
        int heartbeatMissesBeforeFailure,
        TimeSpan onlineTimeout,
        TimeSpan offlineTimeout,
        TimeSpan terminateTimeout,
        OfflineAction offlineAction,
        bool discardUnrestorableSavedState,
        string lastOnlineNode,
        bool lastOnlineNodeKnown = true,
        bool virtualMachineNameKnown = true,
        string staleSavedStateNode = "",
        string configurationPath = "",
        string[]? networkPaths = null)
    {
        VirtualMachineName = virtualMachineName;
        UseAdditionsIsAlive = useAdditionsIsAlive;
        SaveAfterHeartbeatFailure = saveAfterHeartbeatFailure;
        HeartbeatThreshold = heartbeatThreshold;
        HeartbeatMissesBeforeFailure = heartbeatMissesBeforeFailure;
        OnlineTimeout = onlineTimeout;
        OfflineTimeout = offlineTimeout;
        TerminateTimeout = terminateTimeout;
        OfflineAction = offlineAction;
        DiscardUnrestorableSavedState = discardUnrestorableSavedState;
        LastOnlineNode = lastOnlineNode;
        LastOnlineNodeKnown = lastOnlineNodeKnown;
        VirtualMachineNameKnown = virtualMachineNameKnown;
        StaleSavedStateNode = staleSavedStateNode;
        ConfigurationPath = configurationPath;
        NetworkPaths = networkPaths ?? new string[0];
    }

    /// <summary>
    /// False when LastOnlineNode could not be read and no earlier read is known (a failing <c>Resource</c> object in
    /// Terminate): the instance here may then be stale, and a possibly stale instance is never saved.
    /// </summary>
    public bool LastOnlineNodeKnown { get; }

    /// <summary>False when VirtualMachineName could not be read and no earlier read is known (a failing <c>Resource</c> object).</summary>
    public bool VirtualMachineNameKnown { get; }

    /// <summary>VirtualMachineConfigurationPath: the guest's .vmc file (full path); empty when not set.</summary>
    public string ConfigurationPath { get; }

    /// <summary>VirtualNetworkConfigurationPaths: the .vnc files of its networks; empty when not set.</summary>
    public string[] NetworkPaths { get; }

    /// <summary>StaleSavedStateNode: the node holding a saved state a stale instance wrote; empty when none.</summary>
    public string StaleSavedStateNode { get; }

    /// <summary>VirtualMachineName; empty when missing or blank (only Online fails on that).</summary>
    public string VirtualMachineName { get; }

    /// <summary>Whether VirtualMachineName holds a name.</summary>
    public bool HasVirtualMachineName => VirtualMachineName.Trim().Length > 0;

    /// <summary>UseAdditionsIsAlive = 1.</summary>
    public bool UseAdditionsIsAlive { get; }

    /// <summary>AdditionsIsAliveFailureRecoveryAction = 0 (save); otherwise Terminate turns a heartbeat failure off.</summary>
    public bool SaveAfterHeartbeatFailure { get; }

    /// <summary>AdditionsIsAliveHeartbeatThreshold.</summary>
    public int HeartbeatThreshold { get; }

    /// <summary>HeartbeatMissesBeforeFailure.</summary>
    public int HeartbeatMissesBeforeFailure { get; }

    /// <summary>OnlineTimeoutSeconds.</summary>
    public TimeSpan OnlineTimeout { get; }

    /// <summary>OfflineTimeoutSeconds.</summary>
    public TimeSpan OfflineTimeout { get; }

    /// <summary>TerminateTimeoutSeconds.</summary>
    public TimeSpan TerminateTimeout { get; }

    /// <summary>OfflineAction.</summary>
    public OfflineAction OfflineAction { get; }

    /// <summary>DiscardUnrestorableSavedState = 1.</summary>
    public bool DiscardUnrestorableSavedState { get; }

    /// <summary>LastOnlineNode; empty when never written.</summary>
    public string LastOnlineNode { get; }
}
