using Havm.Core.Model;
using Havm.Tests.Fakes;
using NUnit.Framework;

namespace Havm.Tests.Lifecycle;

/// <summary>LooksAlive (behaviour.md sections 3 and 4, LooksAlive): the state only, within 250 ms.</summary>
[TestFixture]
public sealed class LooksAliveTests
{
    [TestCase(GuestState.Running, true)]
    [TestCase(GuestState.TurningOn, true)]
    [TestCase(GuestState.Restoring, true)]
    [TestCase(GuestState.Paused, true)]
    [TestCase(GuestState.Saving, true)]
    [TestCase(GuestState.TurningOff, false)]
    [TestCase(GuestState.MergingDrives, false)]
    [TestCase(GuestState.TurnedOff, false)]
    [TestCase(GuestState.Saved, false)]
    [TestCase(GuestState.DeleteMachine, false)]
    [TestCase(GuestState.Invalid, false)]
    public void LooksAlive_GuestInState_ReturnsTableVerdict(GuestState state, bool expected)
    {
        // arrange
        var world = World.Started();
        world.Guest.State = state;

        // act
        var alive = world.LooksAlive();

        // assert
        Assert.That(alive, Is.EqualTo(expected), world.Resource.Dump);
    }

    [Test]
    public void LooksAlive_GuestNotRegistered_ReturnsFalse()
    {
        // arrange
        var world = World.Started();
        world.Server.RemoveGuest(World.GuestName);

        // act
        var alive = world.LooksAlive();

        // assert
        Assert.That(alive, Is.False);
    }

    [Test]
    public void LooksAlive_ServiceStopped_ReturnsFalse()
    {
        // arrange
        var world = World.Started();
        world.Server.ServiceState = ServiceState.Stopped;

        // act
        var alive = world.LooksAlive();

        // assert
        Assert.That(alive, Is.False);
    }

    [TestCase(VsCall.ReadState)]
    [TestCase(VsCall.FindGuest)]
    public void LooksAlive_CannotTell_ReturnsFalseSoThatIsAliveDecides(VsCall call)
    {
        // arrange
        var world = World.Started();
        world.Server.Fail(call, Fault.TimedOut());
        if (call == VsCall.FindGuest)
        {
            // A poll looks the guest up only without a kept one: the first poll after the connection was let go.
            world.Close();
        }


        // act
        var alive = world.LooksAlive();

        // assert
        Assert.That(alive, Is.False);
    }

    [TestCase(VsCall.ReadState)]
    [TestCase(VsCall.FindGuest)]
    public void LooksAlive_VirtualServerHangs_ReturnsWithin250Milliseconds(VsCall call)
    {
        // arrange
        var world = World.Started();
        world.Server.Fail(call, Fault.TimedOut());
        var start = world.Clock.Now;

        // act
        world.LooksAlive();

        // assert
        Assert.That(world.Clock.Now - start, Is.LessThanOrEqualTo(TimeSpan.FromMilliseconds(260)));
    }

    [Test]
    public void LooksAlive_GuestRunning_ReadsNoHeartbeat()
    {
        // arrange
        var world = World.Started();
        var mark = world.Server.Mark();

        // act
        world.LooksAlive();

        // assert
        Assert.That(world.Server.CallsSince(mark).Select(c => c.Name), Has.None.Contains("Heartbeat"));
    }

    [TestCase(GuestState.Running)]
    [TestCase(GuestState.TurnedOff)]
    [TestCase(GuestState.Paused)]
    public void LooksAlive_AnyState_NeverChangesTheGuest(GuestState state)
    {
        // arrange
        var world = World.Started();
        world.Guest.State = state;
        var mark = world.Server.Mark();

        // act
        world.LooksAlive();

        // assert
        Assert.That(world.Guest.MutationsSince(mark), Is.Empty);
    }

    [Test]
    public void LooksAlive_GuestRunning_DoesNotAskForAFreshConnection()
    {
        // arrange
        var world = World.Started();

        // act
        for (var i = 0; i < 10; i++)
        {
            world.LooksAlive();
        }

        // assert
        Assert.That(world.Server.ReconnectCount, Is.Zero);
    }
}
