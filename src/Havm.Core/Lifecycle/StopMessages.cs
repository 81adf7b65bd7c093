using Havm.Core.Configuration;
using Havm.Core.Model;

namespace Havm.Core.Lifecycle;

/// <summary>
/// The log wording of one Offline or Terminate (behaviour.md section 4): every line names the guest, and a line
/// about a guest that may still be running names the node. Terminate's lines about such a guest begin with "ERROR: ".
/// </summary>
internal sealed class StopMessages
{
    private readonly GuestRun _run;
    private readonly bool _terminate;

    public StopMessages(GuestRun run, StopReason reason)
    {
        _run = run;
        _terminate = reason == StopReason.Terminate;
    }

    private string Guest => "guest '" + _run.Name + "'";

    private string Node => _run.Resource.NodeName;

    /// <summary>"ERROR: " for Terminate, whose failure leaves a guest running that the host believes stopped.</summary>
    private string Error => _terminate ? "ERROR: " : string.Empty;

    private string Timeout => _terminate
        ? PropertyNames.TerminateTimeoutSeconds + "=" + Describe.WholeSeconds(_run.Settings.TerminateTimeout)
        : PropertyNames.OfflineTimeoutSeconds + "=" + Describe.WholeSeconds(_run.Settings.OfflineTimeout);

    private string MayBeRunning => "it may still be running on node " + Node;

    public string NotRegisteredHere(string reason) => reason + " on node " + Node + ": it is not running here";

    public string NotRunningHere(string reason) => reason + ": " + Guest + " is not running here";

    public string CannotReach(string reason) =>
        "ERROR: cannot reach Virtual Server (" + reason + "): " + Guest + " may still be running on node " + Node
        + ". Check it in the Virtual Server console before it runs anywhere else";

    public string IsStopped(GuestState state) => Guest + " is " + Describe.State(state);

    public string KeptChanging(GuestState state) => Error + Guest + " kept changing state (now " + Describe.State(state) + "): giving up; " + MayBeRunning;

    public string LastOnlineNodeUnreadable() =>
        "LastOnlineNode cannot be read, so this instance of " + Guest + " may be stale: turning it off, never saving it";

    public string Stale() =>
        Guest + " is a stale instance (LastOnlineNode names node " + _run.Settings.LastOnlineNode.Trim()
        + ", which brought it online after this one): turning it off, never saving it";

    /// <param name="value">The value as the administrator set it ("=2"), or " other than 0" when it cannot be spelled.</param>
    public string HeartbeatFailure(string value) =>
        Guest + " failed its heartbeat and " + PropertyNames.AdditionsIsAliveFailureRecoveryAction + value + " (turn off): turning it off";

    public string CannotBeSaved() =>
        Guest + " cannot be saved (its undo disks are set to discard): "
        + (_terminate ? "turning it off" : "shutting it down instead (turned off if the Additions cannot)");

    public string WaitingForStop(GuestState state) =>
        Guest + " is " + Describe.State(state) + ": waiting for it to finish (it is never turned off while it writes its files)";

    public string WaitingForDefiniteState(GuestState state) => Guest + " reads " + Describe.State(state) + ": waiting for a state that says whether it runs";

    public string WaitingForStart(GuestState state) => Guest + " is " + Describe.State(state) + ": waiting for it to run before stopping it";

    public string NoLongerRegistered() => Guest + " is no longer registered in Virtual Server on node " + Node + ": it is not running here";

    public string ServiceStopping() =>
        "the Virtual Server service on node " + Node + " is stopping (node shutdown?): it saves or turns off " + Guest + " itself; waiting for it to stop";

    public string ServiceBackGuestUnreadable(string reason) =>
        Error + "the Virtual Server service on node " + Node + " runs again, but " + Guest + " cannot be read (" + reason + "): " + MayBeRunning;

    public string ServiceStillStopping() =>
        Error + "the Virtual Server service on node " + Node + " is still stopping at " + Timeout + ": it may still be writing " + Guest + "'s saved state";

    public string ServiceStoppedDuring(GuestState state) =>
        "ERROR: the Virtual Server service on node " + Node + " stopped while " + Guest + " was " + Describe.State(state)
        + ": its outcome is unknown. Check the guest's files in the Virtual Server console before it starts anywhere";

    public string ServiceStopped() => "the Virtual Server service on node " + Node + " is stopped: " + Guest + " is not running here";

    public string CancellingStart(GuestState state) => Guest + " is " + Describe.State(state) + ": cancelling the start (a restore goes back to its saved state)";

    public string CancelFailed(string answer) => "cancelling the start of " + Guest + " failed: " + answer;

    public string Saving() => "saving " + Guest;

    public string VirtualServerSavesIt() => "Virtual Server is shutting down and saves " + Guest + " itself: waiting for it";

    public string RefusedLeftRunning(string call, string answer) =>
        call + " of " + Guest + " was refused (" + answer + "), which does not prove it cannot be saved: it is left running on node "
        + Node + " and Offline fails; the cluster's Terminate tries again";

    public string RefusedTurningOff(string call, string answer) =>
        call + " of " + Guest + " was refused (" + answer + "): turning it off (Terminate must leave it stopped)";

    /// <summary>A stop task that did not stop the guest; <paramref name="error"/>: the line is an error (a turn-off that did not take in Terminate).</summary>
    public string DidNotStop(string call, VsTaskStatus? status, GuestState state, bool error) =>
        (error ? "ERROR: " : string.Empty) + call + " of " + Guest + " did not stop it: "
        + (status is null ? "its task's result could not be read" : "its task ended with " + status)
        + ", and the guest still reads " + Describe.State(state) + " on node " + Node;

    public string LeftRunning() => Guest + " is left running on node " + Node + " and Offline fails; the cluster's Terminate tries again";

    public string ShuttingDown() => "shutting down the operating system of " + Guest;

    public string ShutdownImpossible(string answer, bool saveImpossible) =>
        "the guest OS shutdown of '" + _run.Name + "' is not possible (" + answer + ")"
        + (saveImpossible ? " and it cannot be saved: turning it off" : ": saving it instead");

    public string ShutdownFailed(VsTaskStatus status, bool saveImpossible) =>
        "the guest OS shutdown of '" + _run.Name + "' failed (" + status + ")"
        + (saveImpossible ? " and it cannot be saved: turning it off" : ": saving it instead");

    public string ShutdownTooSlow() => Guest + " did not shut down in time: turning it off (a half shut-down guest is never saved)";

    public string TurningOff() => "turning off " + Guest;

    public string DeadlineWhileStopping(GuestState state) =>
        Error + (state == GuestState.Saving ? "save still in progress" : Describe.State(state) + " still in progress") + " for " + Guest + " at " + Timeout
        + ": it is not turned off (that would lose its data); " + MayBeRunning;

    public string DeadlinePassed(GuestState state) => Error + Guest + " is still " + Describe.State(state) + " at " + Timeout + ": " + MayBeRunning;

    public string CallFailed(string call, string answer) => Error + call + " for " + Guest + " failed: " + answer + "; " + MayBeRunning;
}
