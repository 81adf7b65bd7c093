using Microsoft.Win32.SafeHandles;

namespace Havm.ComHost.Services;

/// <summary>The Service Control Manager functions and constants (winsvc.h) that Havm.Net uses.</summary>
internal static class ServiceMethods
{
    /// <summary>SC_MANAGER_CONNECT.</summary>
    public const uint ManagerConnect = 0x0001;
    /// <summary>SERVICE_QUERY_STATUS.</summary>
    public const uint QueryStatus = 0x0004;
    /// <summary>SERVICE_START.</summary>
    public const uint StartAccess = 0x0010;

    /// <summary>SERVICE_STOPPED.</summary>
    public const uint Stopped = 1;
    /// <summary>SERVICE_START_PENDING.</summary>
    public const uint StartPending = 2;
    /// <summary>SERVICE_STOP_PENDING.</summary>
    public const uint StopPending = 3;
    /// <summary>SERVICE_RUNNING.</summary>
    public const uint Running = 4;
    /// <summary>SERVICE_CONTINUE_PENDING.</summary>
    public const uint ContinuePending = 5;
    /// <summary>SERVICE_PAUSE_PENDING.</summary>
    public const uint PausePending = 6;
    /// <summary>SERVICE_PAUSED.</summary>
    public const uint Paused = 7;

    /// <summary>ERROR_SERVICE_REQUEST_TIMEOUT: still starting when the deadline passed.</summary>
    public const int RequestTimeout = 1053;
    /// <summary>ERROR_SERVICE_ALREADY_RUNNING: someone else started it first.</summary>
    public const int AlreadyRunning = 1056;
    /// <summary>ERROR_SERVICE_SPECIFIC_ERROR: the real code is in dwServiceSpecificExitCode.</summary>
    public const int ServiceSpecificError = 1066;

    [DllImport("advapi32.dll", EntryPoint = "OpenSCManagerW", CharSet = CharSet.Unicode, ExactSpelling = true, SetLastError = true)]
    public static extern ServiceHandle OpenSCManager(string? machineName, string? databaseName, uint access);

    [DllImport("advapi32.dll", EntryPoint = "OpenServiceW", CharSet = CharSet.Unicode, ExactSpelling = true, SetLastError = true)]
    public static extern ServiceHandle OpenService(ServiceHandle manager, string serviceName, uint access);

    [DllImport("advapi32.dll", ExactSpelling = true, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool QueryServiceStatus(ServiceHandle service, out ServiceStatus status);

    [DllImport("advapi32.dll", EntryPoint = "StartServiceW", ExactSpelling = true, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool StartService(ServiceHandle service, int argumentCount, IntPtr arguments);

    [DllImport("advapi32.dll", ExactSpelling = true, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool CloseServiceHandle(IntPtr handle);
}

/// <summary>SERVICE_STATUS.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ServiceStatus
{
    public uint ServiceType;
    public uint CurrentState;
    public uint ControlsAccepted;
    public int Win32ExitCode;
    public int ServiceSpecificExitCode;
    public uint CheckPoint;
    public uint WaitHint;
}

/// <summary>An SC_HANDLE, closed with CloseServiceHandle.</summary>
internal sealed class ServiceHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public ServiceHandle()
        : base(true)
    {
    }

    protected override bool ReleaseHandle() => ServiceMethods.CloseServiceHandle(handle);
}
