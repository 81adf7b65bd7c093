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
public sealed class ServiceStartResult
{
    /// <summary>Creates a result.</summary>
    public ServiceStartResult(ServiceState finalState, bool startedNow, int win32Error, string detail)
    {
        FinalState = finalState;
        StartedNow = startedNow;
        Win32Error = win32Error;
        Detail = detail;
    }

    /// <summary>The service's state when the attempt ended.</summary>
    public ServiceState FinalState { get; }

    /// <summary>Whether this attempt started it.</summary>
    public bool StartedNow { get; }

    /// <summary>The Win32 error of a failed start (0 when none).</summary>
    public int Win32Error { get; }

    /// <summary>A readable account for the log.</summary>
    public string Detail { get; }
}
