using System.Diagnostics.CodeAnalysis;
using Microsoft.Win32.SafeHandles;

namespace Havm.ComHost.Services;

/// <summary>
/// The real <see cref="IServiceControlManager"/>: the local node's Service Control Manager. Interop only (excluded from
/// the coverage gate: it runs on Windows and under Wine, never in the unit suite on Linux).
/// </summary>
[ExcludeFromCodeCoverage]
internal sealed class ServiceControlManager : IServiceControlManager
{
    public static readonly ServiceControlManager Instance = new();

    private ServiceControlManager()
    {
    }

    /// <inheritdoc/>
    public IServiceConnection? OpenService(string serviceName, uint access, out int error)
    {
        using var manager = ServiceMethods.OpenSCManager(null, null, ServiceMethods.ManagerConnect);
        if (manager.IsInvalid)
        {
            error = Marshal.GetLastWin32Error();
            return null;
        }

        var service = ServiceMethods.OpenService(manager, serviceName, access);
        if (service.IsInvalid)
        {
            error = Marshal.GetLastWin32Error();
            service.Dispose();
            return null;
        }

        error = Win32Error.Success;
        return new Connection(service);
    }

    private sealed class Connection : IServiceConnection
    {
        private readonly ServiceHandle _service;

        public Connection(ServiceHandle service) => _service = service;

        public bool TryQueryStatus(out ServiceStatus status, out int error)
        {
            var ok = ServiceMethods.QueryServiceStatus(_service, out status);
            error = ok ? Win32Error.Success : Marshal.GetLastWin32Error();
            return ok;
        }

        public bool TryStart(out int error)
        {
            var ok = ServiceMethods.StartService(_service, 0, IntPtr.Zero);
            error = ok ? Win32Error.Success : Marshal.GetLastWin32Error();
            return ok;
        }

        public void Dispose() => _service.Dispose();
    }
}

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
[ExcludeFromCodeCoverage]
internal sealed class ServiceHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public ServiceHandle()
        : base(true)
    {
    }

    protected override bool ReleaseHandle() => ServiceMethods.CloseServiceHandle(handle);
}
