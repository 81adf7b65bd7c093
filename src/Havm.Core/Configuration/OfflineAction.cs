namespace Havm.Core.Configuration;

/// <summary>What Offline does with a running guest (the OfflineAction property).</summary>
public enum OfflineAction
{
    /// <summary>0: turn the guest off.</summary>
    TurnOff = 0,
    /// <summary>1: save the guest's state.</summary>
    Save = 1,
    /// <summary>2: shut the guest's operating system down through the Additions.</summary>
    ShutDown = 2,
}
