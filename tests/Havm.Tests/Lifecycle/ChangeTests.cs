using Havm.Core.Configuration;
using Havm.Core.Model;
using Havm.Tests.Fakes;
using NUnit.Framework;

namespace Havm.Tests.Lifecycle;

/// <summary>One regression test (or a few) per change from Havm.vbs, behaviour.md section 6, showing the new behaviour.</summary>
[TestFixture]
public sealed class ChangeTests
{
    [Test]
    public void Change01_Online_StartupNeverCompletes_ReturnsTimeout()
    {
        // arrange
        var world = new World(GuestState.TurnedOff);
        world.Resource.Set(PropertyNames.OnlineTimeoutSeconds, 10);
        world.Guest.OnStartup.NeverCompletes();

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.Timeout), world.Resource.Dump);
    }

    [Test]
    public void Change01_Offline_SaveEndsInError_ReturnsAnError()
    {
        // arrange
        var world = World.Started();
        world.Guest.OnSave.EndsWith(TaskResult.DiskRelatedError);

        // act
        var rc = world.Offline();

        // assert
        Assert.That(rc, Is.Not.EqualTo(Win32Error.Success), world.Resource.Dump);
    }

    [Test]
    public void Change01_Online_RestoreStillProgressingAtDeadline_ReturnsSuccess()
    {
        // arrange
        var world = new World(GuestState.Saved);
        world.Resource.Set(PropertyNames.OnlineTimeoutSeconds, 10);
        world.Guest.OnStartup.NeverCompletes();
        world.Guest.OnStartup.PercentPerWait = 3;

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.Success), world.Resource.Dump);
    }

    [Test]
    public void Change02_Online_TaskNeverCompletes_ReturnsWithinDefaultOnlineTimeout()
    {
        // arrange
        var world = new World(GuestState.TurnedOff);
        world.Guest.OnStartup.NeverCompletes();
        var start = world.Clock.Now;

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Clock.Now - start, Is.LessThanOrEqualTo(TimeSpan.FromSeconds(150.5)));
    }

    [Test]
    public void Change02_Terminate_SaveNeverCompletes_ReturnsWithinDefaultTerminateTimeout()
    {
        // arrange
        var world = World.Started();
        world.Guest.OnSave.NeverCompletes();
        var start = world.Clock.Now;

        // act
        world.OpenTerminate();

        // assert
        Assert.That(world.Clock.Now - start, Is.LessThanOrEqualTo(TimeSpan.FromSeconds(120.5)));
    }

    [Test]
    public void Change03_Offline_SaveSucceeds_LogsTheGuestSavedAndNoFailure()
    {
        // arrange
        var world = World.Started();
        var before = world.Resource.LogCount;

        // act
        world.Offline();

        // assert: Havm.vbs logged "not in the started state" here; Havm.Net reports the saved guest and no failure
        var lines = world.Resource.LogSince(before);
        Assert.That(lines, Has.Some.Contains("Offline: guest 'Guest1' is Saved (2)"), world.Resource.Dump);
        Assert.That(lines, Has.None.Contains("failed").And.None.Contains("ERROR"), world.Resource.Dump);
    }

    [Test]
    public void Change03_Online_GuestReadsRunningRightAfterStartup_ReturnsSuccess()
    {
        // arrange
        var world = new World(GuestState.TurnedOff);
        world.Guest.OnStartup.CompletesAfterWaits = 0;

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.Success), world.Resource.Dump);
    }

    [Test]
    public void Change04_IsAlive_AdditionsNotAvailableAfterHeartbeatSeen_ReturnsTrue()
    {
        // arrange
        var world = World.HeartbeatSeen();
        world.Guest.AdditionsAvailable = false;
        world.Clock.Advance(TimeSpan.FromSeconds(60));

        // act
        var alive = world.IsAlive();

        // assert
        Assert.That(alive, Is.True, world.Resource.Dump);
    }

    [Test]
    public void Change04_Terminate_AfterRebootingGuestPolled_SavesInsteadOfTurningOff()
    {
        // arrange
        var world = World.HeartbeatSeen();
        world.Guest.AdditionsAvailable = false;
        world.Clock.Advance(TimeSpan.FromSeconds(60));
        world.IsAlive();
        world.Guest.AdditionsAvailable = true;
        var mark = world.Server.Mark();

        // act
        world.OpenTerminate();

        // assert
        Assert.That(world.Guest.MutationsSince(mark), Is.EqualTo(new[] { world.Guest.CallName(VsCall.Save) }));
    }

    [Test]
    public void Change05_IsAlive_OneLowHeartbeatReading_ReturnsTrue()
    {
        // arrange
        var world = World.HeartbeatSeen();
        world.Guest.ScriptHeartbeatPercentage(VsAnswer<int>.Ok(0));
        world.Clock.Advance(TimeSpan.FromSeconds(60));

        // act
        var alive = world.IsAlive();

        // assert
        Assert.That(alive, Is.True, world.Resource.Dump);
    }

    [Test]
    public void Change05_IsAlive_OneMissAllowedBySetting_ReturnsFalseAtOnce()
    {
        // arrange
        var world = World.HeartbeatSeen(w => w.Resource.Set(PropertyNames.HeartbeatMissesBeforeFailure, 1));
        world.Guest.ScriptHeartbeatPercentage(VsAnswer<int>.Ok(0));
        world.Clock.Advance(TimeSpan.FromSeconds(60));

        // act
        var alive = world.IsAlive();

        // assert
        Assert.That(alive, Is.False, world.Resource.Dump);
    }

    [TestCase(GuestState.TurnedOff)]
    [TestCase(GuestState.Saved)]
    public void Change06_IsAlive_GuestOffOrSaved_ReturnsFalse(GuestState state)
    {
        // arrange
        var world = World.Started();
        world.Guest.State = state;

        // act
        var alive = world.IsAlive();

        // assert
        Assert.That(alive, Is.False);
    }

    [Test]
    public void Change06_IsAlive_GuestNotRegisteredBeforeAnyHeartbeat_ReturnsFalse()
    {
        // arrange
        var world = World.Started();
        world.Server.RemoveGuest(World.GuestName);

        // act
        var alive = world.IsAlive();

        // assert
        Assert.That(alive, Is.False);
    }

    [Test]
    public void Change06_IsAlive_ServiceStopped_ReturnsFalse()
    {
        // arrange
        var world = World.Started();
        world.Server.ServiceState = ServiceState.Stopped;

        // act
        var alive = world.IsAlive();

        // assert
        Assert.That(alive, Is.False);
    }

    [Test]
    public void Change06_IsAlive_HeartbeatReadFailsAfterSeen_ReturnsTrueWhileItCannotTell()
    {
        // arrange
        var world = World.HeartbeatSeen();
        world.Guest.Fail(VsCall.HeartbeatPercentage, Fault.Failed(HResults.DispException));
        world.Guest.Fail(VsCall.IsHeartbeating, Fault.Failed(HResults.DispException));
        world.Clock.Advance(TimeSpan.FromSeconds(60));

        // act
        var alive = world.IsAlive();

        // assert
        Assert.That(alive, Is.True, world.Resource.Dump);
    }

    [Test]
    public void Change07_Terminate_NoHeartbeatEverSeen_LeavesTheGuestStopped()
    {
        // arrange
        var world = World.Started();

        // act
        world.OpenTerminate();

        // assert
        Assert.That(world.Guest.State, Is.EqualTo(GuestState.Saved));
    }

    [Test]
    public void Change07_Terminate_HeartbeatSeenAndGuestSaving_NeverTurnsItOff()
    {
        // arrange
        var world = World.HeartbeatSeen();
        world.Put(GuestState.Saving, GuestState.Saved);

        // act
        world.OpenTerminate();

        // assert
        Assert.That(world.Guest.WasCalled(VsCall.TurnOff), Is.False);
    }

    [Test]
    public void Change07_Terminate_HeartbeatSeenButHealthy_SavesInsteadOfTurningOff()
    {
        // arrange
        var world = World.HeartbeatSeen();
        var mark = world.Server.Mark();

        // act
        world.OpenTerminate();

        // assert
        Assert.That(world.Guest.MutationsSince(mark), Is.EqualTo(new[] { world.Guest.CallName(VsCall.Save) }));
    }

    [TestCase(GuestState.Paused)]
    [TestCase(GuestState.Saving)]
    public void Change08_IsAlive_AdminPausedOrSaving_ReturnsTrue(GuestState state)
    {
        // arrange
        var world = World.HeartbeatSeen();
        world.Guest.State = state;

        // act
        var alive = world.IsAlive();

        // assert
        Assert.That(alive, Is.True);
    }

    [Test]
    public void Change08_LooksAlive_GuestTurnedOff_ReturnsFalse()
    {
        // arrange
        var world = World.Started();
        world.Guest.State = GuestState.TurnedOff;

        // act
        var alive = world.LooksAlive();

        // assert
        Assert.That(alive, Is.False);
    }

    [Test]
    public void Change09_Online_GuestPaused_ResumesIt()
    {
        // arrange
        var world = new World(GuestState.Paused);

        // act
        var rc = world.OpenOnline();

        // assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rc, Is.EqualTo(Win32Error.Success), world.Resource.Dump);
            Assert.That(world.Guest.WasCalled(VsCall.Resume), Is.True);
        }
    }

    [Test]
    public void Change09_Online_GuestSaving_WaitsThenStartsIt()
    {
        // arrange
        var world = new World(GuestState.Saving);
        world.Guest.BecomesAfter(TimeSpan.FromSeconds(20), GuestState.Saved);

        // act
        var rc = world.OpenOnline();

        // assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rc, Is.EqualTo(Win32Error.Success), world.Resource.Dump);
            Assert.That(world.Guest.State, Is.EqualTo(GuestState.Running));
        }
    }

    [Test]
    public void Change09_Online_StaleInstance_IsTurnedOffNotSaved()
    {
        // arrange
        var world = new World(GuestState.Running);
        world.Resource.Set(PropertyNames.LastOnlineNode, World.OtherNode);

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Guest.MutationsSince(0), Is.EqualTo(new[] { world.Guest.CallName(VsCall.TurnOff) }));
    }

    [Test]
    public void Change09_Online_UnknownGuest_ReturnsNotFound()
    {
        // arrange
        var world = new World();
        world.Resource.Set(PropertyNames.VirtualMachineName, "Misspelled");

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.NotFound));
    }

    [TestCase(ServiceStartBehaviour.Fails)]
    [TestCase(ServiceStartBehaviour.StaysStopped)]
    public void Change10_Open_ServiceCannotStart_ReturnsSuccess(ServiceStartBehaviour start)
    {
        // arrange
        var world = new World();
        world.Server.ServiceState = ServiceState.Stopped;
        world.Server.StartBehaviour = start;

        // act
        var rc = world.Open();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.Success));
    }

    [Test]
    public void Change10_Online_AfterServiceCouldNotStart_ReportsIt()
    {
        // arrange
        var world = new World();
        world.Server.ServiceState = ServiceState.Stopped;
        world.Server.StartBehaviour = ServiceStartBehaviour.StaysStopped;
        world.Open();

        // act
        var rc = world.Controller.Online(world.Resource);

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.ServiceNotActive), world.Resource.Dump);
    }

    [TestCase(PropertyNames.AdditionsIsAliveHeartbeatThreshold)]
    [TestCase(PropertyNames.HeartbeatMissesBeforeFailure)]
    [TestCase(PropertyNames.OnlineTimeoutSeconds)]
    [TestCase(PropertyNames.OfflineTimeoutSeconds)]
    [TestCase(PropertyNames.TerminateTimeoutSeconds)]
    [TestCase(PropertyNames.OfflineAction)]
    [TestCase(PropertyNames.DiscardUnrestorableSavedState)]
    public void Change11_WholeLifecycle_NeverWritesTheNewProperties(string name)
    {
        // arrange
        var world = World.HeartbeatSeen();

        // act
        world.Offline();
        world.Close();
        world.OpenOnline();
        world.OpenTerminate();
        world.Close();

        // assert
        Assert.That(world.Resource.PropertyExists(name), Is.False);
    }

    [Test]
    public void Change11_OfflineActionProperty_ChangesWhatOfflineDoes()
    {
        // arrange
        var world = World.Started();
        world.Resource.Set(PropertyNames.OfflineAction, 0);

        // act
        world.Offline();

        // assert
        Assert.That(world.Guest.State, Is.EqualTo(GuestState.TurnedOff));
    }

    [TestCase(0)]
    [TestCase(2)]
    [TestCase(-1)]
    public void Change12_IsAlive_UseAdditionsIsAliveOtherThanOne_TurnsTheHeartbeatOff(int value)
    {
        // arrange
        var world = World.HeartbeatSeen(w => w.Resource.Set(PropertyNames.UseAdditionsIsAlive, value));
        world.Guest.SetHeartbeat(0);
        for (var i = 0; i < 4; i++)
        {
            world.Clock.Advance(TimeSpan.FromSeconds(60));
            world.IsAlive();
        }

        // act
        var alive = world.IsAlive();

        // assert
        Assert.That(alive, Is.True, world.Resource.Dump);
    }

    [TestCase(2)]
    [TestCase(5)]
    public void Change12_Terminate_RecoveryActionOtherThanZero_TurnsOff(int value)
    {
        // arrange
        var world = World.HeartbeatFailed(w => w.Resource.Set(PropertyNames.AdditionsIsAliveFailureRecoveryAction, value));
        var mark = world.Server.Mark();

        // act
        world.OpenTerminate();

        // assert
        Assert.That(world.Guest.MutationsSince(mark), Is.EqualTo(new[] { world.Guest.CallName(VsCall.TurnOff) }));
    }

    [Test]
    public void Change12_UnusualRecoveryAction_IsWarnedAbout()
    {
        // arrange
        var world = new World();
        world.Resource.Set(PropertyNames.AdditionsIsAliveFailureRecoveryAction, 5);

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Resource.LogContains(PropertyNames.AdditionsIsAliveFailureRecoveryAction), Is.True, world.Resource.Dump);
    }
}
