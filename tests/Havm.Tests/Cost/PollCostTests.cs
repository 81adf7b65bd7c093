using Havm.Tests.Fakes;
using Havm.Tests.Lifecycle;
using NUnit.Framework;

namespace Havm.Tests.Cost;

/// <summary>Issue 11: a poll makes the fewest Virtual Server calls (the count, not the time, is what crosses processes).</summary>
[TestFixture]
public sealed class PollCostTests
{
    [Test]
    public void LooksAlive_WhileConnected_MakesOneVirtualServerCall()
    {
        // arrange
        var world = World.Started();
        world.LooksAlive();
        var mark = world.Server.Mark();

        // act
        world.LooksAlive();

        // assert: the kept guest's state, nothing else (no lookup, no Service Control Manager query)
        Assert.That(world.Server.CallsSince(mark).Select(c => c.Name), Is.EqualTo(new[] { "Guest1.ReadState" }));
    }

    [Test]
    public void IsAlive_HeartbeatSeen_MakesTwoVirtualServerCalls()
    {
        // arrange
        var world = World.HeartbeatSeen();
        var mark = world.Server.Mark();

        // act
        world.IsAlive();

        // assert
        Assert.That(world.Server.CallsSince(mark).Select(c => c.Name), Is.EqualTo(new[] { "Guest1.ReadState", "Guest1.HeartbeatPercentage" }));
    }

    [Test]
    public void LooksAlive_KeptGuestFails_LooksItUpAgain()
    {
        // arrange
        var world = World.Started();
        world.LooksAlive();
        world.Guest.Fail(VsCall.ReadState, Fault.Failed(Havm.Core.Model.HResults.RpcDisconnected), times: 1);

        // act
        var alive = world.LooksAlive();

        // assert
        Assert.That(alive, Is.True, world.Resource.Dump);
        Assert.That(world.Server.WasCalled("FindGuest"), Is.True);
    }

    [Test]
    public void LooksAlive_AfterClose_AsksTheServiceControlManagerBeforeConnecting()
    {
        // arrange
        var world = World.Started();
        world.Close();
        var mark = world.Server.Mark();

        // act
        world.LooksAlive();

        // assert
        Assert.That(world.Server.CallsSince(mark).Select(c => c.Name).Take(2), Is.EqualTo(new[] { "QueryService", "FindGuest" }));
    }

    [Test]
    public void LooksAlive_ReadsOnlyVirtualMachineName()
    {
        // arrange
        var world = World.Started();
        var reads = world.Resource.Reads;

        // act
        world.LooksAlive();

        // assert
        Assert.That(world.Resource.Reads - reads, Is.EqualTo(1));
    }
}
