using Havm.Core.Configuration;
using Havm.Core.Lifecycle;
using Havm.Core.Model;
using Havm.Core.Ports;
using Havm.Tests.Fakes;
using Havm.Tests.Lifecycle;
using NUnit.Framework;

namespace Havm.Tests.Review;

/// <summary>
/// A second adversarial review of the lifecycle-safety code against behaviour.md v3: each test states a rule one
/// of its inputs broke (the fault's whole kind was fixed), or an important rule it probed that held.
/// </summary>
[TestFixture]
public sealed class SafetyReviewTests
{
    /// <summary>
    /// behaviour.md 4, Terminate: "Anything else, including a heartbeat never seen: save; turn off if saving is
    /// refused or impossible" and Offline: "VM_E_VM_NOT_RUNNING from Save is never by itself a success: read the
    /// state again." Save() keeps answering VM_E_VM_NOT_RUNNING while the state keeps reading Running: after reading
    /// the state again, the save was refused, so Terminate must turn the guest off (it is not saving).
    /// </summary>
    [Test]
    public void Terminate_SaveRefusedWithVmNotRunningWhileStateReadsRunning_TurnsTheGuestOff()
    {
        // arrange
        var world = World.Started();
        world.Guest.Fail(VsCall.Save, Fault.Failed(HResults.VmNotRunning));

        // act
        world.OpenTerminate();

        // assert: Terminate must leave the guest not running
        Assert.That(world.Guest.State, Is.EqualTo(GuestState.TurnedOff), world.Resource.Dump);
        Assert.That(world.Server.Violations, Is.Empty);
    }

    /// <summary>
    /// behaviour.md 4: "Online remembers the guest it found or started (its name and, where VS gives it, its
    /// configuration file) ... a VirtualMachineName changed or blanked while the resource is online ... never makes
    /// ... a stop report 'nothing to stop' while the remembered guest runs"; section 2: VirtualMachineConfigurationPath
    /// is written by Online. After a host recycle (deadlock detection) the host runs Open + Terminate in a fresh
    /// process; VirtualMachineName was blanked meanwhile, but the cluster database still holds the configuration
    /// file of the guest that runs. Terminate returns 0 "no guest to stop" and the disk moves under it.
    /// </summary>
    [Test]
    public void Terminate_FreshProcessNameBlankedButConfigurationPathKnown_StopsTheGuest()
    {
        // arrange: a recycled host process (no Online in it); the guest runs here
        var world = new World(GuestState.Running);
        world.Resource.Set(PropertyNames.VirtualMachineConfigurationPath, world.Guest.Configuration.ConfigurationFile);
        world.Resource.Set(PropertyNames.LastOnlineNode, World.ThisNode);
        world.Resource.Set(PropertyNames.VirtualMachineName, string.Empty);

        // act
        world.OpenTerminate();

        // assert
        Assert.That(world.Guest.State, Is.Not.EqualTo(GuestState.Running), world.Resource.Dump);
    }

    /// <summary>
    /// Two rules: "A save ... in progress is never cut off"; issue 7 invariant I1: "a guest OS shutdown is never
    /// issued while the guest is Saving, Turning off or Merging drives"; spec 4 Offline "Guest Saving ...: wait for
    /// it to finish". OfflineAction=2: the fresh state read just before GuestOS.Shutdown() fails (DISP_E_EXCEPTION)
    /// while an administrator's save has begun; Offline shuts the guest OS down on the strength of a state read
    /// earlier (TurnOff re-reads the state in this case; the shutdown path does not).
    /// </summary>
    [Test]
    public void Offline_ShutDownAction_StateReadFailsRightBeforeTheShutdown_NeverShutsDownASavingGuest()
    {
        // arrange
        var clock = new FakeClock();
        var server = new FakeVirtualServer(clock);
        var guest = server.AddGuest(World.GuestName, GuestState.TurnedOff);
        var resource = new FakeResource();
        resource.Set(PropertyNames.VirtualMachineName, World.GuestName);
        resource.Set(PropertyNames.OfflineAction, 2);
        var hooked = new HookedServer(server);
        var controller = new GuestController(hooked, clock);
        controller.Open(resource);
        Assert.That(controller.Online(resource), Is.EqualTo(Win32Error.Success), resource.Dump);
        hooked.Before = call =>
        {
            if (call == "ReadConfiguration")
            {
                // An administrator saves the guest from the console; the next state read fails.
                hooked.Before = null;
                guest.State = GuestState.Saving;
                guest.BecomesAfter(TimeSpan.FromSeconds(10), GuestState.Saved);
                server.Fail(VsCall.ReadState, Fault.Failed(HResults.DispException), times: 1);
            }
        };

        // act
        controller.Offline(resource);

        // assert
        Assert.That(server.Violations, Is.Empty, resource.Dump);
        Assert.That(guest.WasCalled(VsCall.ShutdownGuestOs), Is.False, resource.Dump);
    }

    /// <summary>
    /// behaviour.md 5, Termination epoch: "Online and Offline check it before every call that changes the guest ...
    /// and in every wait slice; if it changed they stop, log 'superseded by Terminate' and return
    /// ERROR_OPERATION_ABORTED (995)." A Terminate that begins during Online's last wait slice (the host's Terminate
    /// of an Online that ran out of time): Online goes on to its deadline step, writes LastOnlineNode and returns 0
    /// ("reporting online; IsAlive watches it") after the Terminate.
    /// </summary>
    [Test]
    public void Online_TerminateDuringTheLastWaitSlice_ReturnsOperationAborted()
    {
        // arrange: a slow, non-cancelable restore that progresses; OnlineTimeoutSeconds=10 (waits end at 9 s)
        var world = new World(GuestState.Saved);
        world.Resource.Set(PropertyNames.OnlineTimeoutSeconds, 10);
        world.Guest.OnStartup.NeverCompletes();
        world.Guest.OnStartup.PercentPerWait = 5;
        var start = world.Clock.Now;
        var terminate = new ConcurrentTerminate(world);
        world.Guest.OnStartup.OnWait = _ =>
        {
            if (world.Clock.Now >= start + TimeSpan.FromSeconds(9))
            {
                terminate.RunOnce();
            }
        };

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That(terminate.HasRun, Is.True, "setup: Terminate did not run");
        Assert.That(rc, Is.EqualTo(Win32Error.OperationAborted), world.Resource.Dump);
    }

    /// <summary>
    /// behaviour.md 5, Termination epoch (as above), for Offline: a Terminate that begins during Offline's last wait
    /// slice on its save task. Offline reports its own deadline (1460, "save still in progress") instead of
    /// "superseded by Terminate" and 995.
    /// </summary>
    [Test]
    public void Offline_TerminateDuringTheLastWaitSlice_ReturnsOperationAborted()
    {
        // arrange: OfflineTimeoutSeconds=10; the save runs longer than that
        var world = World.Started(w => w.Resource.Set(PropertyNames.OfflineTimeoutSeconds, 10));
        world.Guest.OnSave.NeverCompletes();
        var start = world.Clock.Now;
        var terminate = new ConcurrentTerminate(world);
        world.Guest.OnSave.OnWait = _ =>
        {
            if (world.Clock.Now >= start + TimeSpan.FromSeconds(10))
            {
                terminate.RunOnce();
            }
        };

        // act
        var rc = world.Offline();

        // assert
        Assert.That(terminate.HasRun, Is.True, "setup: Terminate did not run");
        Assert.That(rc, Is.EqualTo(Win32Error.OperationAborted), world.Resource.Dump);
    }

    /// <summary>
    /// behaviour.md 5, Log: "a line ... on every failure ... HRESULTs in hex with their name". Terminate's Save()
    /// refused eight times with VM_E_VM_NOT_RUNNING: the log says "saving guest" eight times and never names the code.
    /// </summary>
    [Test]
    public void Terminate_SaveRefusedWithVmNotRunning_LogsTheCodeInHexWithItsName()
    {
        // arrange
        var world = World.Started();
        world.Guest.Fail(VsCall.Save, Fault.Failed(HResults.VmNotRunning));

        // act
        world.OpenTerminate();

        // assert
        Assert.That(world.Resource.LinesContaining("Terminate", "VM_E_VM_NOT_RUNNING", "0xA0040206"), Is.Not.Empty, world.Resource.Dump);
    }

    /// <summary>
    /// behaviour.md 5, Log: "LooksAlive and IsAlive stay quiet while nothing changes: a line when the verdict or its
    /// reason changes ..., never one per call." HeartbeatMissesBeforeFailure=10 and a guest whose heartbeat stops:
    /// the miss counter is part of the reason, so every IsAlive writes a line (one per call for up to 100 polls at
    /// the property's maximum). Arguable: the reason text does change.
    /// </summary>
    [Test]
    public void IsAlive_RunOfHeartbeatMisses_DoesNotLogOneLinePerPoll()
    {
        // arrange
        var world = World.HeartbeatSeen(w => w.Resource.Set(PropertyNames.HeartbeatMissesBeforeFailure, 10));
        world.Guest.SetHeartbeat(0);
        var before = world.Resource.LogCount;

        // act: nine misses, all still alive
        for (var poll = 0; poll < 9; poll++)
        {
            world.Clock.Advance(TimeSpan.FromSeconds(60));
            Assert.That(world.IsAlive(), Is.True, world.Resource.Dump);
        }

        // assert: one line for the change to "missing", not nine
        Assert.That(world.Resource.LogCount - before, Is.LessThanOrEqualTo(2), world.Resource.Dump);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Probes that passed on the code reviewed.
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>
    /// Rule 1 and behaviour.md 4, Offline: "Guest ... Merging drives (whoever started it): wait for it to finish";
    /// I1. OfflineAction=2: the guest OS shuts down and Virtual Server then merges undo disks for longer than the
    /// deadline: Offline times out and never turns the guest off.
    /// </summary>
    [Test]
    public void Offline_ShutDownAction_MergeAfterShutdownOutlastsTheDeadline_NeverTurnedOff()
    {
        // arrange
        var world = World.Started(w => w.Resource.Set(PropertyNames.OfflineAction, 2));
        world.Guest.OnShutdown.StateOnSuccess = GuestState.MergingDrives;

        // act
        var rc = world.Offline();

        // assert
        Assert.That((rc, world.Guest.WasCalled(VsCall.TurnOff)), Is.EqualTo((Win32Error.Timeout, false)), world.Resource.Dump);
        Assert.That(world.Server.Violations, Is.Empty);
    }

    /// <summary>
    /// behaviour.md 4, Terminate: "Saving, Turning off, Merging drives: wait for it to finish; never turn it off",
    /// even after a heartbeat failure with AdditionsIsAliveFailureRecoveryAction=1 (turn off).
    /// </summary>
    [Test]
    public void Terminate_HeartbeatFailedGuestFoundSaving_WaitsNeverTurnsOff()
    {
        // arrange
        var world = World.HeartbeatFailed();
        world.Guest.State = GuestState.Saving;
        world.Guest.BecomesAfter(TimeSpan.FromSeconds(20), GuestState.Saved);

        // act
        var rc = world.OpenTerminate();

        // assert
        Assert.That((rc, world.Guest.State, world.Guest.WasCalled(VsCall.TurnOff)), Is.EqualTo((Win32Error.Success, GuestState.Saved, false)), world.Resource.Dump);
    }

    /// <summary>
    /// behaviour.md 5: "LooksAlive and IsAlive stay quiet while nothing changes ... never one per call"; IsAlive:
    /// "cannot tell ... log it (at most once per 5 minutes)". A flaky heartbeat read: every other poll cannot tell.
    /// </summary>
    [Test]
    public void IsAlive_HeartbeatReadFailsEveryOtherPoll_LogsAtMostOneLineAPerFiveMinutes()
    {
        // arrange
        var world = World.HeartbeatSeen();
        var before = world.Resource.LogCount;

        // act: 30 polls a minute apart, every other one failing twice (first read and the read after a reconnect)
        for (var poll = 0; poll < 30; poll++)
        {
            world.Clock.Advance(TimeSpan.FromSeconds(60));
            if (poll % 2 == 0)
            {
                world.Guest.ScriptHeartbeatPercentage(
                    VsAnswer<int>.Failed(HResults.DispException),
                    VsAnswer<int>.Failed(HResults.DispException));
            }

            Assert.That(world.IsAlive(), Is.True, world.Resource.Dump);
        }

        // assert
        Assert.That(world.Resource.LogCount - before, Is.LessThanOrEqualTo(7), world.Resource.Dump);
    }

    /// <summary>
    /// behaviour.md 4, Online step 2: a stale instance is turned off, never saved; Terminate after it (the host's
    /// answer to Online's 1) must not save it either, even when Online's turn-off failed.
    /// </summary>
    [Test]
    public void Terminate_AfterStaleOnlineWhoseTurnOffFailed_TurnsOffNeverSaves()
    {
        // arrange
        var world = new World(GuestState.Running);
        world.Guest.StaleInstance = true;
        world.Resource.Set(PropertyNames.LastOnlineNode, World.OtherNode);
        world.Guest.Fail(VsCall.TurnOff, Fault.Failed(HResults.DispException), times: 1);
        Assert.That(world.OpenOnline(), Is.EqualTo(Win32Error.InvalidFunction), world.Resource.Dump);

        // act
        world.OpenTerminate();

        // assert
        Assert.That((world.Guest.State, world.Guest.WasCalled(VsCall.Save)), Is.EqualTo((GuestState.TurnedOff, false)), world.Resource.Dump);
        Assert.That(world.Server.Violations, Is.Empty);
    }

    /// <summary>
    /// Rule 2 and behaviour.md 4, Terminate: "VS unreachable: log an error that the guest may still be running on
    /// this node", within TerminateTimeoutSeconds (plus one wait slice).
    /// </summary>
    [Test]
    public void Terminate_VirtualServerFailsEveryLookup_ReturnsByItsDeadlineWithAnErrorNamingTheNode()
    {
        // arrange
        var world = World.Started();
        world.Server.Fail(VsCall.FindGuest, Fault.Failed(HResults.DispException));
        var start = world.Clock.Now;

        // act
        var rc = world.OpenTerminate();

        // assert
        Assert.That(rc, Is.Not.EqualTo(Win32Error.Success));
        Assert.That(world.Clock.Now - start, Is.LessThanOrEqualTo(TimeSpan.FromSeconds(121)));
        Assert.That(world.Resource.LinesContaining("ERROR", World.ThisNode, "may still be running"), Is.Not.Empty, world.Resource.Dump);
    }

    /// <summary>
    /// behaviour.md 4, Offline "While it waits": "Stopped with the guest last seen Saving: the save's outcome is
    /// unknown: log an error naming the node and return 1627", also when the service passes through StopPending.
    /// </summary>
    [Test]
    public void Offline_ServiceStopPendingThenStoppedDuringTheSave_Returns1627NamingTheNode()
    {
        // arrange: the save task never completes; the service goes StopPending then Stopped
        var world = World.Started();
        world.Guest.OnSave.NeverCompletes();
        world.Server.ServiceBecomesAfter(TimeSpan.FromSeconds(5), ServiceState.StopPending);
        world.Server.ServiceBecomesAfter(TimeSpan.FromSeconds(15), ServiceState.Stopped);

        // act
        var rc = world.Offline();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.FunctionFailed), world.Resource.Dump);
        Assert.That(world.Resource.LinesContaining("ERROR", World.ThisNode), Is.Not.Empty, world.Resource.Dump);
        Assert.That(world.Guest.WasCalled(VsCall.TurnOff), Is.False);
    }

    /// <summary>IVirtualServer over the fake, with a hook before every guest call (by name) for precise interleavings.</summary>
    private sealed class HookedServer : IVirtualServer
    {
        private readonly FakeVirtualServer _inner;

        public HookedServer(FakeVirtualServer inner) => _inner = inner;

        public Action<string>? Before { get; set; }

        public bool IsConnected => _inner.IsConnected;

        public ServiceState QueryService(Deadline deadline) => _inner.QueryService(deadline);

        public ServiceStartResult StartService(Deadline deadline) => _inner.StartService(deadline);

        public VsAnswer<IGuest?> FindGuest(string name, Deadline deadline)
        {
            var found = _inner.FindGuest(name, deadline);
            return found.IsOk && found.Value is { } guest ? VsAnswer<IGuest?>.Ok(new HookedGuest(this, guest)) : found;
        }

        public VsAnswer<bool> RegisterGuest(string configurationFile, Deadline deadline, ChangeGuard guard) => _inner.RegisterGuest(configurationFile, deadline, guard);

        public VsAnswer<bool> UnregisterGuest(string name, Deadline deadline, ChangeGuard guard) => _inner.UnregisterGuest(name, deadline, guard);

        public VsAnswer<bool> RegisterNetwork(string configurationFile, Deadline deadline, ChangeGuard guard) => _inner.RegisterNetwork(configurationFile, deadline, guard);

        public VsAnswer<string[]> NetworkFiles(Deadline deadline) => _inner.NetworkFiles(deadline);

        public VsAnswer<string[]> GuestNames(Deadline deadline) => _inner.GuestNames(deadline);

        public void Reconnect() => _inner.Reconnect();

        public void Release() => _inner.Release();

        private sealed class HookedGuest : IGuest
        {
            private readonly HookedServer _server;
            private readonly IGuest _inner;

            public HookedGuest(HookedServer server, IGuest inner)
            {
                _server = server;
                _inner = inner;
            }

            public VsAnswer<GuestState> ReadState(Deadline deadline) => Hook("ReadState", () => _inner.ReadState(deadline));

            public VsAnswer<IVsTask> Startup(Deadline deadline, ChangeGuard guard) => Hook("Startup", () => _inner.Startup(deadline, guard));

            public VsAnswer<IVsTask> Save(Deadline deadline, ChangeGuard guard) => Hook("Save", () => _inner.Save(deadline, guard));

            public VsAnswer<IVsTask> TurnOff(Deadline deadline, ChangeGuard guard) => Hook("TurnOff", () => _inner.TurnOff(deadline, guard));

            public VsAnswer<IVsTask> Resume(Deadline deadline, ChangeGuard guard) => Hook("Resume", () => _inner.Resume(deadline, guard));

            public VsAnswer<IVsTask> ShutdownGuestOs(Deadline deadline, ChangeGuard guard) => Hook("ShutdownGuestOs", () => _inner.ShutdownGuestOs(deadline, guard));

            public VsAnswer<bool> DiscardSavedState(Deadline deadline, ChangeGuard guard) => Hook("DiscardSavedState", () => _inner.DiscardSavedState(deadline, guard));

            public VsAnswer<bool> IsHeartbeating(Deadline deadline) => Hook("IsHeartbeating", () => _inner.IsHeartbeating(deadline));

            public VsAnswer<int> HeartbeatPercentage(Deadline deadline) => Hook("HeartbeatPercentage", () => _inner.HeartbeatPercentage(deadline));

            public VsAnswer<GuestFiles> ReadFiles(Deadline deadline) => Hook("ReadFiles", () => _inner.ReadFiles(deadline));

            public VsAnswer<GuestConfiguration> ReadConfiguration(Deadline deadline) => Hook("ReadConfiguration", () => _inner.ReadConfiguration(deadline));

            private T Hook<T>(string call, Func<T> body)
            {
                _server.Before?.Invoke(call);
                return body();
            }
        }
    }
}
