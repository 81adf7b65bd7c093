using Havm.ComHost.VirtualServer;
using Havm.Core.Lifecycle;

namespace Havm.ComHost;

/// <summary>
/// The composition root: one <see cref="ResourceHost"/> per resource name (case-insensitive), for the life of the
/// host process. Thread-safe.
/// </summary>
/// <remarks>
/// Process-wide because nothing else lives long enough: the wrapper creates the COM object once per script load, and
/// a Terminate may arrive on another thread or after the host reloaded the script, so what a resource learned must
/// outlive both the COM object and the script. Online starts a fresh run anyway.
/// </remarks>
internal static class ResourceRegistry
{
    private static readonly object Gate = new();
    private static readonly Dictionary<string, ResourceHost> Hosts = new(StringComparer.OrdinalIgnoreCase);
    private static readonly IClock Clock = new SystemClock();

    /// <summary>The resource's host, created on first use.</summary>
    public static ResourceHost For(string resourceName)
    {
        lock (Gate)
        {
            if (!Hosts.TryGetValue(resourceName, out var host))
            {
                var virtualServer = new VirtualServerAdapter(Clock);
                host = new ResourceHost(new GuestController(virtualServer, Clock), virtualServer);
                Hosts.Add(resourceName, host);
            }

            return host;
        }
    }
}
