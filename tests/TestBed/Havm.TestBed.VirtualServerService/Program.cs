using System.Runtime.InteropServices;
using Havm.TestBed.FakeVirtualServer;
using Microsoft.Win32;

namespace Havm.TestBed.VirtualServerService;

/// <summary>
/// The "Virtual Server" service of the test bed's Wine prefix. Runs and does nothing else, like Wine's stub service
/// it replaces, except that its stop can take time: on SERVICE_CONTROL_STOP it reports StopPending for the
/// milliseconds in HKLM\SYSTEM\CurrentControlSet\Services\Virtual Server\Parameters\StopPendingMs (read and reset to 0
/// at each stop; absent or 0: stops at once), then Stopped. That is what Virtual Server's service does at a node
/// shutdown while it saves its guests (behaviour.md section 3). Started by COM (-Embedding), the same program is the fake
/// Virtual Server's local server (<see cref="LocalServer"/>; HAVM_TESTBED_VS=process). Under Wine 8 a class factory
/// registered from a service process is not reached (calls into it hang), so the two run as two processes: the scenarios
/// stop the service and restart Virtual Server together. Arguments: none (run by the Service Control Manager),
/// /regserver, /unregserver, -Embedding (run by COM).
/// </summary>
internal static unsafe class Program
{
    private const string Name = "Virtual Server";
    private const string Parameters = @"SYSTEM\CurrentControlSet\Services\Virtual Server\Parameters";
    private const uint OwnProcess = 0x10, Stopped = 1, Running = 4, StopPending = 3, AcceptStop = 1, ControlStop = 1, ControlInterrogate = 4;

    private static readonly ManualResetEventSlim StopRequested = new();
    private static IntPtr _status;

    [StructLayout(LayoutKind.Sequential)]
    private struct ServiceStatus
    {
        public uint ServiceType, CurrentState, ControlsAccepted, Win32ExitCode, ServiceSpecificExitCode, CheckPoint, WaitHint;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TableEntry
    {
        public IntPtr Name;
        public IntPtr Main;
    }

    [DllImport("advapi32.dll", SetLastError = true)]
    private static extern bool StartServiceCtrlDispatcherW(TableEntry* table);

    [DllImport("advapi32.dll", SetLastError = true)]
    private static extern IntPtr RegisterServiceCtrlHandlerExW(IntPtr name, IntPtr handler, IntPtr context);

    [DllImport("advapi32.dll", SetLastError = true)]
    private static extern bool SetServiceStatus(IntPtr handle, ServiceStatus* status);

    /// <summary>The guests and the call log across restarts of this process (Virtual Server keeps its guests).</summary>
    private static string StatePath => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "Havm.TestBed", "VirtualServer.json");

    private static int Main(string[] args)
    {
        string arg = args.Length > 0 ? args[0].TrimStart('/', '-').ToUpperInvariant() : "";
        if (arg == "REGSERVER" || arg == "UNREGSERVER")
        {
            return LocalServerRegistration.Write(arg == "REGSERVER", Environment.ProcessPath!);
        }

        if (arg == "EMBEDDING")
        {
            // Started by COM as VirtualServer.Application's local server: serve until the control object's Exit (a
            // Virtual Server restart), then keep what Virtual Server keeps and end; the next CreateObject starts a new one.
            StartLocalServer();
            World.ExitRequested.Wait();
            Thread.Sleep(100); // Exit's answer goes out first
            LocalServer.Revoke();
            try
            {
                World.Persist(StatePath);
            }
            catch (IOException)
            {
            }

            ProcessLog("exits (Virtual Server restart)");
            return 0;
        }

        IntPtr name = Marshal.StringToHGlobalUni(Name);
        var table = stackalloc TableEntry[2];
        table[0] = new TableEntry { Name = name, Main = (IntPtr)(delegate* unmanaged<uint, IntPtr, void>)&ServiceMain };
        table[1] = default;
        return StartServiceCtrlDispatcherW(table) ? 0 : Marshal.GetLastPInvokeError();
    }

    [UnmanagedCallersOnly]
    private static void ServiceMain(uint argc, IntPtr argv)
    {
        IntPtr name = Marshal.StringToHGlobalUni(Name);
        _status = RegisterServiceCtrlHandlerExW(name, (IntPtr)(delegate* unmanaged<uint, uint, IntPtr, IntPtr, uint>)&Handler, IntPtr.Zero);
        Report(Running, 0, 0);
        StopRequested.Wait();
        int pendingMs = TakeStopPendingMs();
        for (uint checkPoint = 1; pendingMs > 0; checkPoint++)
        {
            Report(StopPending, checkPoint, (uint)pendingMs + 1000);
            int slice = Math.Min(pendingMs, 500);
            Thread.Sleep(slice);
            pendingMs -= slice;
        }

        Report(Stopped, 0, 0);
    }

    private static void StartLocalServer()
    {
        Registration.OutOfProcess = true;
        string? error;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(StatePath)!);
            World.Restore(StatePath);
            error = LocalServer.Register();
        }
#pragma warning disable CA1031 // written to the process's log file: a service has no console
        catch (Exception e)
#pragma warning restore CA1031
        {
            error = e.ToString();
        }

        ProcessLog(error ?? "class factories registered");
    }

    /// <summary>One line in ProgramData\Havm.TestBed\VirtualServer.log (a service has no console).</summary>
    private static void ProcessLog(string text)
    {
        try
        {
            File.AppendAllText(Path.ChangeExtension(StatePath, ".log"), $"{DateTime.UtcNow:O} pid {Environment.ProcessId}: {text}{Environment.NewLine}");
        }
        catch (IOException)
        {
        }
    }

    [UnmanagedCallersOnly]
    private static uint Handler(uint control, uint eventType, IntPtr eventData, IntPtr context)
    {
        if (control == ControlStop)
        {
            Report(StopPending, 0, 30000);
            StopRequested.Set();
        }

        return control is ControlStop or ControlInterrogate ? 0u : 120u; // ERROR_CALL_NOT_IMPLEMENTED
    }

    private static void Report(uint state, uint checkPoint, uint waitHint)
    {
        var s = new ServiceStatus
        {
            ServiceType = OwnProcess, CurrentState = state, ControlsAccepted = state == Running ? AcceptStop : 0,
            CheckPoint = checkPoint, WaitHint = waitHint,
        };
        _ = SetServiceStatus(_status, &s);
    }

    private static int TakeStopPendingMs()
    {
        try
        {
            using var key = Registry.LocalMachine.OpenSubKey(Parameters, writable: true);
            int ms = key?.GetValue("StopPendingMs") is int v ? v : 0;
            key?.SetValue("StopPendingMs", 0, RegistryValueKind.DWord);
            return ms;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
