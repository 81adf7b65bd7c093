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

    /// <summary>An entry point's return code for the log: <c>2 (ERROR_FILE_NOT_FOUND)</c>; 0 and 1 say what they mean here.</summary>
    public static string Code(int win32) => win32 switch
    {
        Win32Error.Success => "0 (success)",
        Win32Error.InvalidFunction => "1 (not started by this Online)",
        _ => Win32Error.NameOf(win32) is { } name
            ? win32.ToString(CultureInfo.InvariantCulture) + " (" + name + ")"
            : win32.ToString(CultureInfo.InvariantCulture),
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
