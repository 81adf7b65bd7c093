using Havm.Core.Configuration;
using Havm.Core.Model;
using Havm.Core.Ports;

namespace Havm.Core.Lifecycle;

/// <summary>
/// Which guest an entry point acts on (behaviour.md section 4, "The guest is the one this run brought online"): the
/// one the last Online in this process looked for, else VirtualMachineName, else, for a stop in a recycled host
/// process, the guest registered from VirtualMachineConfigurationPath.
/// </summary>
internal sealed class GuestChoice
{
    private readonly ResourceParts _parts;

    public GuestChoice(ResourceParts parts) => _parts = parts;

    /// <summary>
    /// The guest an entry point acts on: the one the last Online in this process looked for, else the property's
    /// (<paramref name="property"/> null: unreadable). A VirtualMachineName changed since is logged once (old, new,
    /// the command that restores it) and applies from the next Online. Empty: no guest.
    /// </summary>
    public string For(IClusterResource resource, string? property, string entryPoint)
    {
        var remembered = _parts.Memory.GuestName;
        if (remembered is null || property is null)
        {
            // No Online in this process: the property's guest; an unreadable property: the remembered one.
            return remembered ?? property?.Trim() ?? string.Empty;
        }

        var value = property.Trim();
        if (_parts.Memory.RenameToReport(value, out var restored))
        {
            resource.Log(entryPoint + ": " + (restored ? EntryMessages.NameRestored(remembered) : EntryMessages.Renamed(resource.Name, remembered, value)));
        }

        return remembered;
    }

    /// <summary>
    /// A stop with a blank VirtualMachineName and no Online in this process (a recycled host): the guest registered
    /// from VirtualMachineConfigurationPath, which Online wrote, so that no stop reports "nothing to stop" while that
    /// guest runs (behaviour.md section 4). Empty when the property is empty, the service is not running (no guest
    /// runs then), or no registered guest has that file.
    /// </summary>
    public string ByConfigurationFile(IClusterResource resource, ResourceSettings settings, Deadline deadline, string entryPoint)
    {
        var path = settings.ConfigurationPath.Trim();
        var virtualServer = _parts.VirtualServer;
        if (path.Length == 0 || (!virtualServer.IsConnected && virtualServer.QueryService(deadline) != ServiceState.Running))
        {
            return string.Empty;
        }

        var name = NameRegisteredFrom(virtualServer, path, deadline);
        if (name.Length > 0)
        {
            resource.Log(entryPoint + ": " + EntryMessages.ActingOnRegisteredGuest(resource.Name, name, path));
        }

        return name;
    }

    /// <summary>The name of the guest Virtual Server registered from <paramref name="configurationFile"/>; empty when none (or it cannot tell).</summary>
    public static string NameRegisteredFrom(IVirtualServer virtualServer, string configurationFile, Deadline deadline)
    {
        var names = virtualServer.GuestNames(deadline);
        foreach (var candidate in names.IsOk ? names.Value : new string[0])
        {
            var found = virtualServer.FindGuest(candidate, deadline);
            if (!found.IsOk || found.Value is null)
            {
                continue;
            }

            var configuration = found.Value.ReadConfiguration(deadline);
            if (configuration.IsOk && FilePaths.Same(configuration.Value.ConfigurationFile, configurationFile))
            {
                return candidate;
            }
        }

        return string.Empty;
    }
}
