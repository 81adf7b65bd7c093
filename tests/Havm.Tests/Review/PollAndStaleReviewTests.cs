using Havm.Core.Configuration;
using Havm.Core.Lifecycle;
using Havm.Core.Model;
using Havm.Tests.Fakes;
using Havm.Tests.Lifecycle;
using NUnit.Framework;

namespace Havm.Tests.Review;

/// <summary>Review: IsAlive's heartbeat rules and the stale-instance rule against behaviour.md v3.</summary>
[TestFixture]
public sealed class PollAndStaleReviewTests
{
    /// <summary>
    /// behaviour.md 4, IsAlive: "After a resume from Paused, as after a restore, the heartbeat is enforced again only
    /// once it has been seen." LooksAlive (every 5 s) read the guest Paused for most of a minute, but IsAlive (every
    /// 60 s) never did, so the first HeartbeatPercentage after the resume (the share over the past minute: 0 %) is
    /// enforced at once; with HeartbeatMissesBeforeFailure=1 the guest is declared dead and Terminate turns it off
    /// (AdditionsIsAliveFailureRecoveryAction default).
    /// </summary>
    [Test]
    public void IsAlive_AfterAResumeFromPausedThatLooksAliveSaw_HeartbeatNotEnforcedUntilSeenAgain()
    {
        // arrange
        var world = World.HeartbeatSeen(w => w.Resource.Set(PropertyNames.HeartbeatMissesBeforeFailure, 1));
        world.Guest.State = GuestState.Paused;
        for (var i = 0; i < 11; i++)
        {
            world.Clock.Advance(TimeSpan.FromSeconds(5));
            world.Require(world.LooksAlive(), "LooksAlive says true for a paused guest");
        }

        world.Guest.State = GuestState.Running;
        world.Guest.ScriptHeartbeatPercentage(VsAnswer<int>.Ok(0));
        world.Clock.Advance(TimeSpan.FromSeconds(5));

        // act
        var alive = world.IsAlive();

        // assert
        Assert.That(alive, Is.True, world.Resource.Dump);
    }

    /// <summary>
    /// Rule "An instance that may be stale is never saved" (and a stale save never restored); behaviour.md 4, Online
    /// step 2: a stale instance's saved state is never restored. Online finds the guest Running while LastOnlineNode
    /// names NODE-B (stale), and by its fresh read before the turn-off the guest is Saving ("not turning it off").
    /// Online sees the stale instance saving but does not mark that save; when Terminate finds it already Saved, the
    /// next Online restores the stale memory over the newer disk.
    /// </summary>
    [Test]
    public void Online_StaleInstanceSeenSavingBeforeItsTurnOff_ThatSaveIsNeverRestored()
    {
        // arrange
        var world = new World(GuestState.Running);
        world.Resource.Set(PropertyNames.LastOnlineNode, World.OtherNode);
        world.Guest.StaleInstance = true;
        world.Server.CallCost = TimeSpan.FromMilliseconds(1);
        world.Open();

        // Online's calls, 1 ms each: QueryService, FindGuest, ReadState (Running), ReadConfiguration, ReadState (fresh,
        // before TurnOff). The save starts between the first state read and the fresh one.
        world.Guest.BecomesAfter(TimeSpan.FromMilliseconds(3.5), GuestState.Saving);
        world.Guest.BecomesAfter(TimeSpan.FromSeconds(2), GuestState.Saved);
        var first = world.Controller.Online(world.Resource);
        world.Require(first == Win32Error.InvalidFunction && world.Resource.LogContains("meanwhile: not turning it off"), "Online saw the stale instance start saving, rc=" + first);

        // the host's Terminate arrives once the (small) save has finished
        world.Clock.Advance(TimeSpan.FromSeconds(5));
        world.Require(world.OpenTerminate() == Win32Error.Success && world.Guest.State == GuestState.Saved, "Terminate finds the guest saved");
        world.Close();

        // act: the restart policy's next Online on this node
        var rc = world.OpenOnline();

        // assert
        Assert.That((rc, world.Server.Violations), Is.EqualTo((Win32Error.FunctionFailed, Array.Empty<string>())), world.Resource.Dump);
    }
}
