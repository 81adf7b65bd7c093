using Havm.Core.Model;

namespace Havm.Core.Ports;

/// <summary>
/// One guest (<c>VMVirtualMachine</c> and its <c>GuestOS</c>). Every call is bounded by its deadline; every call that
/// changes the guest carries a <see cref="ChangeGuard"/> and answers <c>HResults.OperationAborted</c> unmade
/// when it is superseded.
/// </summary>
public interface IGuest
{
    /// <summary><c>VMVirtualMachine.State</c>.</summary>
    VsAnswer<GuestState> ReadState(Deadline deadline);

    /// <summary><c>Startup()</c>: turns on, or restores a saved guest.</summary>
    VsAnswer<IVsTask> Startup(Deadline deadline, ChangeGuard guard);

    /// <summary><c>Save()</c>: saves the guest's state; it is off once the task completes.</summary>
    VsAnswer<IVsTask> Save(Deadline deadline, ChangeGuard guard);

    /// <summary><c>TurnOff()</c>: like pulling the power.</summary>
    VsAnswer<IVsTask> TurnOff(Deadline deadline, ChangeGuard guard);

    /// <summary><c>Resume()</c>: resumes a paused guest.</summary>
    VsAnswer<IVsTask> Resume(Deadline deadline, ChangeGuard guard);

    /// <summary><c>GuestOS.Shutdown()</c>: shuts the guest's operating system down through the Additions.</summary>
    VsAnswer<IVsTask> ShutdownGuestOs(Deadline deadline, ChangeGuard guard);

    /// <summary><c>DiscardSavedState()</c>: throws away a saved state so that the next start cold-boots.</summary>
    VsAnswer<bool> DiscardSavedState(Deadline deadline, ChangeGuard guard);

    /// <summary><c>GuestOS.IsHeartbeating</c>.</summary>
    VsAnswer<bool> IsHeartbeating(Deadline deadline);

    /// <summary><c>GuestOS.HeartbeatPercentage</c>: the share of expected heartbeats over the past minute.</summary>
    VsAnswer<int> HeartbeatPercentage(Deadline deadline);

    /// <summary>The guest's disk, undo disk and network configuration files (read at Online only: many calls).</summary>
    VsAnswer<GuestFiles> ReadFiles(Deadline deadline);

    /// <summary>The guest's settings that decide what Offline can do and what Virtual Server does by itself.</summary>
    VsAnswer<GuestConfiguration> ReadConfiguration(Deadline deadline);
}
