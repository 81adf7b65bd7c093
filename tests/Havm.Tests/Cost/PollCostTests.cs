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
        var mark = world.Server.Mark();

        // act
        var alive = world.LooksAlive();

        // assert: a lookup in this poll (Online's own lookups are before the mark)
        Assert.That(alive, Is.True, world.Resource.Dump);
        Assert.That(world.Server.CallsSince(mark).Select(c => c.Name), Does.Contain("FindGuest"));
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

    [Test]
    public void Offline_GuestFoundSaving_ReturnsWithinAStatePollOfTheSave()
    {
        // arrange: the guest is saving when Offline comes; the save ends 1.25 s later
        var world = World.Started();
        world.Guest.BecomesAfterWhileWatched(TimeSpan.Zero, Havm.Core.Model.GuestState.Saving);
        world.Guest.BecomesAfterWhileWatched(TimeSpan.FromMilliseconds(1250), Havm.Core.Model.GuestState.Saved);
        var start = world.Clock.Now;

        // act
        var rc = world.Offline();

        // assert: a failover does not wait for the next one-second slice (issue 11: within about 100 ms of the change)
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rc, Is.EqualTo(0), world.Resource.Dump);
            Assert.That(world.Clock.Now - start, Is.LessThanOrEqualTo(TimeSpan.FromMilliseconds(1400)), world.Resource.Dump);
        }
    }
}
