using Havm.Core.Configuration;
using Havm.Core.Lifecycle;
using Havm.Core.Model;
using Havm.Tests.Fakes;

namespace Havm.Tests.Lifecycle;

/// <summary>
/// One clustered guest and its controller on fakes: node NODE-A, resource "Guest1Script", guest "Guest1".
/// The <c>Run*</c> helpers call the entry points the way the host does (Open before Online and before Terminate).
/// The static builders bring the controller into a known situation and fail loudly when the setup itself fails.
/// </summary>
internal sealed class World
{
    public const string GuestName = "Guest1";
    public const string ThisNode = FakeResource.DefaultNode;
    public const string OtherNode = "NODE-B";

    public World(GuestState state = GuestState.TurnedOff)
    {
        Clock = new FakeClock();
        Server = new FakeVirtualServer(Clock);
        Guest = Server.AddGuest(GuestName, state);
        Resource = new FakeResource();
        Resource.Set(PropertyNames.VirtualMachineName, GuestName);
        Controller = new GuestController(Server, Clock);
    }

    public FakeClock Clock { get; }

    public FakeVirtualServer Server { get; }

    public FakeGuest Guest { get; }

    public FakeResource Resource { get; }

    public GuestController Controller { get; }

    /// <summary>A controller that brought the guest up from TurnedOff (Online returned 0); no heartbeat read yet.</summary>
    public static World Started(Action<World>? configure = null)
    {
        var world = new World(GuestState.TurnedOff);
        configure?.Invoke(world);
        var rc = world.OpenOnline();
        world.Require(rc == Win32Error.Success && world.Guest.State == GuestState.Running, "Online from TurnedOff succeeds, rc=" + rc);
        return world;
    }

    /// <summary><see cref="Started"/>, then one IsAlive that saw the heartbeat.</summary>
    public static World HeartbeatSeen(Action<World>? configure = null)
    {
        var world = Started(configure);
        world.Require(world.IsAlive(), "IsAlive with a heartbeat says alive");
        return world;
    }

    /// <summary><see cref="HeartbeatSeen"/>, then misses until IsAlive said false (a heartbeat failure).</summary>
    public static World HeartbeatFailed(Action<World>? configure = null)
    {
        var world = HeartbeatSeen(configure);
        world.Guest.SetHeartbeat(0);
        for (var i = 0; i < 100; i++)
        {
            world.Clock.Advance(TimeSpan.FromSeconds(60));
            if (!world.IsAlive())
            {
                return world;
            }
        }

        throw new InvalidOperationException("setup failed: IsAlive never declared the silent guest dead" + Environment.NewLine + world.Resource.Dump());
    }

    /// <summary>A guest found Running by Online, which returned 1 (Havm.vbs's "failed online").</summary>
    public static World FoundRunning()
    {
        var world = new World(GuestState.Running);
        var rc = world.OpenOnline();
        world.Require(rc == Win32Error.InvalidFunction, "Online of a running guest returns 1, rc=" + rc);
        return world;
    }

    public int Open() => Controller.Open(Resource);

    public int OpenOnline()
    {
        Controller.Open(Resource);
        return Controller.Online(Resource);
    }

    public int Offline() => Controller.Offline(Resource);

    public int OpenTerminate()
    {
        Controller.Open(Resource);
        return Controller.Terminate(Resource);
    }

    public int Close() => Controller.Close(Resource);

    public bool IsAlive() => Controller.IsAlive(Resource);

    public bool LooksAlive() => Controller.LooksAlive(Resource);

    /// <summary>Sets the guest's state, optionally moving on to <paramref name="becomes"/> after 5 s of clock time.</summary>
    public void Put(GuestState state, GuestState? becomes = null)
    {
        Guest.State = state;
        if (becomes is { } next)
        {
            Guest.BecomesAfter(TimeSpan.FromSeconds(5), next);
        }
    }

    public void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("setup failed: " + what + Environment.NewLine + Resource.Dump());
        }
    }
}
