using Havm.Core.Lifecycle;
using Havm.Core.Model;
using Havm.Core.Ports;

namespace Havm.Simulator;

/// <summary>What one replay hands a policy: the clock, the guest and the fake Virtual Server.</summary>
internal sealed class ReplayContext
{
    public const string GuestName = "Guest1";

    public ReplayContext(Trace trace, TimeSpan start)
    {
        Clock = new SimClock(start);
        World = new GuestWorld(trace, Clock);
        VirtualServer = new SimVirtualServer(World, GuestName);
    }

    public SimClock Clock { get; }

    public GuestWorld World { get; }

    public SimVirtualServer VirtualServer { get; }
}

/// <summary>A resource as the cluster host drives it: Online once, then LooksAlive and IsAlive; Terminate after a failure.</summary>
internal interface IMonitor
{
    /// <summary>Open and Online; the Win32 code.</summary>
    int Online();

    bool LooksAlive();

    bool IsAlive();

    /// <summary>Open, Terminate, Close; what was done to the guest.</summary>
    string Terminate();

    /// <summary>The cluster log lines written so far (the models write none).</summary>
    IReadOnlyList<string> Log { get; }
}

/// <summary>The real Havm.Core GuestController, with the policy's private properties.</summary>
internal sealed class CoreMonitor : IMonitor
{
    private readonly ReplayContext _context;
    private readonly GuestController _controller;
    private readonly SimResource _resource;

    public CoreMonitor(ReplayContext context, IReadOnlyDictionary<string, int> properties)
    {
        _context = context;
        _controller = new GuestController(context.VirtualServer, context.Clock);
        _resource = new SimResource(context.Clock, properties, ReplayContext.GuestName);
    }

    public IReadOnlyList<string> Log => _resource.Lines;

    public int Online()
    {
        _controller.Open(_resource);
        return _controller.Online(_resource);
    }

    public bool LooksAlive() => _controller.LooksAlive(_resource);

    public bool IsAlive() => _controller.IsAlive(_resource);

    public string Terminate()
    {
        _context.World.LastCommand = "none";
        _controller.Open(_resource);
        _controller.Terminate(_resource);
        _controller.Close(_resource);
        return _context.World.LastCommand;
    }
}

/// <summary>
/// Havm.vbs 1.0's policy, line for line (../shared/reference/Havm.vbs): LooksAlive always true; IsAlive reads
/// HeartbeatPercentage once IsHeartbeating has been true, and any error there is a failure (an error inside an If
/// condition runs its Then branch); before that, the state 3, 4 or 5 is alive and an error reading it is alive too.
/// It has no deadline of its own: a call stuck past the host's 300 s deadlock timeout fails the resource.
/// </summary>
internal sealed class HavmVbsModel : IMonitor
{
    private static readonly TimeSpan DeadlockTimeout = TimeSpan.FromSeconds(300);
    private readonly ReplayContext _context;
    private bool _hasHeartbeat;

    public HavmVbsModel(ReplayContext context) => _context = context;

    public IReadOnlyList<string> Log => Array.Empty<string>();

    public int Online()
    {
        var found = _context.VirtualServer.FindGuest(ReplayContext.GuestName, Deadline.After(_context.Clock, DeadlockTimeout));
        if (found is { IsOk: true, Value: { } guest })
        {
            guest.Startup(Deadline.After(_context.Clock, DeadlockTimeout), ChangeGuard.Never);
        }

        return 0;
    }

    public bool LooksAlive() => true;

    public bool IsAlive()
    {
        var deadline = Deadline.After(_context.Clock, DeadlockTimeout);
        var found = _context.VirtualServer.FindGuest(ReplayContext.GuestName, deadline);
        if (found.Kind == VsAnswerKind.TimedOut)
        {
            return false;
        }

        var guest = found.IsOk ? found.Value : null;
        if (_hasHeartbeat)
        {
            if (guest is null)
            {
                return false;
            }

            var percentage = guest.HeartbeatPercentage(deadline);
            return percentage.IsOk && percentage.Value > 0;
        }

        if (guest is null)
        {
            return true;
        }

        var beating = guest.IsHeartbeating(deadline);
        if (beating.Kind == VsAnswerKind.TimedOut)
        {
            return false;
        }

        if (beating.IsOk)
        {
            _hasHeartbeat = beating.Value;
        }

        var state = guest.ReadState(deadline);
        if (state.Kind == VsAnswerKind.TimedOut)
        {
            return false;
        }

        return !state.IsOk || state.Value is GuestState.TurningOn or GuestState.Restoring or GuestState.Running;
    }

    public string Terminate()
    {
        // UseAdditionsIsAlive=1, AdditionsIsAliveFailureRecoveryAction=1: turn off once a heartbeat was seen; else nothing.
        if (!_hasHeartbeat)
        {
            return "none";
        }

        _context.World.LastCommand = "none";
        var found = _context.VirtualServer.FindGuest(ReplayContext.GuestName, Deadline.After(_context.Clock, DeadlockTimeout));
        if (found is { IsOk: true, Value: { } guest })
        {
            guest.TurnOff(Deadline.After(_context.Clock, DeadlockTimeout), ChangeGuard.Never);
        }

        return _context.World.LastCommand;
    }
}

/// <summary>
/// A peer's heartbeat monitor, read from the guest itself (the peers do not go through Virtual Server's COM calls):
/// a guest that is not up (off, saved, not registered, its Virtual Server stopped) fails at the next 5 s poll, as
/// under the Generic Script host; a running guest fails by the peer's heartbeat rule, armed once a tick was seen.
/// </summary>
internal abstract class PeerModel : IMonitor
{
    protected PeerModel(ReplayContext context) => Context = context;

    public IReadOnlyList<string> Log => Array.Empty<string>();

    protected ReplayContext Context { get; }

    protected TimeSpan Now => Context.Clock.Now;

    public int Online()
    {
        Context.World.Commanded = null;
        Context.World.LastCommand = "Startup";
        return 0;
    }

    public bool LooksAlive() => Check();

    public bool IsAlive() => Check();

    public string Terminate()
    {
        Context.World.Commanded = GuestState.TurnedOff;
        return "reset";
    }

    protected abstract bool HeartbeatAlive();

    private bool Check()
    {
        if (!Context.World.IsUp(Now))
        {
            return false;
        }

        return Context.World.StateAt(Now) != GuestState.Running || Context.World.LastTick(Now) is null || HeartbeatAlive();
    }
}

/// <summary>
/// Hyper-V's "Virtual Machine" resource with heartbeat monitoring: the cluster acts when no heartbeat arrives for
/// about one minute (platform-and-peers.md 3b, robertvi's blog), counted from the last heartbeat or the resume.
/// A guest rebooting sends no heartbeat, so a reboot longer than that is reset (the documented complaint, 4.2).
/// </summary>
internal sealed class HyperVModel : PeerModel
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(1);

    public HyperVModel(ReplayContext context)
        : base(context)
    {
    }

    protected override bool HeartbeatAlive()
    {
        var last = Context.World.LastTick(Now)!.Value;
        var since = last > Context.World.RunningSince(Now) ? last : Context.World.RunningSince(Now);
        return Now - since < Limit;
    }
}

/// <summary>
/// vSphere HA VM Monitoring, medium sensitivity: failure interval 60 s without a Tools heartbeat, and no disk or
/// network I/O over the last 120 s, and only after the minimum uptime (the API default 120 s; the preset's own value
/// is unverified) (platform-and-peers.md 3c).
/// </summary>
internal sealed class VSphereMediumModel : PeerModel
{
    private static readonly TimeSpan FailureInterval = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan IoWindow = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan MinUpTime = TimeSpan.FromSeconds(120);

    public VSphereMediumModel(ReplayContext context)
        : base(context)
    {
    }

    protected override bool HeartbeatAlive()
    {
        var world = Context.World;
        if (Now - world.RunningSince(Now) < MinUpTime)
        {
            return true;
        }

        return Now - world.LastTick(Now)!.Value < FailureInterval || world.IoDuring(Now - IoWindow, Now);
    }
}
