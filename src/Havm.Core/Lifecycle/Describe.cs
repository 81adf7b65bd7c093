using System.Globalization;
using Havm.Core.Model;

namespace Havm.Core.Lifecycle;

/// <summary>Words for the cluster log: one home for how states, codes and times are written.</summary>
internal static class Describe
{
    public static string State(GuestState state) => state switch
    {
        GuestState.Invalid => "Invalid (0)",
        GuestState.TurnedOff => "Turned off (1)",
        GuestState.Saved => "Saved (2)",
        GuestState.TurningOn => "Turning on (3)",
        GuestState.Restoring => "Restoring (4)",
        GuestState.Running => "Running (5)",
        GuestState.Paused => "Paused (6)",
        GuestState.Saving => "Saving (7)",
        GuestState.TurningOff => "Turning off (8)",
        GuestState.MergingDrives => "Merging drives (9)",
        GuestState.DeleteMachine => "Being deleted (10)",
        _ => "unknown state (" + ((int)state).ToString(CultureInfo.InvariantCulture) + ")",
    };

    public static string Service(ServiceState state) => state switch
    {
        ServiceState.NotInstalled => "not installed",
        ServiceState.Stopped => "stopped",
        ServiceState.StartPending => "starting",
        ServiceState.StopPending => "stopping",
        ServiceState.Running => "running",
        ServiceState.Paused => "paused",
        _ => "in an unknown state",
    };

    public static string Code(int win32) => win32 switch
    {
        Win32Error.Success => "0 (success)",
        Win32Error.InvalidFunction => "1 (not started by this Online)",
        Win32Error.FileNotFound => "2 (ERROR_FILE_NOT_FOUND)",
        Win32Error.PathNotFound => "3 (ERROR_PATH_NOT_FOUND)",
        Win32Error.AccessDenied => "5 (ERROR_ACCESS_DENIED)",
        Win32Error.NotEnoughMemory => "8 (ERROR_NOT_ENOUGH_MEMORY)",
        Win32Error.InvalidData => "13 (ERROR_INVALID_DATA)",
        Win32Error.OperationAborted => "995 (ERROR_OPERATION_ABORTED)",
        Win32Error.ServiceDoesNotExist => "1060 (ERROR_SERVICE_DOES_NOT_EXIST)",
        Win32Error.ServiceNotActive => "1062 (ERROR_SERVICE_NOT_ACTIVE)",
        Win32Error.IoDevice => "1117 (ERROR_IO_DEVICE)",
        Win32Error.NotFound => "1168 (ERROR_NOT_FOUND)",
        Win32Error.Cancelled => "1223 (ERROR_CANCELLED)",
        Win32Error.Timeout => "1460 (ERROR_TIMEOUT)",
        Win32Error.FunctionFailed => "1627 (ERROR_FUNCTION_FAILED)",
        _ => win32.ToString(CultureInfo.InvariantCulture),
    };

    public static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    public static string WholeSeconds(TimeSpan span) => ((long)span.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    /// <summary>A list for the log, capped: the first <paramref name="max"/> items and how many there are.</summary>
    public static string Capped(string[] items, int max)
    {
        if (items.Length == 0)
        {
            return "none";
        }

        var shown = string.Join(", ", items.Take(max).Select(i => "'" + i + "'").ToArray());
        return items.Length > max
            ? shown + " and " + (items.Length - max).ToString(CultureInfo.InvariantCulture) + " more (" + items.Length.ToString(CultureInfo.InvariantCulture) + " in all)"
            : shown + " (" + items.Length.ToString(CultureInfo.InvariantCulture) + " in all)";
    }
}
