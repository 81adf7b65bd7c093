namespace Havm.Core.Configuration;

/// <summary>
/// The private properties of a Havm.Net resource (behaviour.md section 2), one home for each name. The numeric ones'
/// defaults, accepted values and meanings live in <see cref="NumberRules"/> only.
/// </summary>
public static class PropertyNames
{
    /// <summary>The guest's name in Virtual Server.</summary>
    public const string VirtualMachineName = "VirtualMachineName";
    /// <summary>Whether IsAlive uses the Additions heartbeat.</summary>
    public const string UseAdditionsIsAlive = "UseAdditionsIsAlive";
    /// <summary>What Terminate does after a heartbeat failure: save or turn off.</summary>
    public const string AdditionsIsAliveFailureRecoveryAction = "AdditionsIsAliveFailureRecoveryAction";
    /// <summary>A heartbeat percentage at or below this is a miss.</summary>
    public const string AdditionsIsAliveHeartbeatThreshold = "AdditionsIsAliveHeartbeatThreshold";
    /// <summary>Consecutive misses before the guest is declared dead.</summary>
    public const string HeartbeatMissesBeforeFailure = "HeartbeatMissesBeforeFailure";
    /// <summary>Total time Open+Online may spend, in seconds.</summary>
    public const string OnlineTimeoutSeconds = "OnlineTimeoutSeconds";
    /// <summary>Total time Offline may spend, in seconds.</summary>
    public const string OfflineTimeoutSeconds = "OfflineTimeoutSeconds";
    /// <summary>Total time Open+Terminate may spend, in seconds.</summary>
    public const string TerminateTimeoutSeconds = "TerminateTimeoutSeconds";
    /// <summary>What Offline does: save, turn off, or shut the guest OS down.</summary>
    public const string OfflineAction = "OfflineAction";
    /// <summary>Whether a saved state that cannot be restored is discarded once and the guest cold-boots.</summary>
    public const string DiscardUnrestorableSavedState = "DiscardUnrestorableSavedState";
    /// <summary>The node of the last successful Online (written by Havm.Net).</summary>
    public const string LastOnlineNode = "LastOnlineNode";

    /// <summary>The guest's .vmc file on cluster storage: Online registers the guest from it where Virtual Server does not know it.</summary>
    public const string VirtualMachineConfigurationPath = "VirtualMachineConfigurationPath";

    /// <summary>The .vnc files of the guest's virtual networks, separated by ';': Online registers those Virtual Server does not know.</summary>
    public const string VirtualNetworkConfigurationPaths = "VirtualNetworkConfigurationPaths";

    /// <summary>
    /// Written by Havm.Net: the node whose Virtual Server holds a saved state that a stale instance wrote (never
    /// restored); empty once that saved state is gone. Kept in the cluster database so that a recycled host process
    /// still knows it.
    /// </summary>
    public const string StaleSavedStateNode = "StaleSavedStateNode";
}
