namespace Havm.Core.Model;

/// <summary>The "Virtual Server" Windows service's state, from the Service Control Manager.</summary>
public enum ServiceState
{
    /// <summary>The service could not be queried.</summary>
    Unknown,
    /// <summary>The service is not installed on this node.</summary>
    NotInstalled,
    /// <summary>Stopped.</summary>
    Stopped,
    /// <summary>Starting.</summary>
    StartPending,
    /// <summary>Stopping (the node is shutting down, or an administrator stops it).</summary>
    StopPending,
    /// <summary>Running.</summary>
    Running,
    /// <summary>Paused, continuing or pausing.</summary>
    Paused,
}

/// <summary>What an attempt to start the "Virtual Server" service found or did.</summary>
/// <param name="FinalState">The service's state when the attempt ended.</param>
/// <param name="StartedNow">Whether this attempt started it.</param>
/// <param name="Win32Error">The Win32 error of a failed start (0 when none).</param>
/// <param name="Detail">A readable account for the log.</param>
public sealed record ServiceStartResult(ServiceState FinalState, bool StartedNow, int Win32Error, string Detail);
