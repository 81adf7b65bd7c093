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

                foreach (var network in _settings.NetworkPaths.Where(p => !known.Value.Any(k => SameFile(k, p))))
                {
                    var registered = _owner._virtualServer.RegisterNetwork(network, _deadline, Guard);
                    if (!registered.IsOk)
                    {
                        return RegistrationFailed("virtual network", network, registered);
                    }

                    Log("registered the virtual network " + network + " in Virtual Server on node " + _resource.NodeName);
                }
            }

            var guest = _owner._virtualServer.RegisterGuest(_settings.ConfigurationPath, _deadline, Guard);
            if (!guest.IsOk)
            {
                return RegistrationFailed("guest '" + _name + "'", _settings.ConfigurationPath, guest);
            }

            Log("registered guest '" + _name + "' from " + _settings.ConfigurationPath + " in Virtual Server on node " + _resource.NodeName);
            return null;
        }

        private int RegistrationFailed<T>(string what, string file, VsAnswer<T> answer)
        {
            if (answer.FailedWith(HResults.OperationAborted))
            {
                return Aborted();
            }

            Log("cannot register " + what + " from " + file + " on node " + _resource.NodeName + ": " + answer
                + ". The file must be readable from this node: its cluster disk is probably not online here, or the path is on a local disk");
            return Outcomes.ForFailure(answer);
        }

        /// <summary>
        /// After a successful Online: writes the two path properties from what Virtual Server reports when they are
        /// empty (so that every other node can register the guest), and warns once about files that will not move
        /// with the group (another drive than the configuration file's).
        /// </summary>
        private void LearnFiles()
        {
            // Best effort: a property the Resource object cannot write never fails an Online whose guest runs.
            var resource = new TolerantResource(_resource, _owner._names);
            var configurationFile = _configuration?.ConfigurationFile ?? string.Empty;
            var files = Target.Guest.ReadFiles(_deadline);
            if (_settings.ConfigurationPath.Length == 0 && configurationFile.Length > 0)
            {
                resource.WriteProperty(PropertyNames.VirtualMachineConfigurationPath, configurationFile);
                Log("VirtualMachineConfigurationPath was empty: set to " + configurationFile + " (other nodes register the guest from it)");
            }

            if (!files.IsOk)
            {
                return;
            }

            if (_settings.NetworkPaths.Length == 0 && files.Value.Networks.Length > 0)
            {
                var list = string.Join(";", files.Value.Networks);
                resource.WriteProperty(PropertyNames.VirtualNetworkConfigurationPaths, list);
                Log("VirtualNetworkConfigurationPaths was empty: set to " + list);
            }

            WarnAboutDrives(configurationFile.Length > 0 ? configurationFile : _settings.ConfigurationPath, files.Value);
        }

        private void WarnAboutDrives(string configurationFile, GuestFiles files)
        {
            var root = Root(configurationFile);
            if (root.Length == 0)
            {
                return;
            }

            var elsewhere = Elsewhere(root, "virtual hard disk", files.HardDisks)
                .Concat(Elsewhere(root, "undo disk", files.UndoDisks))
                .Concat(Elsewhere(root, "virtual network configuration", files.Networks))
                .ToList();
            if (elsewhere.Count == 0 || !_owner._memory.FirstWarning(_name + "/drives"))
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
            files.Where(f => Root(f).Length > 0 && !string.Equals(Root(f), root, StringComparison.OrdinalIgnoreCase)).Select(f => kind + " " + f);

        /// <summary>The drive (<c>D:</c>) or share (<c>\\server\share</c>) a full path lives on; empty when it has neither.</summary>
        private static string Root(string path)
        {
            var p = path.Trim();
            if (p.Length >= 2 && p[1] == ':')
            {
                return p.Substring(0, 2).ToUpperInvariant();
            }

            if (p.StartsWith(@"\\", StringComparison.Ordinal))
            {
                var parts = p.Substring(2).Split('\\');
                return parts.Length >= 2 ? @"\\" + parts[0] + @"\" + parts[1] : string.Empty;
            }

            return string.Empty;
        }

        /// <summary>Whether two file names are the same file, as Windows compares them (case-insensitive); an empty expectation matches anything.</summary>
        private static bool SameFile(string actual, string expected) =>
            expected.Trim().Length == 0 || string.Equals(actual.Trim(), expected.Trim(), StringComparison.OrdinalIgnoreCase);
    }
}
