using Havm.Core.Configuration;
using Havm.Core.Lifecycle;
using Havm.Core.Model;
using Havm.Tests.Fakes;
using Havm.Tests.Lifecycle;
using NUnit.Framework;

namespace Havm.Tests.Review;

/// <summary>Review: Offline and Terminate against behaviour.md v3, section 4 (Offline, Terminate) and the two rules.</summary>
[TestFixture]
public sealed class StopReviewTests
{
    /// <summary>
    /// behaviour.md 4, Offline: "Check the task's result, then read the state" and "A guest OS shutdown that was
    /// refused falls back to a save, never to a turn-off." The Additions accept GuestOS.Shutdown() but its task ends
    /// with an error (the guest OS refused): the guest keeps running and must be saved, not turned off ~120 s later.
    /// </summary>
    [Test]
    public void Offline_ShutDownAction_GuestOsShutdownTaskFails_FallsBackToSaveNeverTurnsOff()
    {
        // arrange
        var world = World.Started();
        world.Resource.Set(PropertyNames.OfflineAction, 2);
        world.Guest.OnShutdown.EndsWith(TaskResult.UnexpectedError);
        var mark = world.Server.Mark();

        // act
        var rc = world.Offline();

        // assert
        Assert.That(
            (rc, world.Guest.State, world.Guest.MutationsSince(mark).Contains(world.Guest.CallName(VsCall.TurnOff))),
            Is.EqualTo((Win32Error.Success, GuestState.Saved, false)),
            world.Resource.Dump);
    }

    /// <summary>
    /// behaviour.md 4, Terminate: "Leave the guest not running, within TerminateTimeoutSeconds", and IsAlive: "A hung
    /// or flaky VS must not trigger a failover that Terminate could not complete". Two failed lookups (one on a fresh
    /// connection) in the first milliseconds of a 120 s budget make Terminate give up with the guest Running; its own
    /// waits treat the same "cannot tell" as transient and keep trying until the deadline.
    /// </summary>
    [Test]
    public void Terminate_TransientLookupFailure_KeepsTryingWithinItsDeadlineAndStopsTheGuest()
    {
        // arrange
        var world = World.Started();
        world.Server.Fail(VsCall.FindGuest, Fault.Failed(HResults.DispException), times: 2);

        // act
        var rc = world.OpenTerminate();

        // assert
        Assert.That((rc, world.Guest.State), Is.EqualTo((Win32Error.Success, GuestState.Saved)), world.Resource.Dump);
    }

    /// <summary>
    /// behaviour.md 4, Online step 2: "A guest found Turning on or Restoring is reading the disk's current files, so
    /// it is never stale"; Terminate: "Turning on or Restoring: cancel the task if it is cancelable ...; otherwise wait
    /// within the deadline, then save." After a host recycle (no Online in this process) Terminate finds the guest
    /// Restoring with LastOnlineNode naming the node it came from, waits for it to run, and then turns it off as
    /// "stale": the memory state just restored (the only copy: the saved state was consumed) is lost.
    /// </summary>
    [Test]
    public void Terminate_AfterHostRecycle_GuestFoundRestoring_IsNeverStale_SavedNotTurnedOff()
    {
        // arrange: a new controller is a recycled host process (README, "Where a resource's memory lives")
        var world = new World(GuestState.Restoring);
        world.Resource.Set(PropertyNames.LastOnlineNode, World.OtherNode);
        world.Guest.BecomesAfter(TimeSpan.FromSeconds(5), GuestState.Running);

        // act
        var rc = world.OpenTerminate();

        // assert
        Assert.That(
            (rc, world.Guest.State, world.Guest.WasCalled(VsCall.TurnOff)),
            Is.EqualTo((Win32Error.Success, GuestState.Saved, false)),
            world.Resource.Dump);
    }

    /// <summary>
    /// behaviour.md 4, Offline: "only Saved, Turned off or not registered is a success". A guest whose state reads
    /// Invalid (0) is none of these, yet Offline returns 0 at once and the host moves the disk.
    /// </summary>
    [Test]
    public void Offline_GuestReadsInvalid_IsNotASuccess()
    {
        // arrange
        var world = World.Started();
        world.Guest.State = GuestState.Invalid;

        // act
        var rc = world.Offline();

        // assert
        Assert.That(rc, Is.Not.EqualTo(Win32Error.Success), world.Resource.Dump);
    }

    /// <summary>
    /// behaviour.md 1: "a failure to stop the guest is logged as an error naming the node"; 4, Terminate: "VS
    /// unreachable: log an error that the guest may still be running on this node." The service is StopPending, then
    /// runs again, but Virtual Server cannot be read: Terminate returns 1627 and logs "... is not running here", a
    /// fact it does not know, with no error naming the node.
    /// </summary>
    [Test]
    public void Terminate_ServiceBackFromStopPendingButVsUnreadable_LogsErrorThatTheGuestMayStillRun()
    {
        // arrange
        var world = World.Started();
        world.Server.Fail(VsCall.FindGuest, Fault.Failed(HResults.DispException));
        world.Server.ServiceState = ServiceState.StopPending;
        world.Server.ServiceBecomesAfter(TimeSpan.FromSeconds(3), ServiceState.Running);
        var mark = world.Resource.LogCount;

        // act
        var rc = world.OpenTerminate();

        // assert
        var lines = world.Resource.LogSince(mark);
        Assert.That(
            (rc != Win32Error.Success, lines.Any(l => l.Contains("ERROR", StringComparison.Ordinal) && l.Contains(World.ThisNode, StringComparison.Ordinal)
                && l.Contains("may still be running", StringComparison.Ordinal)),
             lines.Any(l => l.Contains("is not running here", StringComparison.Ordinal))),
            Is.EqualTo((true, true, false)),
            world.Resource.Dump);
    }
}
