using Havm.Core.Configuration;
using Havm.Core.Model;
using Havm.Tests.Fakes;
using Havm.Tests.Lifecycle;
using NUnit.Framework;

namespace Havm.Tests.Safety;

/// <summary>
/// Issue 7, kinds 2 and 3: a refusal that does not prove saving impossible never turns the guest off in Offline, a
/// refused guest OS shutdown falls back to a save, and no stop or start is believed without reading the state.
/// </summary>
[TestFixture]
public sealed class StopRefusalTests
{
    public static IEnumerable<HResult> TransientRefusals() =>
        [HResults.VmTimedOut, HResults.AccessDenied, HResults.OutOfResource, HResults.DispException, new HResult(0x80041234u)];

    [TestCaseSource(nameof(TransientRefusals))]
    public void Offline_SaveRefusedOnce_LeavesTheGuestRunning(HResult refusal)
    {
        // arrange: Additions gone, so no shutdown could stand in either
        var world = World.Started();
        world.Guest.AdditionsAvailable = false;
        world.Guest.Fail(VsCall.Save, Fault.Failed(refusal), times: 1);

        // act
        var rc = world.Offline();

        // assert
        Assert.That(rc, Is.Not.EqualTo(Win32Error.Success), world.Resource.Dump);
        Assert.That((world.Guest.State, world.Guest.WasCalled(VsCall.TurnOff)), Is.EqualTo((GuestState.Running, false)), world.Resource.Dump);
    }

    [TestCaseSource(nameof(TransientRefusals))]
    public void Offline_SaveRefusedOnce_LogsThatTerminateRetries(HResult refusal)
    {
        // arrange
        var world = World.Started();
        world.Guest.Fail(VsCall.Save, Fault.Failed(refusal), times: 1);

        // act
        world.Offline();

        // assert
        Assert.That(world.Resource.LinesContaining("Save()", HResults.Describe(refusal), "left running on node " + World.ThisNode, "Terminate"), Is.Not.Empty, world.Resource.Dump);
    }

    [Test]
    public void Terminate_AfterOfflineSaveRefusal_SavesTheGuest()
    {
        // arrange: the host's answer to a failed Offline
        var world = World.Started();
        world.Guest.Fail(VsCall.Save, Fault.Failed(HResults.VmTimedOut), times: 1);
        world.Offline();

        // act
        var rc = world.OpenTerminate();

        // assert
        Assert.That((rc, world.Guest.State), Is.EqualTo((Win32Error.Success, GuestState.Saved)), world.Resource.Dump);
    }

    [TestCase(GuestState.Paused, 0xA0040507u)]
    [TestCase(GuestState.Running, 0x80020009u)]
    public void Offline_ShutdownRefused_SavesInsteadOfTurningOff(GuestState state, uint refusal)
    {
        // arrange: OfflineAction 2 (shut down)
        var world = World.Started(w => w.Resource.Set(PropertyNames.OfflineAction, 2));
        world.Guest.State = state;
        world.Guest.Fail(VsCall.ShutdownGuestOs, Fault.Failed(new HResult(refusal)), times: 1);

        // act
        var rc = world.Offline();

        // assert
        Assert.That((rc, world.Guest.State, world.Guest.WasCalled(VsCall.TurnOff)), Is.EqualTo((Win32Error.Success, GuestState.Saved, false)), world.Resource.Dump);
    }

    [Test]
    public void Offline_SaveTaskSucceedsButGuestStillRunning_FailsWithoutTurningOff()
    {
        // arrange: Virtual Server reports the save done, the guest still runs
        var world = World.Started();
        world.Guest.OnSave.StateOnSuccess = GuestState.Running;

        // act
        var rc = world.Offline();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.FunctionFailed), world.Resource.Dump);
        Assert.That(world.Guest.WasCalled(VsCall.TurnOff), Is.False);
    }

    [Test]
    public void Terminate_SaveTaskSucceedsButGuestStillRunning_TurnsItOff()
    {
        // arrange
        var world = World.Started();
        world.Guest.OnSave.StateOnSuccess = GuestState.Running;

        // act
        var rc = world.OpenTerminate();

        // assert
        Assert.That((rc, world.Guest.State), Is.EqualTo((Win32Error.Success, GuestState.TurnedOff)), world.Resource.Dump);
    }

    [Test]
    public void Terminate_TurnOffTaskSucceedsButGuestStillRunning_LogsAnErrorNamingTheNode()
    {
        // arrange: heartbeat failed with recovery action turn off; the turn-off does not take
        var world = World.HeartbeatFailed();
        world.Guest.OnTurnOff.StateOnSuccess = GuestState.Running;

        // act
        var rc = world.OpenTerminate();

        // assert
        Assert.That(rc, Is.Not.EqualTo(Win32Error.Success));
        Assert.That(world.Resource.LinesContaining("ERROR", "TurnOff()", World.ThisNode), Is.Not.Empty, world.Resource.Dump);
    }

    [Test]
    public void Offline_SaveTaskAheadOfTheState_WaitsForSaved()
    {
        // arrange: the task says done 3 s before the state does
        var world = World.Started();
        world.Guest.OnSave.StateLag = TimeSpan.FromSeconds(3);

        // act
        var rc = world.Offline();

        // assert
        Assert.That((rc, world.Guest.State, world.Guest.WasCalled(VsCall.TurnOff)), Is.EqualTo((Win32Error.Success, GuestState.Saved, false)), world.Resource.Dump);
    }

    [Test]
    public void Online_StartupTaskAheadOfTheState_WaitsForRunning()
    {
        // arrange: Startup reports success while the guest still reads Turning on for 5 s
        var world = new World(GuestState.TurnedOff);
        world.Guest.OnStartup.StateLag = TimeSpan.FromSeconds(5);

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That((rc, world.Guest.State), Is.EqualTo((Win32Error.Success, GuestState.Running)), world.Resource.Dump);
    }

    [Test]
    public void Terminate_UndoDisksDiscard_TurnsOffAtOnceWithoutAGuestShutdown()
    {
        // arrange
        var world = World.Started();
        world.Guest.UndoDisksDiscard = true;
        var start = world.Clock.Now;

        // act
        var rc = world.OpenTerminate();

        // assert
        Assert.That((rc, world.Guest.State, world.Guest.WasCalled(VsCall.ShutdownGuestOs)), Is.EqualTo((Win32Error.Success, GuestState.TurnedOff, false)), world.Resource.Dump);
        Assert.That(world.Clock.Now - start, Is.LessThan(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public void Terminate_SaveRefusedWhileGuestTurnsToRestoring_NeverTurnsItOff()
    {
        // arrange: Save hangs; meanwhile the guest is restoring (its saved state being read)
        var world = World.Started();
        world.Guest.Fail(VsCall.Save, Fault.TimedOut(), times: 1);
        world.Guest.BecomesAfter(TimeSpan.FromSeconds(20), GuestState.Restoring);

        // act
        world.OpenTerminate();

        // assert
        Assert.That(world.Server.Violations, Is.Empty);
        Assert.That(world.Guest.WasCalled(VsCall.TurnOff), Is.False, world.Resource.Dump);
    }
}
