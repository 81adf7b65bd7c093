using Havm.Core.Configuration;
using Havm.Core.Model;

namespace Havm.Core.Lifecycle;

/// <summary>
/// The log wording of one Online (behaviour.md section 4, steps 1 to 6): every line names the guest; a failure
/// names the node and the command or console action that fixes it.
/// </summary>
internal sealed class OnlineMessages
{
    private readonly GuestRun _run;

    public OnlineMessages(GuestRun run) => _run = run;

    private string Guest => "guest '" + _run.Name + "'";

    private string Node => _run.Resource.NodeName;

    private string Set(string property, string value) => RunMessages.SetProperty(_run.Resource.Name, property, value);

    private string OnlineTimeout => PropertyNames.OnlineTimeoutSeconds + "=" + Describe.WholeSeconds(_run.Settings.OnlineTimeout);

    /// <summary>The fix for an Online that needs longer than OnlineTimeoutSeconds.</summary>
    public string TimeoutFix =>
        "If it needs longer, raise OnlineTimeoutSeconds and the resource's PendingTimeout together: cluster res \"" + _run.Resource.Name
        + "\" /priv OnlineTimeoutSeconds=300 and cluster res \"" + _run.Resource.Name + "\" /prop PendingTimeout=330000";

    public string ServiceNotRunning(string reason) =>
        "cannot start " + Guest + ": " + reason + " on node " + Node + " (guests run inside it). Start it with: net start \"Virtual Server\"";

    public string CannotRead(string reason) => "cannot read " + Guest + " from Virtual Server: " + reason;

    public string Found(GuestState state, string configurationFile) => Guest + " is " + Describe.State(state) + "; configuration file " + configurationFile;

    public string NameShared(string registeredFrom) =>
        Guest + " is registered on node " + Node + " from " + registeredFrom + ", but VirtualMachineConfigurationPath is " + _run.Settings.ConfigurationPath
        + ": two guests share the name. Unregister the wrong one in the Virtual Server console, or correct the property: "
        + Set(PropertyNames.VirtualMachineConfigurationPath, registeredFrom);

    public string NotRegistered(string known) =>
        Guest + " is not registered in Virtual Server on node " + Node + ". Virtual Server knows " + known
        + ". Correct the name (" + Set(PropertyNames.VirtualMachineName, "name of the guest") + "), or let Online register it on every node from cluster storage: "
        + Set(PropertyNames.VirtualMachineConfigurationPath, "X:\\path\\guest.vmc");

    public string CannotStart(GuestState state) => Guest + " is " + Describe.State(state) + ": it cannot be started";

    public string KeptChanging(GuestState state) => Guest + " kept changing state (now " + Describe.State(state) + "): giving up";

    public string ToRunNotStartedHere(GuestState state) => "for " + Guest + " (found " + Describe.State(state) + ", not started by this Online) to run";

    public string StaleSaving() => "a stale instance (LastOnlineNode names node " + _run.Settings.LastOnlineNode.Trim() + ") is saving its memory";

    public const string FinishBeforeStart = "waiting for it to finish before starting it";

    public string Waiting(GuestState state, string why) => Guest + " is " + Describe.State(state) + ": " + why;

    public string ToFinish(GuestState state) => "for " + Guest + " to finish " + Describe.State(state);

    public string ToRun() => "for " + Guest + " to run";

    public string ToResume() => "for " + Guest + " to resume";

    public string StaleSavedStateRefused() =>
        "ERROR: the saved state of " + Guest + " on node " + Node + " was written by a stale instance (the guest was last brought online on node "
        + _run.Settings.LastOnlineNode.Trim() + "): it is never restored. Two ways out: discard the saved state in the Virtual Server console, or let Havm.Net discard it once: "
        + "cluster res \"" + _run.Resource.Name + "\" /priv DiscardUnrestorableSavedState=1";

    public string StaleSavedStateDiscarded() =>
        "ERROR: the saved state of " + Guest + " was written by a stale instance on node " + Node
        + "; DiscardUnrestorableSavedState=1, so it was discarded and the guest cold-boots from its disks (last brought online on node "
        + _run.Settings.LastOnlineNode.Trim() + ")";

    public string UnrestorableRefused(string why) =>
        "the saved state of " + Guest + " cannot be restored (" + why + "). Two ways out: let Havm.Net discard it once and cold-boot the guest: "
        + "cluster res \"" + _run.Resource.Name + "\" /priv DiscardUnrestorableSavedState=1, or discard the saved state in the Virtual Server console";

    public string UnrestorableDiscarded(string why) =>
        "ERROR: the saved state of " + Guest + " could not be restored (" + why
        + "); DiscardUnrestorableSavedState=1, so it was discarded and the guest cold-boots: the memory state it had is lost";

    public string Starting(GuestState from) => (from == GuestState.Saved ? "restoring " : "starting ") + Guest;

    public string StartResultUnread() => "the start task of " + Guest + " completed, but its result could not be read: the guest's state decides";

    public string StartFailed(VsTaskStatus status) =>
        "starting " + Guest + " failed: the task ended with " + status.Result + " (" + HResults.Describe(status.Error) + ")";

    public string StartEndedElsewhere(VsTaskStatus? status, GuestState state) =>
        "the start of " + Guest + " " + (status is null ? "was lost" : "reported " + status.Result) + ", but the guest is " + Describe.State(state);

    public string StillStarting(GuestState state, int percentBefore, int percentNow) =>
        Guest + " is still " + Describe.State(state) + " at the OnlineTimeoutSeconds deadline (" + percentBefore + "% -> " + percentNow
        + "%): reporting online; IsAlive watches it";

    public string DidNotStart(string state) => Guest + " did not start within " + OnlineTimeout + " (" + state + "). " + TimeoutFix;

    public string Resuming() => Guest + " is paused: resuming it";

    public string ResumeFailed(VsTaskStatus? status, GuestState state) =>
        "resuming " + Guest + " failed: " + (status?.ToString() ?? "no task result") + ", guest " + Describe.State(state);

    public string FoundRunning() =>
        Guest + " was already running and was not started by this Online (it may have just failed): returning 1, "
        + "so that Terminate saves it and the restart policy restores it cleanly";

    public string TurningOffStale(GuestState state) =>
        "ERROR: " + Guest + " is " + Describe.State(state) + " on node " + Node + ", but it was last brought online on node "
        + _run.Settings.LastOnlineNode.Trim() + ": this instance is stale (its memory no longer matches the disk). Turning it off, never saving it";

    public string StaleChangedMeanwhile(GuestState state) => Guest + " is " + Describe.State(state) + " meanwhile: not turning it off";

    public string StaleUnreadable(string answer) =>
        "the state of the stale instance of " + Guest + " cannot be read (" + answer + "): not turning it off blind; Terminate stops it";

    public string StaleTurnOffFailed(string answer) => "turning off the stale instance of " + Guest + " failed: " + answer + "; Terminate stops it";

    public string Running() => Guest + " is running on node " + Node;

    public string UnregisteredWhileWaiting(string what) => Guest + " was unregistered from Virtual Server on node " + Node + " while waiting " + what;

    public string ServiceStoppedWhileWaiting(string what) => "the Virtual Server service on node " + Node + " stopped while waiting " + what;

    public string TimedOutWaiting(string what) =>
        "timed out after " + OnlineTimeout + " waiting " + what + ". Raise OnlineTimeoutSeconds and the resource's PendingTimeout together if it needs longer";

    public string CallFailed(string call, string answer) => call + " for " + Guest + " failed: " + answer;
}
