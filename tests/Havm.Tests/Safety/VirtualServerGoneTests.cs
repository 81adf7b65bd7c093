using Havm.Core.Model;
using Havm.Tests.Fakes;
using Havm.Tests.Lifecycle;
using NUnit.Framework;

namespace Havm.Tests.Safety;

/// <summary>
/// Issue 7, kinds 5 and 7: waits notice Virtual Server going away, a stopping service is waited for, and no poll starts
/// a stopped service (the Service Control Manager is asked before <c>VirtualServer.Application</c> is created).
/// </summary>
[TestFixture]
public sealed class VirtualServerGoneTests
{
    [Test]
    public void Offline_ServiceStopsWhileTheGuestSaves_Returns1627WithAnErrorNamingTheNode()
    {
        // arrange: a save that never ends, then the service dies
        var world = World.Started();
        world.Guest.OnSave.NeverCompletes();
        world.Server.ServiceBecomesAfter(TimeSpan.FromSeconds(10), ServiceState.Stopped);

        // act
        var rc = world.Offline();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.FunctionFailed), world.Resource.Dump);
        Assert.That(world.Resource.LinesContaining("ERROR", "stopped while guest 'Guest1' was Saving", "outcome is unknown", World.ThisNode), Is.Not.Empty, world.Resource.Dump);
    }

    [Test]
    public void Offline_ServiceStopsWhileTheGuestSaves_EndsLongBeforeTheDeadline()
    {
        // arrange
        var world = World.Started();
        world.Guest.OnSave.NeverCompletes();
        world.Server.ServiceBecomesAfter(TimeSpan.FromSeconds(10), ServiceState.Stopped);
        var start = world.Clock.Now;

        // act
        world.Offline();

        // assert: it noticed within a few slices, not at OfflineTimeoutSeconds
        Assert.That(world.Clock.Now - start, Is.LessThan(TimeSpan.FromSeconds(20)));
    }

    [Test]
    public void Offline_ServiceRestartsAndGuestReadsSaved_Succeeds()
    {
        // arrange: the save finishes while Virtual Server restarts (kept objects disconnect)
        var world = World.Started();
        world.Guest.OnSave.NeverCompletes();
        var waits = 0;
        world.Guest.OnSave.OnWait = _ =>
        {
            if (++waits == 5)
            {
                world.Guest.State = GuestState.Saved;
                world.Server.RestartService();
            }
        };

        // act
        var rc = world.Offline();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.Success), world.Resource.Dump);
        Assert.That(world.Resource.LogContains("may still be running"), Is.False, world.Resource.Dump);
    }

    [Test]
    public void Terminate_ServiceStopPending_WaitsForStoppedBeforeSuccess()
    {
        // arrange: node shutdown: Virtual Server saves its guests itself for 20 s
        var world = World.Started();
        world.Guest.State = GuestState.Saving;
        world.Guest.BecomesAfter(TimeSpan.FromSeconds(20), GuestState.Saved);
        world.Server.ServiceState = ServiceState.StopPending;
        world.Server.ServiceBecomesAfter(TimeSpan.FromSeconds(21), ServiceState.Stopped);
        var start = world.Clock.Now;

        // act
        var rc = world.OpenTerminate();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.Success), world.Resource.Dump);
        Assert.That(world.Clock.Now - start, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(21)));
    }

    [Test]
    public void Terminate_ServiceStopPendingThenRunningAgain_StopsTheGuestItFinds()
    {
        // arrange: the service was stopping when Terminate looked, then runs again with the guest still running
        var world = World.Started();
        world.Server.ServiceState = ServiceState.StopPending;
        world.Server.ServiceBecomesAfter(TimeSpan.FromSeconds(3), ServiceState.Running);

        // act
        var rc = world.OpenTerminate();

        // assert: Terminate must leave it stopped (behaviour.md section 4), not return with the guest untouched
        Assert.That((rc, world.Guest.State), Is.EqualTo((Win32Error.Success, GuestState.Saved)), world.Resource.Dump);
    }

    [Test]
    public void Offline_ServiceStopPendingPastTheDeadline_TimesOutSayingVirtualServerStillWrites()
    {
        // arrange
        var world = World.Started();
        world.Server.ServiceState = ServiceState.StopPending;

        // act
        var rc = world.Offline();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.Timeout), world.Resource.Dump);
        Assert.That(world.Resource.LinesContaining("still stopping", "saved state"), Is.Not.Empty, world.Resource.Dump);
    }

    [TestCase(ServiceState.Stopped)]
    [TestCase(ServiceState.StopPending)]
    public void LooksAlive_ServiceNotRunning_NeverConnects(ServiceState service)
    {
        // arrange: a fresh connection would start the stopped service (COM activation of a local server)
        var world = World.Started();
        world.Close();
        world.Server.ActivationStartsService = true;
        world.Server.ServiceState = service;
        var mark = world.Server.Mark();

        // act
        var alive = world.LooksAlive();

        // assert
        Assert.That(alive, Is.False);
        Assert.That(world.Server.CallsSince(mark).Select(c => c.Name), Does.Not.Contain("FindGuest"));
        Assert.That(world.Server.ServiceStartsByActivation, Is.Zero);
    }

    [Test]
    public void IsAlive_ServiceStopped_NeverConnects()
    {
        // arrange
        var world = World.Started();
        world.Close();
        world.Server.ActivationStartsService = true;
        world.Server.ServiceState = ServiceState.Stopped;

        // act
        var alive = world.IsAlive();

        // assert
        Assert.That((alive, world.Server.ServiceStartsByActivation), Is.EqualTo((false, 0)));
    }

    [Test]
    public void LooksAlive_WhileConnected_DoesNotAskTheServiceControlManager()
    {
        // arrange
        var world = World.Started();
        world.LooksAlive();
        var mark = world.Server.Mark();

        // act
        world.LooksAlive();

        // assert
        Assert.That(world.Server.CallsSince(mark).Select(c => c.Name), Does.Not.Contain("QueryService"));
    }

    [Test]
    public void Open_ServiceStopped_StartsIt()
    {
        // arrange: only Open starts the service
        var world = new World(GuestState.TurnedOff);
        world.Server.ServiceState = ServiceState.Stopped;

        // act
        world.Open();

        // assert
        Assert.That(world.Server.ServiceState, Is.EqualTo(ServiceState.Running));
    }
}
