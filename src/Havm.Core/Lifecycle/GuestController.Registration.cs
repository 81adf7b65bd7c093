using Havm.Core.Configuration;
using Havm.Core.Model;
using Havm.Core.Ports;

namespace Havm.Core.Lifecycle;

public sealed partial class GuestController
{
    /// <summary>Online step 1 (behaviour.md section 4): registration from cluster storage, and what Online learns about the guest's files.</summary>
    private sealed partial class OnlineRun
    {
        /// <summary>
        /// Registers the virtual networks of VirtualNetworkConfigurationPaths that Virtual Server does not know, then
        /// the guest from VirtualMachineConfigurationPath. Null: registered, look again. Otherwise the Win32 code.
        /// </summary>
        private int? Register()
        {
            if (Superseded())
            {
                return Aborted();
            }

            if (_settings.NetworkPaths.Length > 0)
            {
                var known = _owner._virtualServer.NetworkFiles(_deadline);
                if (!known.IsOk)
                {
                    Log("cannot list the virtual networks Virtual Server knows on node " + _resource.NodeName + ": " + known);
                    return Outcomes.ForFailure(known);
                }

                foreach (var network in _settings.NetworkPaths.Where(p => !known.Value.Any(k => FilePaths.Same(k, p))))
                {
                    var registered = _owner._virtualServer.RegisterNetwork(network, _deadline, Guard);
                    if (!registered.IsOk)
                    {
                        return RegistrationFailed("virtual network", network, registered);
                    }

                    Log("registered the virtual network " + network + " in Virtual Server on node " + _resource.NodeName);
                }
            }

            // What Virtual Server knew before: only a guest this registration brought in may be unregistered again.
            var before = _owner._virtualServer.GuestNames(_deadline);
            _guestsBeforeRegistration = before.IsOk ? before.Value : null;
            var guest = _owner._virtualServer.RegisterGuest(_settings.ConfigurationPath, _deadline, Guard);
            if (!guest.IsOk)
            {
                return RegistrationFailed("guest '" + _name + "'", _settings.ConfigurationPath, guest);
            }

            Log("registered guest '" + _name + "' from " + _settings.ConfigurationPath + " in Virtual Server on node " + _resource.NodeName);
            return null;
        }

        /// <summary>
        /// The configuration file registered a guest of another name: that registration is undone (so that the next
        /// Online meets the same fault, not Virtual Server's refusal of a second registration) and Online fails with 13.
        /// </summary>
        private int RegisteredAnotherGuest()
        {
            var other = _owner.NameRegisteredFrom(_settings.ConfigurationPath, _deadline);
            var undone = string.Empty;
            var broughtIn = other.Length > 0 && _guestsBeforeRegistration is { } before
                && !before.Any(n => string.Equals(n, other, StringComparison.OrdinalIgnoreCase));
            if (other.Length > 0 && !broughtIn)
            {
                // Registered before this Online (or it cannot be told): another resource's guest, perhaps running; left alone.
                undone = " (guest '" + other + "' is registered from that file, and was before this Online: left as it is)";
            }
            else if (broughtIn)
            {
                var unregistered = _owner._virtualServer.UnregisterGuest(other, _deadline, Guard);
                if (unregistered.FailedWith(HResults.OperationAborted))
                {
                    return Aborted();
                }

                undone = unregistered.IsOk
                    ? " (it registered guest '" + other + "', now unregistered again)"
                    : " (it registered guest '" + other + "', which could not be unregistered again: " + unregistered + "; remove it in the Virtual Server console)";
            }

            Log("the configuration file " + _settings.ConfigurationPath + " registered a guest, but none named '" + _name + "'" + undone
                + ": VirtualMachineConfigurationPath and VirtualMachineName describe different guests. Correct one of them: cluster res \""
                + _resource.Name + "\" /priv VirtualMachineName=\"" + (other.Length > 0 ? other : "name of the guest") + "\"");
            return Win32Error.InvalidData;
        }

        private int RegistrationFailed<T>(string what, string file, VsAnswer<T> answer)
        {
            if (answer.FailedWith(HResults.OperationAborted))
            {
                return Aborted();
            }

            if (answer.Kind == VsAnswerKind.TimedOut)
            {
                Log("registering " + what + " from " + file + " on node " + _resource.NodeName + ": Virtual Server gave no answer within OnlineTimeoutSeconds="
                    + Describe.WholeSeconds(_settings.OnlineTimeout) + ". " + TimeoutFix);
                return Outcomes.ForFailure(answer);
            }

            Log("cannot register " + what + " from " + file + " on node " + _resource.NodeName + ": " + answer
                + ". The file must be readable from this node: its cluster disk is probably not online here, or the path is on a local disk");
            return Outcomes.ForFailure(answer);
        }

        /// <summary>
        /// Step 1, once the guest is found: reads its files (kept for <see cref="LearnFiles"/>) and warns once about
        /// files that will not move with the group (another drive than the configuration file's), whatever Online's
        /// outcome: a node where the guest then fails to start is the one that needs the warning.
        /// </summary>
        private void InspectFiles()
        {
            var files = Target.Guest.ReadFiles(_deadline);
            _files = files.IsOk ? files.Value : null;
            if (_files is not null)
            {
                var configurationFile = _configuration?.ConfigurationFile ?? string.Empty;
                WarnAboutDrives(configurationFile.Length > 0 ? configurationFile : _settings.ConfigurationPath, _files);
            }
        }

        /// <summary>
        /// After a successful Online: writes the two path properties from what Virtual Server reports when they are
        /// empty, so that every other node can register the guest.
        /// </summary>
        private void LearnFiles()
        {
            // Best effort: a property the Resource object cannot write never fails an Online whose guest runs.
            var resource = new TolerantResource(_resource, _owner._names);
            var configurationFile = _configuration?.ConfigurationFile ?? string.Empty;
            if (_settings.ConfigurationPath.Length == 0 && configurationFile.Length > 0)
            {
                resource.WriteProperty(PropertyNames.VirtualMachineConfigurationPath, configurationFile);
                Log("VirtualMachineConfigurationPath was empty: set to " + configurationFile + " (other nodes register the guest from it)");
            }

            if (_settings.NetworkPaths.Length == 0 && _files is { Networks.Length: > 0 } files)
            {
                var list = string.Join(";", files.Networks);
                resource.WriteProperty(PropertyNames.VirtualNetworkConfigurationPaths, list);
                Log("VirtualNetworkConfigurationPaths was empty: set to " + list);
            }
        }

        private void WarnAboutDrives(string configurationFile, GuestFiles files)
        {
            var root = FilePaths.Root(configurationFile);
            if (root.Length == 0)
            {
                return;
            }

            var elsewhere = Elsewhere(root, "virtual hard disk", files.HardDisks)
                .Concat(Elsewhere(root, "undo disk", files.UndoDisks))
                .Concat(Elsewhere(root, "virtual network configuration", files.Networks))
                .ToList();
            // Once per guest and set of misplaced files: a disk added on a local drive later is warned about too.
            if (elsewhere.Count == 0 || !_owner._memory.FirstWarning(_name + "/drives/" + string.Join("|", elsewhere.ToArray()).ToUpperInvariant()))
            {
                return;
            }

            Log("WARNING: guest '" + _name + "' uses files on another drive than its configuration file (" + root + "): "
                + string.Join(", ", elsewhere.ToArray())
                + ". A local disk does not move with the group, so the guest would fail on the other nodes: move them to the cluster disk of "
                + configurationFile + " in the Virtual Server console");
        }

        /// <summary>The files of one kind that live on another drive than <paramref name="root"/>, described for the log.</summary>
        private static IEnumerable<string> Elsewhere(string root, string kind, string[] files) =>
            files.Where(f => FilePaths.Root(f).Length > 0 && !string.Equals(FilePaths.Root(f), root, StringComparison.Ordinal)).Select(f => kind + " " + f);
    }
}
