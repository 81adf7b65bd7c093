using Havm.Core.Configuration;
using Havm.Core.Model;
using Havm.Core.Ports;

namespace Havm.Core.Lifecycle;

/// <summary>
/// Open (behaviour.md section 4): starts the Virtual Server service if it is stopped and creates the three private
/// properties Havm.vbs created, with its defaults, never overwriting one. Logs one line when nothing changed.
/// </summary>
internal sealed class OpenRun
{
    private readonly ResourceParts _parts;

    public OpenRun(ResourceParts parts) => _parts = parts;

    /// <summary>Runs Open within <paramref name="timeout"/>; always ERROR_SUCCESS (Online reports a service that cannot start).</summary>
    public int Run(IClusterResource resource, TimeSpan timeout)
    {
        var clock = _parts.Clock;
        var start = clock.Now;
        _parts.Memory.OpenStarted(start);
        var service = EnsureService(resource, Deadline.After(clock, timeout), out var changed);
        var created = CreateHavmVbsProperties(resource);
        var took = clock.Now - start;
        if (!changed && created.Count == 0)
        {
            resource.Log(EntryMessages.OpenQuiet(service, took));
            return Win32Error.Success;
        }

        resource.Log(EntryMessages.Entering("Open", resource.NodeName));
        resource.Log("Open: " + service);
        if (created.Count > 0)
        {
            resource.Log(EntryMessages.OpenCreated(created));
        }

        resource.Log(EntryMessages.Returning("Open", Win32Error.Success, took));
        return Win32Error.Success;
    }

    /// <summary>What Open found or did about the service; <paramref name="changed"/>: worth more than one log line.</summary>
    private string EnsureService(IClusterResource resource, Deadline deadline, out bool changed)
    {
        var virtualServer = _parts.VirtualServer;
        var state = virtualServer.QueryService(deadline);
        changed = state is ServiceState.Stopped or ServiceState.StopPending or ServiceState.NotInstalled;
        switch (state)
        {
            case ServiceState.Stopped:
                var started = virtualServer.StartService(deadline);
                return started.FinalState == ServiceState.Running ? EntryMessages.ServiceStarted() : EntryMessages.ServiceNotStarted(resource.NodeName, started.Detail);
            case ServiceState.StopPending:
                return EntryMessages.ServiceStopping();
            case ServiceState.NotInstalled:
                return EntryMessages.ServiceNotInstalled(resource.NodeName);
            default:
                return EntryMessages.ServiceIs(state);
        }
    }

    /// <summary>Creates the three properties Havm.vbs created, with its defaults; never overwrites. Returns what it created, as logged.</summary>
    private static List<string> CreateHavmVbsProperties(IClusterResource resource)
    {
        var created = new List<string>();
        if (!resource.PropertyExists(PropertyNames.VirtualMachineName))
        {
            resource.AddProperty(PropertyNames.VirtualMachineName);
            created.Add(PropertyNames.VirtualMachineName + " (blank: set it to the guest's name)");
        }

        foreach (var rule in NumberRules.CreatedByOpen)
        {
            if (!resource.PropertyExists(rule.Name))
            {
                resource.AddProperty(rule.Name);
                resource.WriteProperty(rule.Name, rule.Default);
                created.Add(rule.Name + "=" + NumberRule.Format(rule.Default));
            }
        }

        return created;
    }
}
