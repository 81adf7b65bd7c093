using Havm.Core.Configuration;
using Havm.Core.Model;
using Havm.Tests.Fakes;
using NUnit.Framework;

namespace Havm.Tests.Lifecycle;

/// <summary>IsAlive (behaviour.md sections 3 and 4, IsAlive): state first, then the heartbeat, and the bounded "cannot tell".</summary>
[TestFixture]
public sealed class IsAliveTests
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(60);

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
    public void IsAlive_GuestInState_ReturnsTableVerdict(GuestState state, bool expected)
    {
        // arrange
        var world = World.HeartbeatSeen();
        world.Guest.State = state;

        // act
        var alive = world.IsAlive();

        // assert
        Assert.That(alive, Is.EqualTo(expected), world.Resource.Dump);
    }

    [TestCase(GuestState.TurningOn)]
    [TestCase(GuestState.Restoring)]
    [TestCase(GuestState.Paused)]
    [TestCase(GuestState.Saving)]
    public void IsAlive_GuestNotRunning_DoesNotReadTheHeartbeat(GuestState state)
    {
        // arrange
        var world = World.HeartbeatSeen();
        world.Guest.State = state;
        var mark = world.Server.Mark();

        // act
        world.IsAlive();

        // assert
        Assert.That(world.Server.CallsSince(mark).Select(c => c.Name), Has.None.Contains("Heartbeat"));
    }

    [TestCase(GuestState.Running)]
    [TestCase(GuestState.Paused)]
    [TestCase(GuestState.TurningOn)]
    [TestCase(GuestState.TurnedOff)]
    public void IsAlive_AnyState_NeverChangesTheGuest(GuestState state)
    {
        // arrange
        var world = World.HeartbeatSeen();
        world.Guest.State = state;
        var mark = world.Server.Mark();

        // act
        world.IsAlive();

        // assert
        Assert.That(world.Guest.MutationsSince(mark), Is.Empty);
    }

    [Test]
    public void IsAlive_GuestNotRegistered_ReturnsFalse()
    {
        // arrange
        var world = World.HeartbeatSeen();
        world.Server.RemoveGuest(World.GuestName);

        // act
        var alive = world.IsAlive();

        // assert
        Assert.That(alive, Is.False, world.Resource.Dump);
    }

    [Test]
    public void IsAlive_GuestNotRegistered_AsksAFreshConnectionFirst()
    {
        // arrange
        var world = World.HeartbeatSeen();
        world.Server.RemoveGuest(World.GuestName);
        var reconnects = world.Server.ReconnectCount;

        // act
        world.IsAlive();

        // assert
        Assert.That(world.Server.ReconnectCount, Is.GreaterThan(reconnects));
    }

    [TestCase(ServiceState.Stopped)]
    [TestCase(ServiceState.StopPending)]
    public void IsAlive_ServiceNotRunning_ReturnsFalse(ServiceState service)
    {
        // arrange
        var world = World.HeartbeatSeen();
        world.Server.ServiceState = service;

        // act
        var alive = world.IsAlive();

        // assert
        Assert.That(alive, Is.False, world.Resource.Dump);
    }

    [Test]
    public void IsAlive_VirtualServerRestarted_ReconnectsAndReturnsTrue()
    {
        // arrange
        var world = World.HeartbeatSeen();
        world.Server.RestartService();

        // act
        var alive = world.IsAlive();

        // assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(alive, Is.True, world.Resource.Dump);
            Assert.That(world.Server.ReconnectCount, Is.GreaterThanOrEqualTo(1));
        }
    }

    [Test]
    public void IsAlive_ManyCalls_ReusesTheConnection()
    {
        // arrange
        var world = World.HeartbeatSeen();
        var reconnects = world.Server.ReconnectCount;

        // act
        for (var i = 0; i < 20; i++)
        {
            world.Clock.Advance(PollInterval);
            world.IsAlive();
        }

        // assert
        Assert.That(world.Server.ReconnectCount, Is.EqualTo(reconnects));
    }

    public static IEnumerable<TestCaseData> CannotTell() =>
    [
        new TestCaseData(VsCall.ReadState, Fault.TimedOut()).SetArgDisplayNames("ReadState", "TimedOut"),
        new TestCaseData(VsCall.ReadState, Fault.Failed(new HResult(0x80004001u))).SetArgDisplayNames("ReadState", "E_NOTIMPL"),
        new TestCaseData(VsCall.ReadState, Fault.Failed(HResults.RpcDisconnected)).SetArgDisplayNames("ReadState", "RPC_E_DISCONNECTED"),
        new TestCaseData(VsCall.FindGuest, Fault.TimedOut()).SetArgDisplayNames("FindGuest", "TimedOut"),
        new TestCaseData(VsCall.FindGuest, Fault.Failed(HResults.DispException)).SetArgDisplayNames("FindGuest", "DISP_E_EXCEPTION"),
    ];

    [TestCaseSource(nameof(CannotTell))]
    public void IsAlive_CannotTell_ReturnsTrue(VsCall call, Fault fault)
    {
        // arrange
        var world = World.HeartbeatSeen();
        world.Server.Fail(call, fault);

        // act
        var alive = world.IsAlive();

        // assert
        Assert.That(alive, Is.True, world.Resource.Dump);
    }

    /// <summary>
    /// A call that failed (not one that timed out: that one used up IsAlive's deadline, and a fresh connection would
    /// queue behind the hung call) is tried once more on a fresh connection.
    /// </summary>
    public static IEnumerable<TestCaseData> CannotTellFailed() =>
        CannotTell().Where(c => !((Fault)c.Arguments[1]!).IsTimeout);

    [TestCaseSource(nameof(CannotTellFailed))]
    public void IsAlive_CannotTell_ReconnectsOnce(VsCall call, Fault fault)
    {
        // arrange
        var world = World.HeartbeatSeen();
        world.Server.Fail(call, fault);
        if (call == VsCall.FindGuest)
        {
            // A poll looks the guest up only without a kept one: the first poll after the connection was let go.
            world.Close();
        }

        var reconnects = world.Server.ReconnectCount;

        // act
        world.IsAlive();

        // assert
        Assert.That(world.Server.ReconnectCount - reconnects, Is.EqualTo(1));
    }

    [TestCaseSource(nameof(CannotTell))]
    public void IsAlive_CannotTell_LogsIt(VsCall call, Fault fault)
    {
        // arrange
        var world = World.HeartbeatSeen();
        world.Server.Fail(call, fault);
        if (call == VsCall.FindGuest)
        {
            // A poll looks the guest up only without a kept one: the first poll after the connection was let go.
            world.Close();
        }

        var before = world.Resource.LogCount;

        // act
        world.IsAlive();

        // assert: the line says "cannot tell" and names what failed
        var what = fault.IsTimeout ? "no answer in time" : HResults.Describe(fault.Error);
        Assert.That(world.Resource.LogSince(before).Any(l => l.Contains("IsAlive: cannot tell", StringComparison.Ordinal) && l.Contains(what, StringComparison.Ordinal)),
            Is.True, world.Resource.Dump);
    }

    [TestCase(GuestState.TurnedOff, false)]
    [TestCase(GuestState.Running, true)]
    public void IsAlive_FirstReadFailsThenFreshReadAnswers_ReturnsThatAnswer(GuestState state, bool expected)
    {
        // arrange
        var world = World.HeartbeatSeen();
        world.Guest.State = state;
        world.Guest.Fail(VsCall.ReadState, Fault.Failed(HResults.RpcDisconnected), times: 1);

        // act
        var alive = world.IsAlive();

        // assert
        Assert.That(alive, Is.EqualTo(expected), world.Resource.Dump);
    }

    [Test]
    public void IsAlive_CannotTellForFourMinutes_StillReturnsTrue()
    {
        // arrange
        var world = World.HeartbeatSeen();
        world.Guest.Fail(VsCall.ReadState, Fault.TimedOut());
        var verdicts = new List<bool>();

        // act
        for (var i = 0; i < 5; i++)
        {
            verdicts.Add(world.IsAlive());
            world.Clock.Advance(PollInterval);
        }

        // assert
        Assert.That(verdicts, Is.All.True, world.Resource.Dump);
    }

    [Test]
    public void IsAlive_CannotTellForMoreThanThreeHundredSeconds_ReturnsFalse()
    {
        // arrange
        var world = World.HeartbeatSeen();
        world.Guest.Fail(VsCall.ReadState, Fault.TimedOut());
        var start = world.Clock.Now;
        world.IsAlive();
        while (world.Clock.Now - start < TimeSpan.FromSeconds(330))
        {
            world.Clock.Advance(PollInterval);
            world.IsAlive();
        }

        world.Clock.Advance(PollInterval);

        // act
        var alive = world.IsAlive();

        // assert
        Assert.That(alive, Is.False, world.Resource.Dump);
    }

    [Test]
    public void IsAlive_CannotTellRepeatedly_LogsAtMostOncePerFiveMinutes()
    {
        // arrange
        var world = World.HeartbeatSeen();
        world.Guest.Fail(VsCall.ReadState, Fault.TimedOut());
        world.IsAlive();
        var before = world.Resource.LogCount;

        // act
        for (var i = 0; i < 4; i++)
        {
            world.Clock.Advance(PollInterval);
            world.IsAlive();
        }

        // assert
        Assert.That(world.Resource.LogSince(before), Is.Empty);
    }

    [Test]
    public void IsAlive_CannotTellEndsThenStartsAgain_AllowsAnotherFullWindow()
    {
        // arrange
        var world = World.HeartbeatSeen();
        world.Guest.Fail(VsCall.ReadState, Fault.TimedOut());
        for (var i = 0; i < 4; i++)
        {
            world.IsAlive();
            world.Clock.Advance(PollInterval);
        }

        world.Server.Heal(VsCall.ReadState);
        world.IsAlive();
        world.Guest.Fail(VsCall.ReadState, Fault.TimedOut());
        for (var i = 0; i < 4; i++)
        {
            world.Clock.Advance(PollInterval);
            world.IsAlive();
        }

        world.Clock.Advance(PollInterval);

        // act
        var alive = world.IsAlive();

        // assert
        Assert.That(alive, Is.True, world.Resource.Dump);
    }

    [Test]
    public void IsAlive_NoHeartbeatEverSeen_ReturnsTrueForever()
    {
        // arrange
        var world = World.Started();
        world.Guest.SetHeartbeat(0);
        var verdicts = new List<bool>();

        // act
        for (var i = 0; i < 30; i++)
        {
            verdicts.Add(world.IsAlive());
            world.Clock.Advance(PollInterval);
        }

        // assert
        Assert.That(verdicts, Is.All.True, world.Resource.Dump);
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(5)]
    public void IsAlive_ConsecutiveMissesBelowLimit_ReturnTrue(int limit)
    {
        // arrange
        var world = World.HeartbeatSeen(w => w.Resource.Set(PropertyNames.HeartbeatMissesBeforeFailure, limit));
        world.Guest.SetHeartbeat(0);
        var verdicts = new List<bool>();

        // act
        for (var i = 0; i < limit - 1; i++)
        {
            world.Clock.Advance(PollInterval);
            verdicts.Add(world.IsAlive());
        }

        // assert
        Assert.That(verdicts, Is.All.True, world.Resource.Dump);
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(5)]
    public void IsAlive_ConsecutiveMissesReachLimit_ReturnsFalse(int limit)
    {
        // arrange
        var world = World.HeartbeatSeen(w => w.Resource.Set(PropertyNames.HeartbeatMissesBeforeFailure, limit));
        world.Guest.SetHeartbeat(0);
        for (var i = 0; i < limit - 1; i++)
        {
            world.Clock.Advance(PollInterval);
            world.IsAlive();
        }

        world.Clock.Advance(PollInterval);

        // act
        var alive = world.IsAlive();

        // assert
        Assert.That(alive, Is.False, world.Resource.Dump);
    }

    [Test]
    public void IsAlive_GoodReadingBetweenMisses_ClearsTheCount()
    {
        // arrange
        var world = World.HeartbeatSeen();
        world.Guest.ScriptHeartbeatPercentage(VsAnswer<int>.Ok(0), VsAnswer<int>.Ok(80), VsAnswer<int>.Ok(0));
        world.Clock.Advance(PollInterval);
        world.IsAlive();
        world.Clock.Advance(PollInterval);
        world.IsAlive();
        world.Clock.Advance(PollInterval);

        // act
        var alive = world.IsAlive();

        // assert
        Assert.That(alive, Is.True, world.Resource.Dump);
    }

    [TestCase(50, 50, false)]
    [TestCase(50, 51, true)]
    [TestCase(0, 1, true)]
    [TestCase(0, 0, false)]
    public void IsAlive_PercentageAgainstThreshold_MissesAtOrBelow(int threshold, int percentage, bool expected)
    {
        // arrange
        var world = World.HeartbeatSeen(w =>
        {
            w.Resource.Set(PropertyNames.AdditionsIsAliveHeartbeatThreshold, threshold);
            w.Resource.Set(PropertyNames.HeartbeatMissesBeforeFailure, 1);
        });
        world.Guest.ScriptHeartbeatPercentage(VsAnswer<int>.Ok(percentage));
        world.Clock.Advance(PollInterval);

        // act
        var alive = world.IsAlive();

        // assert
        Assert.That(alive, Is.EqualTo(expected), world.Resource.Dump);
    }

    [TestCase(0)]
    [TestCase(2)]
    public void IsAlive_UseAdditionsIsAliveNotOne_IgnoresTheHeartbeat(int use)
    {
        // arrange
        var world = World.HeartbeatSeen(w =>
        {
            w.Resource.Set(PropertyNames.UseAdditionsIsAlive, use);
            w.Resource.Set(PropertyNames.HeartbeatMissesBeforeFailure, 1);
        });
        world.Guest.SetHeartbeat(0);
        var verdicts = new List<bool>();

        // act
        for (var i = 0; i < 5; i++)
        {
            world.Clock.Advance(PollInterval);
            verdicts.Add(world.IsAlive());
        }

        // assert
        Assert.That(verdicts, Is.All.True, world.Resource.Dump);
    }

    [Test]
    public void IsAlive_AdditionsNotAvailableForUpToTenMinutes_ReturnsTrue()
    {
        // arrange
        var world = World.HeartbeatSeen();
        world.Guest.AdditionsAvailable = false;
        var verdicts = new List<bool>();

        // act
        for (var i = 0; i < 10; i++)
        {
            world.Clock.Advance(PollInterval);
            verdicts.Add(world.IsAlive());
        }

        // assert
        Assert.That(verdicts, Is.All.True, world.Resource.Dump);
    }

    [Test]
    public void IsAlive_AdditionsNotAvailableLongerThanTenMinutes_CountsAsMisses()
    {
        // arrange
        var world = World.HeartbeatSeen();
        world.Guest.AdditionsAvailable = false;
        var start = world.Clock.Now;
        while (world.Clock.Now - start < TimeSpan.FromMinutes(12))
        {
            world.Clock.Advance(PollInterval);
            world.IsAlive();
        }

        world.Clock.Advance(PollInterval);

        // act
        var alive = world.IsAlive();

        // assert
        Assert.That(alive, Is.False, world.Resource.Dump);
    }

    [Test]
    public void IsAlive_AdditionsBackBeforeTenMinutes_RestartsTheGrace()
    {
        // arrange
        var world = World.HeartbeatSeen();
        world.Guest.AdditionsAvailable = false;
        for (var i = 0; i < 8; i++)
        {
            world.Clock.Advance(PollInterval);
            world.IsAlive();
        }

        world.Guest.AdditionsAvailable = true;
        world.Clock.Advance(PollInterval);
        world.IsAlive();
        world.Guest.AdditionsAvailable = false;
        var verdicts = new List<bool>();

        // act
        for (var i = 0; i < 8; i++)
        {
            world.Clock.Advance(PollInterval);
            verdicts.Add(world.IsAlive());
        }

        // assert
        Assert.That(verdicts, Is.All.True, world.Resource.Dump);
    }

    [Test]
    public void IsAlive_TurningOnAfterMisses_ClearsTheMissCount()
    {
        // arrange
        var world = World.HeartbeatSeen();
        world.Guest.SetHeartbeat(0);
        world.Clock.Advance(PollInterval);
        world.IsAlive();
        world.Guest.State = GuestState.TurningOn;
        world.Clock.Advance(PollInterval);
        world.IsAlive();
        world.Guest.State = GuestState.Running;
        world.Clock.Advance(PollInterval);

        // act
        var alive = world.IsAlive();

        // assert
        Assert.That(alive, Is.True, world.Resource.Dump);
    }

    [TestCase(GuestState.Paused)]
    [TestCase(GuestState.Saving)]
    public void IsAlive_AdminState_IsLoggedOnce(GuestState state)
    {
        // arrange
        var world = World.HeartbeatSeen();
        world.Guest.State = state;
        var before = world.Resource.LogCount;
        world.IsAlive();
        var afterFirst = world.Resource.LogCount;

        // act
        for (var i = 0; i < 10; i++)
        {
            world.Clock.Advance(PollInterval);
            world.IsAlive();
        }

        // assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(afterFirst, Is.GreaterThan(before), "the change is logged");
            Assert.That(world.Resource.LogCount, Is.EqualTo(afterFirst), "and only once");
        }
    }

    [Test]
    public void IsAlive_VerdictChangesToDead_IsLogged()
    {
        // arrange
        var world = World.HeartbeatSeen();
        world.Guest.State = GuestState.TurnedOff;
        var before = world.Resource.LogCount;

        // act
        world.IsAlive();

        // assert
        Assert.That(world.Resource.LogSince(before), Is.Not.Empty);
    }

    [Test]
    public void IsAlive_Always_StaysWithinTenSeconds()
    {
        // arrange
        var world = World.HeartbeatSeen();
        world.Server.Fail(VsCall.ReadState, Fault.TimedOut());
        var start = world.Clock.Now;

        // act
        world.IsAlive();

        // assert
        Assert.That(world.Clock.Now - start, Is.LessThanOrEqualTo(TimeSpan.FromSeconds(10.1)));
    }
}
