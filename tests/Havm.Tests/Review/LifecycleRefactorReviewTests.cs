using Havm.Core.Configuration;
using Havm.Core.Lifecycle;
using Havm.Core.Model;
using Havm.Tests.Fakes;
using Havm.Tests.Lifecycle;
using NUnit.Framework;

namespace Havm.Tests.Review;

/// <summary>
/// An adversarial review of the lifecycle's "decide, then do" restructuring (GuestRun, OnlineRun, StopRun and their
/// parts; RunMemory split into ResourceMemory, LastOnline, StaleSavedStates and PollMemory) against behaviour.md v3.
/// Each test states one rule an input broke. Where the fault was already in the code before the restructuring
/// (fedf400), the summary says so: the restructuring kept it.
/// </summary>
[TestFixture]
public sealed class LifecycleRefactorReviewTests
{
    /// <summary>
    /// behaviour.md 4, Online step 2: "A guest found Turning on or Restoring is reading the disk's current files, so
    /// it is never stale: treat it as below", below: "Turning on or Restoring: wait for Running" and "Paused: resume
    /// it"; and the first rule, "Never lose the guest's data". A failover to this node: LastOnlineNode names the node
    /// the guest last ran on (NODE-B), the guest is found Restoring here (from the current disk), and it comes up
    /// Paused. OnlineRun.WaitForRun looks again in Paused, and OnlineRun.IsStale() judges only LastOnlineNode (not
    /// that this run saw the guest restoring, as StopRun does with _sawStart), so Online turns the fresh instance off
    /// as "stale" and its memory is lost. Present before the restructuring too (GuestController.Online.cs, Bring).
    /// </summary>
    [Test]
    public void Online_GuestFoundRestoringThatComesUpPaused_IsResumedNeverTurnedOffAsStale()
    {
        // arrange
        var world = new World(GuestState.Restoring);
        world.Resource.Set(PropertyNames.LastOnlineNode, World.OtherNode);
        world.Guest.BecomesAfter(TimeSpan.FromSeconds(5), GuestState.Paused);

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Guest.WasCalled(VsCall.TurnOff), Is.False, world.Resource.Dump);
    }

    /// <summary>
    /// behaviour.md 4, Online step 2: "A guest found Turning on or Restoring is reading the disk's current files, so
    /// it is never stale"; step 3: "Saving ...: wait until saved or off, then start it. ... Saved: Startup() (restores
    /// a saved guest)". A failover to this node (LastOnlineNode names NODE-B, where the guest last ran): the guest is
    /// found Restoring here, then saved (an administrator, or Virtual Server on its way down). OnlinePolicy sees
    /// "Saving" with LastOnlineNode naming another node and takes it for a stale instance's save: Online marks it
    /// (StaleSavedStateNode), refuses to restore it, and fails 1627; the guest's only current memory state can then
    /// only be discarded. Same root as the test above (OnlineRun.IsStale ignores what this run saw). Present before the
    /// restructuring too.
    /// </summary>
    [Test]
    public void Online_GuestFoundRestoringThatIsThenSaved_RestoresThatSaveNeverMarksItStale()
    {
        // arrange
        var world = new World(GuestState.Restoring);
        world.Resource.Set(PropertyNames.LastOnlineNode, World.OtherNode);
        world.Guest.BecomesAfter(TimeSpan.FromSeconds(2), GuestState.Saving);
        world.Guest.BecomesAfter(TimeSpan.FromSeconds(4), GuestState.Saved);

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That((rc, world.Guest.State), Is.EqualTo((Win32Error.Success, GuestState.Running)), world.Resource.Dump);
    }

    /// <summary>
    /// behaviour.md 4, Online step 2: "A guest found Saving while LastOnlineNode names another node is a stale instance
    /// writing its memory: wait for Saved, never restore that saved state". The stale save is marked
    /// (StaleSavedStateNode). At the restart policy's next Online the guest reads Invalid for a moment (VMVMState 0, a
    /// state that says nothing about the saved state: Offline and Terminate wait it out as "not definite"); OnlineRun.Run
    /// forgets the mark for any state other than Saved or Saving, so the Online after that restores the stale memory
    /// over the newer disk. Present before the restructuring too (GuestController.Online.cs, Run).
    /// </summary>
    [Test]
    public void Online_StaleSaveMarked_GuestReadsInvalidForAMoment_ThatSaveIsStillNeverRestored()
    {
        // arrange: a stale instance saved here; Online refused to restore it and marked it
        var world = new World(GuestState.Saving);
        world.Resource.Set(PropertyNames.LastOnlineNode, World.OtherNode);
        world.Guest.BecomesAfter(TimeSpan.FromSeconds(3), GuestState.Saved);
        world.Require(world.OpenOnline() == Win32Error.FunctionFailed, "Online refuses the stale saved state");
        world.Require(world.Resource.Get(PropertyNames.StaleSavedStateNode).Text == World.ThisNode, "the stale save is marked");

        // the next Online finds the guest reading Invalid; it reads Saved again a second later
        world.Guest.State = GuestState.Invalid;
        world.Guest.BecomesAfter(TimeSpan.FromSeconds(1), GuestState.Saved);
        world.OpenOnline();
        world.Clock.Advance(TimeSpan.FromSeconds(60));

        // act: the restart policy's next Online
        world.OpenOnline();

        // assert
        Assert.That(world.Guest.WasCalled(VsCall.Startup), Is.False, world.Resource.Dump);
    }

    /// <summary>
    /// behaviour.md 4, IsAlive: "Before any heartbeat has been seen in this run, a heartbeat read that answers 'feature
    /// not available' means the heartbeat is not enforced (logged once)" and "Cheap: the VS connection is reused
    /// between calls and re-established after a VS restart (RPC_E_DISCONNECTED, ...)". Additions without the heartbeat
    /// feature answer VM_E_ADDITIONS_FEATURE_NOT_AVAIL: a definite answer, not "cannot tell". AliveCheck.JudgeHeartbeat
    /// treats it as a failed read first: it drops the kept guest, reconnects to Virtual Server and looks the guest up
    /// again on every IsAlive (every 60 s, for as long as the guest runs), and only then reads the answer as "not
    /// enforced". A cost fault, not a safety one. Present before the restructuring too (GuestController.JudgeHeartbeat).
    /// </summary>
    [Test]
    public void IsAlive_AdditionsWithoutTheHeartbeatFeature_ReusesTheConnection()
    {
        // arrange
        var world = World.Started();
        world.Guest.Fail(VsCall.IsHeartbeating, Fault.Failed(HResults.AdditionsFeatureNotAvailable));
        world.Clock.Advance(TimeSpan.FromSeconds(60));
        world.Require(world.IsAlive(), "IsAlive says alive: the heartbeat is not enforced");
        var reconnects = world.Server.ReconnectCount;

        // act
        for (var i = 0; i < 10; i++)
        {
            world.Clock.Advance(TimeSpan.FromSeconds(60));
            world.IsAlive();
        }

        // assert
        Assert.That(world.Server.ReconnectCount, Is.EqualTo(reconnects), world.Resource.Dump);
    }

    /// <summary>
    /// PIN (passes; the restructuring's one deliberate change, covered by a test for Terminate only). behaviour.md 4,
    /// Offline: "the service StopPending means VS is stopping its guests itself: wait for Stopped within the deadline";
    /// a service that runs again instead holds the guest again, and Offline saves it (OfflineAction 1). StopRun.Run
    /// now goes on to its rounds after StopEnds.AwaitServiceStop looks again (it returned 1627 with the guest running);
    /// the safety explorer never generates a StopPending service that runs again, so only these tests watch the path.
    /// </summary>
    [Test]
    public void Offline_ServiceStopPendingThenRunningAgain_SavesTheGuestItFinds()
    {
        // arrange
        var world = World.Started();
        world.Server.ServiceState = ServiceState.StopPending;
        world.Server.ServiceBecomesAfter(TimeSpan.FromSeconds(3), ServiceState.Running);

        // act
        var rc = world.Offline();

        // assert
        Assert.That((rc, world.Guest.State), Is.EqualTo((Win32Error.Success, GuestState.Saved)), world.Resource.Dump);
    }

    /// <summary>
    /// PIN (passes). The rule "An instance that may be stale is never saved" on the new path of the deliberate change:
    /// another node brought the guest online since (LastOnlineNode names NODE-B); Terminate finds the service
    /// StopPending, then running again with the old instance still running here. The rounds it now goes on to must
    /// judge staleness as any other round does: turn it off, never save it.
    /// </summary>
    [Test]
    public void Terminate_ServiceStopPendingThenRunningAgain_StaleInstance_TurnedOffNeverSaved()
    {
        // arrange
        var world = World.Started();
        world.Resource.Set(PropertyNames.LastOnlineNode, World.OtherNode);
        world.Server.ServiceState = ServiceState.StopPending;
        world.Server.ServiceBecomesAfter(TimeSpan.FromSeconds(3), ServiceState.Running);

        // act
        world.OpenTerminate();

        // assert
        Assert.That((world.Guest.WasCalled(VsCall.Save), world.Guest.State), Is.EqualTo((false, GuestState.TurnedOff)), world.Resource.Dump);
    }
}
