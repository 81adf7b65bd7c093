using Havm.Core.Health;
using Havm.Core.Ports;

namespace Havm.Core.Lifecycle;

/// <summary>
/// The long-lived parts of one resource that its entry points and runs share, each with its own thread rules:
/// the ports, the probe and waiter, the termination epoch, and the three memories (what the resource remembers,
/// what the last Online learned, what the polls carry). One per <see cref="GuestController"/>.
/// </summary>
internal sealed class ResourceParts
{
    public ResourceParts(IVirtualServer virtualServer, IClock clock)
    {
        VirtualServer = virtualServer;
        Clock = clock;
        Probe = new GuestProbe(virtualServer);
        Wait = new Waiter(clock, Epoch, Probe);
        Polls = new PollMemory(clock);
        PollResources = new TolerantResources(Names);
    }

    public IVirtualServer VirtualServer { get; }

    public IClock Clock { get; }

    /// <summary>Looks the guest up (keeps the guest object between polls); thread-safe.</summary>
    public GuestProbe Probe { get; }

    /// <summary>Every wait of the lifecycle.</summary>
    public Waiter Wait { get; }

    /// <summary>Moved by Terminate; a run that began before it stops.</summary>
    public TerminationEpoch Epoch { get; } = new();

    /// <summary>What the resource remembers for the life of the process.</summary>
    public ResourceMemory Memory { get; } = new();

    /// <summary>What the last Online learned.</summary>
    public LastOnline LastOnline { get; } = new();

    /// <summary>The saved states a stale instance wrote here.</summary>
    public StaleSavedStates StaleSaves { get; } = new();

    /// <summary>What the polls carry from one to the next.</summary>
    public PollMemory Polls { get; }

    /// <summary>The resource's and node's names as last read (a failing Resource object is read through them).</summary>
    public ResourceNames Names { get; } = new();

    /// <summary>The polls' Resource wrapper, lent to one poll at a time (a poll allocates none).</summary>
    public TolerantResources PollResources { get; }
}
