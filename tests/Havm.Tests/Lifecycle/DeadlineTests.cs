using Havm.Core.Configuration;
using Havm.Core.Model;
using Havm.Tests.Fakes;
using NUnit.Framework;

namespace Havm.Tests.Lifecycle;

/// <summary>"Never block the host": every entry point returns within its own deadline (behaviour.md sections 2, 4, 5).</summary>
[TestFixture]
public sealed class DeadlineTests
{
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(1);

    [TestCase(GuestState.TurnedOff)]
    [TestCase(GuestState.Saved)]
    public void Online_TaskNeverCompletesWithoutProgress_ReturnsTimeout(GuestState state)
    {
        // arrange
        var world = new World(state);
        world.Resource.Set(PropertyNames.OnlineTimeoutSeconds, 10);
        world.Guest.OnStartup.NeverCompletes();

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.Timeout), world.Resource.Dump);
    }

    [Test]
    public void Online_TaskNeverCompletes_ReturnsAtOnlineTimeoutSeconds()
    {
        // arrange
        var world = new World(GuestState.TurnedOff);
        world.Resource.Set(PropertyNames.OnlineTimeoutSeconds, 10);
        world.Guest.OnStartup.NeverCompletes();
        var start = world.Clock.Now;

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Clock.Now - start, Is.InRange(TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(10) + Slack));
    }

    [Test]
    public void Online_Timeout_SaysToRaiseOnlineTimeoutSecondsAndPendingTimeoutTogether()
    {
        // arrange
        var world = new World(GuestState.TurnedOff);
        world.Resource.Set(PropertyNames.OnlineTimeoutSeconds, 10);
        world.Guest.OnStartup.NeverCompletes();

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Resource.LogContains(PropertyNames.OnlineTimeoutSeconds, "PendingTimeout"), Is.True, world.Resource.Dump);
    }

    [TestCase(GuestState.TurnedOff)]
    [TestCase(GuestState.Saved)]
    public void Online_StartStillProgressingAtDeadline_ReturnsSuccess(GuestState state)
    {
        // arrange
        var world = new World(state);
        world.Resource.Set(PropertyNames.OnlineTimeoutSeconds, 10);
        world.Guest.OnStartup.NeverCompletes();
        world.Guest.OnStartup.PercentPerWait = 4;

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.Success), world.Resource.Dump);
    }

    [Test]
    public void Online_StartStillProgressingAtDeadline_LogsThatIsAliveWatchesIt()
    {
        // arrange
        var world = new World(GuestState.Saved);
        world.Resource.Set(PropertyNames.OnlineTimeoutSeconds, 10);
        world.Guest.OnStartup.NeverCompletes();
        world.Guest.OnStartup.PercentPerWait = 4;

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Resource.LogContains(LogPhrases.IsAliveWatches), Is.True, world.Resource.Dump);
    }

    [Test]
    public void Online_StartStillProgressingAtDeadline_IsAliveKeepsSayingAlive()
    {
        // arrange
        var world = new World(GuestState.Saved);
        world.Resource.Set(PropertyNames.OnlineTimeoutSeconds, 10);
        world.Guest.OnStartup.NeverCompletes();
        world.Guest.OnStartup.PercentPerWait = 4;
        world.OpenOnline();

        // act
        var alive = world.IsAlive();

        // assert
        Assert.That(alive, Is.True, world.Resource.Dump);
    }

    [Test]
    public void Online_ProgressOfTheTaskCannotBeRead_ReturnsAnError()
    {
        // arrange
        var world = new World(GuestState.Saved);
        world.Resource.Set(PropertyNames.OnlineTimeoutSeconds, 10);
        world.Guest.OnStartup.NeverCompletes();
        world.Guest.OnStartup.PercentPerWait = 4;
        world.Guest.Fail(VsCall.TaskReadStatus, Fault.Failed(HResults.DispException));

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That(rc, Is.Not.EqualTo(Win32Error.Success), world.Resource.Dump);
    }

    [Test]
    public void Online_GuestTurningOnWithoutOurTaskNeverRuns_ReturnsTimeout()
    {
        // arrange
        var world = new World(GuestState.TurningOn);
        world.Resource.Set(PropertyNames.OnlineTimeoutSeconds, 10);

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.Timeout), world.Resource.Dump);
    }

    [TestCase(GuestState.Saving)]
    [TestCase(GuestState.MergingDrives)]
    [TestCase(GuestState.TurningOff)]
    public void Online_GuestBusyPastTheDeadline_ReturnsTimeoutWithoutStarting(GuestState state)
    {
        // arrange
        var world = new World(state);
        world.Resource.Set(PropertyNames.OnlineTimeoutSeconds, 10);

        // act
        var rc = world.OpenOnline();

        // assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rc, Is.EqualTo(Win32Error.Timeout), world.Resource.Dump);
            Assert.That(world.Guest.MutationsSince(0), Is.Empty);
        }
    }

    [Test]
    public void Online_DeadlineCoversOpenAndOnlineTogether()
    {
        // arrange
        var world = new World(GuestState.TurnedOff);
        world.Resource.Set(PropertyNames.OnlineTimeoutSeconds, 10);
        world.Guest.OnStartup.NeverCompletes();
        world.Server.ServiceState = ServiceState.Stopped;
        world.Server.StartServiceDuration = TimeSpan.FromSeconds(8);
        var start = world.Clock.Now;

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Clock.Now - start, Is.LessThanOrEqualTo(TimeSpan.FromSeconds(10) + Slack));
    }

    [Test]
    public void Offline_SaveNeverCompletes_ReturnsAtOfflineTimeoutSeconds()
    {
        // arrange
        var world = World.Started();
        world.Resource.Set(PropertyNames.OfflineTimeoutSeconds, 10);
        world.Guest.OnSave.NeverCompletes();
        var start = world.Clock.Now;

        // act
        world.Offline();

        // assert
        Assert.That(world.Clock.Now - start, Is.InRange(TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(10) + Slack));
    }

    [TestCase(0)]
    [TestCase(2)]
    public void Offline_TurnOffOrShutdownNeverCompletes_ReturnsTimeout(int action)
    {
        // arrange
        var world = World.Started();
        world.Resource.Set(PropertyNames.OfflineAction, action);
        world.Resource.Set(PropertyNames.OfflineTimeoutSeconds, 60);
        world.Guest.OnTurnOff.NeverCompletes();
        world.Guest.OnShutdown.NeverCompletes();

        // act
        var rc = world.Offline();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.Timeout), world.Resource.Dump);
    }

    [Test]
    public void Offline_DefaultTimeout_Is150Seconds()
    {
        // arrange
        var world = World.Started();
        world.Guest.OnSave.NeverCompletes();
        var start = world.Clock.Now;

        // act
        world.Offline();

        // assert
        Assert.That(world.Clock.Now - start, Is.InRange(TimeSpan.FromSeconds(149), TimeSpan.FromSeconds(150) + Slack));
    }

    [Test]
    public void Terminate_SaveNeverCompletes_ReturnsAtTerminateTimeoutSeconds()
    {
        // arrange
        var world = World.Started();
        world.Resource.Set(PropertyNames.TerminateTimeoutSeconds, 10);
        world.Guest.OnSave.NeverCompletes();
        var start = world.Clock.Now;

        // act
        world.OpenTerminate();

        // assert
        Assert.That(world.Clock.Now - start, Is.InRange(TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(10) + Slack));
    }

    [Test]
    public void Terminate_TurnOffNeverCompletes_ReturnsTimeout()
    {
        // arrange
        var world = World.HeartbeatFailed();
        world.Resource.Set(PropertyNames.TerminateTimeoutSeconds, 10);
        world.Guest.OnTurnOff.NeverCompletes();

        // act
        var rc = world.OpenTerminate();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.Timeout), world.Resource.Dump);
    }

    [Test]
    public void Terminate_VirtualServerHangs_ReturnsWithinTerminateTimeoutSeconds()
    {
        // arrange
        var world = World.Started();
        world.Resource.Set(PropertyNames.TerminateTimeoutSeconds, 10);
        world.Server.Fail(VsCall.ReadState, Fault.TimedOut());
        world.Server.Fail(VsCall.FindGuest, Fault.TimedOut());
        var start = world.Clock.Now;

        // act
        world.OpenTerminate();

        // assert
        Assert.That(world.Clock.Now - start, Is.LessThanOrEqualTo(TimeSpan.FromSeconds(10) + Slack));
    }

    [Test]
    public void Online_VirtualServerHangs_ReturnsWithinOnlineTimeoutSeconds()
    {
        // arrange
        var world = new World(GuestState.TurnedOff);
        world.Resource.Set(PropertyNames.OnlineTimeoutSeconds, 10);
        world.Server.Fail(VsCall.FindGuest, Fault.TimedOut());
        var start = world.Clock.Now;

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Clock.Now - start, Is.LessThanOrEqualTo(TimeSpan.FromSeconds(10) + Slack));
    }

    [Test]
    public void Offline_VirtualServerHangs_ReturnsWithinOfflineTimeoutSeconds()
    {
        // arrange
        var world = World.Started();
        world.Resource.Set(PropertyNames.OfflineTimeoutSeconds, 10);
        world.Server.Fail(VsCall.ReadState, Fault.TimedOut());
        world.Server.Fail(VsCall.Save, Fault.TimedOut());
        var start = world.Clock.Now;

        // act
        world.Offline();

        // assert
        Assert.That(world.Clock.Now - start, Is.LessThanOrEqualTo(TimeSpan.FromSeconds(10) + Slack));
    }

    [Test]
    public void Offline_TaskWaits_UseSlicesOfAtMostOneSecond()
    {
        // arrange
        var world = World.Started();
        world.Resource.Set(PropertyNames.OfflineTimeoutSeconds, 10);
        world.Guest.OnSave.NeverCompletes();

        // act
        world.Offline();

        // assert
        Assert.That(world.Guest.LastTask(VsCall.Save)!.LongestSlice, Is.LessThanOrEqualTo(TimeSpan.FromSeconds(1)));
    }
}
