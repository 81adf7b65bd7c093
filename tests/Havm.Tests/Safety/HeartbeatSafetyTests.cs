using Havm.Core.Configuration;
using Havm.Core.Model;
using Havm.Tests.Fakes;
using Havm.Tests.Lifecycle;
using NUnit.Framework;

namespace Havm.Tests.Safety;

/// <summary>Issue 7, kinds 4 and 8: the heartbeat's "cannot tell" ends, and the heartbeat is re-armed after a pause.</summary>
[TestFixture]
public sealed class HeartbeatSafetyTests
{
    [TestCase(0xA0040505u)]
    [TestCase(0x80020009u)]
    public void IsAlive_HeartbeatUnreadableEveryPoll_FalseOnceCannotTellPasses300Seconds(uint failure)
    {
        // arrange: the state answers Running, every heartbeat read fails
        var world = World.HeartbeatSeen();
        world.Guest.Fail(VsCall.HeartbeatPercentage, Fault.Failed(new HResult(failure)));

        // act: polls a minute apart
        var verdicts = new List<bool>();
        for (var i = 0; i < 8; i++)
        {
            world.Clock.Advance(TimeSpan.FromSeconds(60));
            verdicts.Add(world.IsAlive());
        }

        // assert: alive while under 300 s, then dead (first poll opens the window at 0 s)
        Assert.That(verdicts, Is.EqualTo(new[] { true, true, true, true, true, false, false, false }), world.Resource.Dump);
    }

    [Test]
    public void IsAlive_HeartbeatUnreadableEveryPoll_LogsCannotTellAtMostOncePerFiveMinutes()
    {
        // arrange
        var world = World.HeartbeatSeen();
        world.Guest.Fail(VsCall.HeartbeatPercentage, Fault.Failed(HResults.DispException));
        var before = world.Resource.LogCount;

        // act
        for (var i = 0; i < 30; i++)
        {
            world.Clock.Advance(TimeSpan.FromSeconds(60));
            world.IsAlive();
        }

        // assert: one opening line, then the failure line at 300 s and again at most every 5 minutes (30 polls, 30 min)
        var lines = world.Resource.LogSince(before);
        Assert.That(lines.Count(l => l.Contains("cannot tell whether the guest runs", StringComparison.Ordinal)), Is.EqualTo(1), world.Resource.Dump);
        Assert.That(lines.Count(l => l.Contains("still cannot tell after 300 s", StringComparison.Ordinal)), Is.EqualTo(5), world.Resource.Dump);
    }

    [Test]
    public void IsAlive_HeartbeatReadHangs_CannotTellEndsToo()
    {
        // arrange: each heartbeat read uses up IsAlive's 10 s
        var world = World.HeartbeatSeen();
        world.Guest.Fail(VsCall.HeartbeatPercentage, Fault.TimedOut());

        // act
        var last = true;
        for (var i = 0; i < 8; i++)
        {
            world.Clock.Advance(TimeSpan.FromSeconds(60));
            last = world.IsAlive();
        }

        // assert
        Assert.That(last, Is.False, world.Resource.Dump);
    }

    [Test]
    public void IsAlive_FeatureNotAvailableBeforeAnyHeartbeat_NotEnforcedAndSaysSo()
    {
        // arrange
        var world = World.Started();
        world.Guest.Fail(VsCall.IsHeartbeating, Fault.Failed(HResults.AdditionsFeatureNotAvailable));

        // act
        var verdicts = Enumerable.Range(0, 10).Select(_ =>
        {
            world.Clock.Advance(TimeSpan.FromSeconds(60));
            return world.IsAlive();
        }).ToList();

        // assert
        Assert.That(verdicts, Has.All.True);
        Assert.That(world.Resource.LinesContaining("heartbeat not enforced", "VM_E_ADDITIONS_FEATURE_NOT_AVAIL"), Has.Count.EqualTo(1), world.Resource.Dump);
    }

    [Test]
    public void IsAlive_ZeroPercentRightAfterResumeFromPause_NotAMiss()
    {
        // arrange: one miss fails the guest; the guest was paused and is resumed with no heartbeat yet
        var world = World.HeartbeatSeen(w => w.Resource.Set(PropertyNames.HeartbeatMissesBeforeFailure, 1));
        world.Guest.State = GuestState.Paused;
        world.Clock.Advance(TimeSpan.FromSeconds(60));
        world.IsAlive();
        world.Guest.State = GuestState.Running;
        world.Guest.SetHeartbeat(0);
        world.Clock.Advance(TimeSpan.FromSeconds(60));

        // act
        var alive = world.IsAlive();

        // assert
        Assert.That(alive, Is.True, world.Resource.Dump);
    }

    [Test]
    public void IsAlive_AfterResumeOnceTheHeartbeatWasSeenAgain_MissesCountAgain()
    {
        // arrange
        var world = World.HeartbeatSeen(w => w.Resource.Set(PropertyNames.HeartbeatMissesBeforeFailure, 1));
        world.Guest.State = GuestState.Paused;
        world.IsAlive();
        world.Guest.State = GuestState.Running;
        world.Guest.SetHeartbeat(100);
        world.IsAlive();
        world.Guest.SetHeartbeat(0);

        // act
        var alive = world.IsAlive();

        // assert
        Assert.That(alive, Is.False, world.Resource.Dump);
    }
}
