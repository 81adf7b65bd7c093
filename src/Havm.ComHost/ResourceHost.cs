using Havm.ComHost.VirtualServer;
using Havm.Core.Lifecycle;

namespace Havm.ComHost;

/// <summary>What one resource keeps for the life of the host process: its controller and its Virtual Server connection.</summary>
internal sealed class ResourceHost
{
    public ResourceHost(GuestController controller, VirtualServerAdapter virtualServer)
    {
        Controller = controller;
        VirtualServer = virtualServer;
    }

    /// <summary>The resource's lifecycle and what it learned.</summary>
    public GuestController Controller { get; }

    /// <summary>The adapter (and its worker thread) through which the controller reaches Virtual Server.</summary>
    public VirtualServerAdapter VirtualServer { get; }
}
