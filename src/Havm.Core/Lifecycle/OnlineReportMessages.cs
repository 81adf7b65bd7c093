using Havm.Core.Model;

namespace Havm.Core.Lifecycle;

/// <summary>The log wording of Online's step 1 (registration from cluster storage) and step 6 (what it reports and warns about).</summary>
internal sealed class OnlineReportMessages
{
    private readonly GuestRun _run;

    public OnlineReportMessages(GuestRun run) => _run = run;

    private string Guest => "guest '" + _run.Name + "'";

    private string Node => _run.Resource.NodeName;

    public string CannotListNetworks(string answer) => "cannot list the virtual networks Virtual Server knows on node " + Node + ": " + answer;

    public string RegisteredNetwork(string file) => "registered the virtual network " + file + " in Virtual Server on node " + Node;

    public string RegisteredGuest() => "registered " + Guest + " from " + _run.Settings.ConfigurationPath + " in Virtual Server on node " + Node;

    public string OtherGuestLeft(string other) => " (guest '" + other + "' is registered from that file, and was before this Online: left as it is)";

    public string OtherGuestUnregistered(string other) => " (it registered guest '" + other + "', now unregistered again)";

    public string OtherGuestStays(string other, string answer) =>
        " (it registered guest '" + other + "', which could not be unregistered again: " + answer + "; remove it in the Virtual Server console)";

    public string RegisteredAnotherGuest(string other, string undone) =>
        "the configuration file " + _run.Settings.ConfigurationPath + " registered a guest, but none named '" + _run.Name + "'" + undone
        + ": VirtualMachineConfigurationPath and VirtualMachineName describe different guests. Correct one of them: "
        + RunMessages.SetProperty(_run.Resource.Name, Configuration.PropertyNames.VirtualMachineName, other.Length > 0 ? other : "name of the guest");

    public string RegistrationTimedOut(string what, string file, string timeoutFix) =>
        "registering " + what + " from " + file + " on node " + Node + ": Virtual Server gave no answer within OnlineTimeoutSeconds="
        + Describe.WholeSeconds(_run.Settings.OnlineTimeout) + ". " + timeoutFix;

    public string RegistrationFailed(string what, string file, string answer) =>
        "cannot register " + what + " from " + file + " on node " + Node + ": " + answer
        + ". The file must be readable from this node: its cluster disk is probably not online here, or the path is on a local disk";

    public string ConfigurationPathLearned(string file) => "VirtualMachineConfigurationPath was empty: set to " + file + " (other nodes register the guest from it)";

    public string NetworkPathsLearned(string list) => "VirtualNetworkConfigurationPaths was empty: set to " + list;

    public string FilesElsewhere(string root, string files, string configurationFile) =>
        "WARNING: " + Guest + " uses files on another drive than its configuration file (" + root + "): " + files
        + ". A local disk does not move with the group, so the guest would fail on the other nodes: move them to the cluster disk of "
        + configurationFile + " in the Virtual Server console";

    public string UndoDisksDiscard() =>
        "WARNING: " + Guest + " has undo disks set to discard, so Offline cannot save it (Virtual Server refuses to save it): "
        + "Offline will shut it down or turn it off. To keep its state across moves, set its undo disks to keep or commit in the Virtual Server console";

    public string AutoStart(int autoStartAtLaunch) =>
        "WARNING: Virtual Server starts " + Guest + " by itself when its service starts (AutoStartAtLaunch=" + autoStartAtLaunch
        + "): a second copy could run beside the cluster's. Set 'Automatically turn on' to never in the Virtual Server console";

    public string NotSavedOnQuit(int shutdownActionOnQuit) =>
        "WARNING: when its service stops, Virtual Server does not save " + Guest + " (ShutdownActionOnQuit=" + shutdownActionOnQuit
        + "): set the action on Virtual Server stop to 'Save state' in the Virtual Server console";
}
