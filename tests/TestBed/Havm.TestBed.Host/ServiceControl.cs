using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Havm.TestBed.Host;

/// <summary>Stops, starts and queries the prefix's "Virtual Server" service through the Service Control Manager.</summary>
internal static class ServiceControl
{
    private const uint ScManagerAllAccess = 0xF003F;
    private const uint ServiceAllAccess = 0xF01FF;
    private const uint ServiceControlStop = 1;

    [StructLayout(LayoutKind.Sequential)]
    private struct ServiceStatus
    {
        public uint ServiceType, CurrentState, ControlsAccepted, Win32ExitCode, ServiceSpecificExitCode, CheckPoint, WaitHint;
    }

    [DllImport("advapi32.dll", EntryPoint = "OpenSCManagerW", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern IntPtr OpenSCManager(string? machine, string? database, uint access);

    [DllImport("advapi32.dll", EntryPoint = "OpenServiceW", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern IntPtr OpenService(IntPtr manager, string name, uint access);

    [DllImport("advapi32.dll", EntryPoint = "StartServiceW", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern bool StartService(IntPtr service, uint argc, IntPtr argv);

    [DllImport("advapi32.dll", SetLastError = true)]
    private static extern bool ControlService(IntPtr service, uint control, out ServiceStatus status);

    [DllImport("advapi32.dll", SetLastError = true)]
    private static extern bool QueryServiceStatus(IntPtr service, out ServiceStatus status);

    [DllImport("advapi32.dll")]
    private static extern bool CloseServiceHandle(IntPtr handle);

    private static readonly string[] StateNames = { "?", "stopped", "start pending", "stop pending", "running", "continue pending", "pause pending", "paused" };

    /// <summary>Runs stop | stop-pending:MS | start | query on the service and returns its state afterwards.</summary>
    public static string Do(string name, string action)
    {
        IntPtr scm = OpenSCManager(null, null, ScManagerAllAccess);
        if (scm == IntPtr.Zero)
        {
            return "OpenSCManager failed: " + new Win32Exception(Marshal.GetLastWin32Error()).Message;
        }

        try
        {
            IntPtr svc = OpenService(scm, name, ServiceAllAccess);
            if (svc == IntPtr.Zero)
            {
                return "not installed (" + Marshal.GetLastWin32Error() + ")";
            }

            try
            {
                uint want = 0;
                if (action.StartsWith("stop-pending:", StringComparison.Ordinal))
                {
                    // The test bed's service (eng/setup-wine.sh) stays in StopPending this long, as Virtual Server does
                    // while it saves its guests at a node shutdown; the step returns as soon as the stop has begun.
                    int ms = int.Parse(action["stop-pending:".Length..], System.Globalization.CultureInfo.InvariantCulture);
                    using (var key = Microsoft.Win32.Registry.LocalMachine.CreateSubKey($@"SYSTEM\CurrentControlSet\Services\{name}\Parameters"))
                    {
                        key.SetValue("StopPendingMs", ms, Microsoft.Win32.RegistryValueKind.DWord);
                    }

                    _ = ControlService(svc, ServiceControlStop, out _);
                    want = 3;
                }
                else if (action == "stop")
                {
                    _ = ControlService(svc, ServiceControlStop, out _);
                    want = 1;
                }
                else if (action == "start")
                {
                    _ = StartService(svc, 0, IntPtr.Zero);
                    want = 4;
                }

                var until = DateTime.UtcNow.AddSeconds(10);
                ServiceStatus status;
                while (true)
                {
                    if (!QueryServiceStatus(svc, out status))
                    {
                        return "QueryServiceStatus failed (" + Marshal.GetLastWin32Error() + ")";
                    }

                    if (want == 0 || status.CurrentState == want || (want == 3 && status.CurrentState == 1) || DateTime.UtcNow > until)
                    {
                        break;
                    }

                    Thread.Sleep(50);
                }

                return status.CurrentState < StateNames.Length ? StateNames[status.CurrentState] : status.CurrentState.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            finally
            {
                CloseServiceHandle(svc);
            }
        }
        finally
        {
            CloseServiceHandle(scm);
        }
    }
}
