using Havm.Core.Model;

namespace Havm.Core.Lifecycle;

/// <summary>The groups of guest states the lifecycle's rules speak of (behaviour.md section 4).</summary>
internal static class GuestStates
{
    /// <summary>Saving, turning off or merging drives: the guest writes its files and is never turned off.</summary>
    public static bool IsStopping(GuestState state) => state is GuestState.Saving or GuestState.TurningOff or GuestState.MergingDrives;

    /// <summary>What a stop may call success: Saved or Turned off (behaviour.md section 4, Offline).</summary>
    public static bool IsStopped(GuestState state) => state is GuestState.Saved or GuestState.TurnedOff;

    /// <summary>Running or paused: the guest's memory is live.</summary>
    public static bool IsUp(GuestState state) => state is GuestState.Running or GuestState.Paused;

    /// <summary>Turning on or restoring: a start is under way.</summary>
    public static bool IsStarting(GuestState state) => state is GuestState.TurningOn or GuestState.Restoring;

    /// <summary>What the polls count as alive: up, starting, or saving (an administrator's save is not a failure).</summary>
    public static bool CountsAsAlive(GuestState state) => IsUp(state) || IsStarting(state) || state == GuestState.Saving;
}
