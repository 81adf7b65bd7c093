using Havm.Core.Configuration;
using Havm.Core.Model;
using Havm.Tests.Fakes;
using NUnit.Framework;

namespace Havm.Tests.Lifecycle;

/// <summary>What the controller learned before Terminate.</summary>
public enum Learned
{
    /// <summary>Online started the guest; no heartbeat read yet.</summary>
    StartedNoHeartbeat,
    /// <summary>Online started the guest; IsAlive saw it heartbeating (healthy).</summary>
    HeartbeatSeen,
    /// <summary>IsAlive declared a heartbeat failure (AdditionsIsAliveFailureRecoveryAction default 1: turn off).</summary>
    HeartbeatFailed,
    /// <summary>A heartbeat failure with AdditionsIsAliveFailureRecoveryAction=0 (save).</summary>
    HeartbeatFailedSaveAction,
    /// <summary>Online found the guest already running (returned 1).</summary>
    FoundRunningAtOnline,
}

/// <summary>Terminate (behaviour.md section 4, Terminate): leave the guest not running, never cut off a save.</summary>
[TestFixture]
public sealed class TerminateTests
{
    /// <summary>What was learned, the state at Terminate (null: not registered) and what it becomes 5 s later, calls made, never made, final state.</summary>
    public static IEnumerable<TestCaseData> DecisionTable()
    {
        foreach (var learned in new[] { Learned.StartedNoHeartbeat, Learned.HeartbeatSeen, Learned.FoundRunningAtOnline })
        {
            yield return Row(learned, GuestState.Running, null, [VsCall.Save], [VsCall.TurnOff], GuestState.Saved);
        }

        yield return Row(Learned.HeartbeatFailed, GuestState.Running, null, [VsCall.TurnOff], [VsCall.Save], GuestState.TurnedOff);
        yield return Row(Learned.HeartbeatFailedSaveAction, GuestState.Running, null, [VsCall.Save], [VsCall.TurnOff], GuestState.Saved);
        yield return Row(Learned.StartedNoHeartbeat, GuestState.Paused, null, [VsCall.Save], [VsCall.TurnOff], GuestState.Saved);
        yield return Row(Learned.StartedNoHeartbeat, GuestState.TurningOn, GuestState.Running, [VsCall.Save], [VsCall.TurnOff], GuestState.Saved);
        yield return Row(Learned.StartedNoHeartbeat, GuestState.Restoring, GuestState.Running, [VsCall.Save], [VsCall.TurnOff], GuestState.Saved);
        foreach (var learned in Enum.GetValues<Learned>())
        {
            yield return Row(learned, GuestState.Saving, GuestState.Saved, [], [VsCall.TurnOff, VsCall.Startup], GuestState.Saved);
            yield return Row(learned, GuestState.MergingDrives, GuestState.TurnedOff, [], [VsCall.TurnOff, VsCall.Startup], GuestState.TurnedOff);
            yield return Row(learned, GuestState.TurningOff, GuestState.TurnedOff, [], [VsCall.Save, VsCall.Startup], GuestState.TurnedOff);
            yield return Row(learned, GuestState.TurnedOff, null, [], [VsCall.TurnOff, VsCall.Startup], GuestState.TurnedOff);
            yield return Row(learned, GuestState.Saved, null, [], [VsCall.TurnOff, VsCall.Startup], GuestState.Saved);
            yield return Row(learned, null, null, [], [VsCall.TurnOff, VsCall.Save, VsCall.Startup], null);
        }
    }

    [TestCaseSource(nameof(DecisionTable))]
    public void Terminate_GuestInState_ReturnsSuccess(Learned learned, GuestState? state, GuestState? becomes, VsCall[] made, VsCall[] never, GuestState? final)
    {
        // arrange
        var world = Arrange(learned, state, becomes);

        // act
        var rc = world.OpenTerminate();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.Success), world.Resource.Dump);
    }

    [TestCaseSource(nameof(DecisionTable))]
    public void Terminate_GuestInState_MakesTableCalls(Learned learned, GuestState? state, GuestState? becomes, VsCall[] made, VsCall[] never, GuestState? final)
    {
        // arrange
        var world = Arrange(learned, state, becomes);
        var mark = world.Server.Mark();

        // act
        world.OpenTerminate();

        // assert
        var calls = world.Server.CallsSince(mark).Select(c => c.Name).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(made.Where(c => !calls.Contains(world.Guest.CallName(c))), Is.Empty, "calls that should have been made");
            Assert.That(never.Where(c => calls.Contains(world.Guest.CallName(c))), Is.Empty, "calls that must not be made");
        }
    }

    /// <summary>The rows that name a final state (a guest that is not registered has none).</summary>
    public static IEnumerable<TestCaseData> DecisionTableWithFinalState() =>
        DecisionTable().Where(row => row.Arguments[^1] is not null);

    [TestCaseSource(nameof(DecisionTableWithFinalState))]
    public void Terminate_GuestInState_LeavesTableState(Learned learned, GuestState? state, GuestState? becomes, VsCall[] made, VsCall[] never, GuestState? final)
    {
        // arrange
        var world = Arrange(learned, state, becomes);

        // act
        world.OpenTerminate();

        // assert
        Assert.That(world.Guest.State, Is.EqualTo(final));
    }

    [TestCase(0, VsCall.Save)]
    [TestCase(1, VsCall.TurnOff)]
    [TestCase(2, VsCall.TurnOff)]
    [TestCase(-1, VsCall.TurnOff)]
    public void Terminate_AfterHeartbeatFailure_FollowsRecoveryAction(int action, VsCall expected)
    {
        // arrange
        var world = World.HeartbeatFailed(w => w.Resource.Set(PropertyNames.AdditionsIsAliveFailureRecoveryAction, action));
        var mark = world.Server.Mark();

        // act
        world.OpenTerminate();

        // assert
        Assert.That(world.Guest.MutationsSince(mark), Is.EqualTo(new[] { world.Guest.CallName(expected) }), world.Resource.Dump);
    }

    [Test]
    public void Terminate_SaveRefusedUndoDisksDiscard_TurnsOff()
    {
        // arrange
        var world = World.Started(w => w.Guest.UndoDisksDiscard = true);

        // act
        var rc = world.OpenTerminate();

        // assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rc, Is.EqualTo(Win32Error.Success), world.Resource.Dump);
            Assert.That(world.Guest.State, Is.EqualTo(GuestState.TurnedOff));
        }
    }

    [TestCase(GuestState.TurnedOff)]
    [TestCase(GuestState.Saved)]
    public void Terminate_PendingCancelableStartFromOnline_CancelsIt(GuestState before)
    {
        // arrange
        var world = WithPendingStart(before, cancelable: true);

        // act
        world.OpenTerminate();

        // assert
        Assert.That(world.Guest.LastTask(VsCall.Startup)!.WasCancelled, Is.True, world.Resource.Dump);
    }

    [TestCase(GuestState.TurnedOff)]
    [TestCase(GuestState.Saved)]
    public void Terminate_PendingCancelableStartFromOnline_LeavesGuestAsBeforeWithoutSaveOrTurnOff(GuestState before)
    {
        // arrange
        var world = WithPendingStart(before, cancelable: true);
        var mark = world.Server.Mark();

        // act
        var rc = world.OpenTerminate();

        // assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rc, Is.EqualTo(Win32Error.Success), world.Resource.Dump);
            Assert.That(world.Guest.State, Is.EqualTo(before));
            Assert.That(world.Guest.MutationsSince(mark), Is.Empty);
        }
    }

    [Test]
    public void Terminate_PendingStartNotCancelable_WaitsForItThenSaves()
    {
        // arrange
        var world = new World(GuestState.Saved);
        world.Resource.Set(PropertyNames.OnlineTimeoutSeconds, 10);
        world.Guest.OnStartup.NeverCompletes();
        world.Guest.OnStartup.CompletesAfter = TimeSpan.FromSeconds(30);
        world.OpenOnline();
        var mark = world.Server.Mark();

        // act
        var rc = world.OpenTerminate();

        // assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rc, Is.EqualTo(Win32Error.Success), world.Resource.Dump);
            Assert.That(world.Guest.MutationsSince(mark), Is.EqualTo(new[] { world.Guest.CallName(VsCall.Save) }));
            Assert.That(world.Guest.State, Is.EqualTo(GuestState.Saved));
        }
    }

    public static IEnumerable<TestCaseData> Unreachable() =>
    [
        new TestCaseData(VsCall.FindGuest, Fault.TimedOut()).SetArgDisplayNames("FindGuest", "TimedOut"),
        new TestCaseData(VsCall.FindGuest, Fault.Failed(HResults.RpcServerUnavailable)).SetArgDisplayNames("FindGuest", "RPC_S_SERVER_UNAVAILABLE"),
        new TestCaseData(VsCall.ReadState, Fault.TimedOut()).SetArgDisplayNames("ReadState", "TimedOut"),
        new TestCaseData(VsCall.ReadState, Fault.Failed(HResults.RpcDisconnected)).SetArgDisplayNames("ReadState", "RPC_E_DISCONNECTED"),
    ];

    [TestCaseSource(nameof(Unreachable))]
    public void Terminate_VirtualServerUnreachable_LogsGuestMayStillRunOnThisNode(VsCall call, Fault fault)
    {
        // arrange
        var world = World.Started();
        world.Server.Fail(call, fault);

        // act
        world.OpenTerminate();

        // assert
        Assert.That(world.Resource.LogContains(LogPhrases.MayStillBeRunningOnNode + " " + World.ThisNode), Is.True, world.Resource.Dump);
    }

    [TestCaseSource(nameof(Unreachable))]
    public void Terminate_VirtualServerUnreachable_ReturnsAnError(VsCall call, Fault fault)
    {
        // arrange
        var world = World.Started();
        world.Server.Fail(call, fault);

        // act
        var rc = world.OpenTerminate();

        // assert
        Assert.That(rc, Is.Not.EqualTo(Win32Error.Success), world.Resource.Dump);
    }

    [Test]
    public void Terminate_NodeNameInUnreachableLine_IsTheCallingNode()
    {
        // arrange
        var world = World.Started();
        world.Resource.NodeName = "NODE-Q";
        world.Server.Fail(VsCall.FindGuest, Fault.TimedOut());

        // act
        world.OpenTerminate();

        // assert
        Assert.That(world.Resource.LogContains(LogPhrases.MayStillBeRunningOnNode + " NODE-Q"), Is.True, world.Resource.Dump);
    }

    [Test]
    public void Terminate_ServiceStopped_ReturnsSuccess()
    {
        // arrange
        var world = World.Started();
        world.Server.ServiceState = ServiceState.Stopped;
        world.Server.StartBehaviour = ServiceStartBehaviour.StaysStopped;

        // act
        var rc = world.OpenTerminate();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.Success), world.Resource.Dump);
    }

    [Test]
    public void Terminate_FreshControllerAfterHostRecycle_SavesTheRunningGuest()
    {
        // arrange
        var world = World.Started();
        var recycled = new Havm.Core.Lifecycle.GuestController(world.Server, world.Clock);
        recycled.Open(world.Resource);

        // act
        recycled.Terminate(world.Resource);

        // assert
        Assert.That(world.Guest.State, Is.EqualTo(GuestState.Saved));
    }

    [Test]
    public void Terminate_TwiceInARow_SecondFindsNothingToDo()
    {
        // arrange
        var world = World.Started();
        world.OpenTerminate();
        var mark = world.Server.Mark();

        // act
        var rc = world.OpenTerminate();

        // assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rc, Is.EqualTo(Win32Error.Success));
            Assert.That(world.Guest.MutationsSince(mark), Is.Empty);
        }
    }

    internal static World WithPendingStart(GuestState before, bool cancelable)
    {
        var world = new World(before);
        world.Resource.Set(PropertyNames.OnlineTimeoutSeconds, 10);
        world.Guest.OnStartup.NeverCompletes();
        world.Guest.OnStartup.IsCancelable = cancelable;
        world.Guest.OnStartup.PercentPerWait = 5;
        var rc = world.OpenOnline();
        world.Require(rc == Win32Error.Success, "Online returns 0 while the start progresses, rc=" + rc);
        return world;
    }

    private static TestCaseData Row(Learned learned, GuestState? state, GuestState? becomes, VsCall[] made, VsCall[] never, GuestState? final) =>
        new TestCaseData(learned, state, becomes, made, never, final).SetArgDisplayNames(
            learned.ToString(),
            state?.ToString() ?? "not registered",
            becomes is null ? "stays" : "then " + becomes,
            "ends " + (final?.ToString() ?? "-"));

    private static World Arrange(Learned learned, GuestState? state, GuestState? becomes)
    {
        var world = learned switch
        {
            Learned.StartedNoHeartbeat => World.Started(),
            Learned.HeartbeatSeen => World.HeartbeatSeen(),
            Learned.HeartbeatFailed => World.HeartbeatFailed(),
            Learned.HeartbeatFailedSaveAction => World.HeartbeatFailed(w => w.Resource.Set(PropertyNames.AdditionsIsAliveFailureRecoveryAction, 0)),
            Learned.FoundRunningAtOnline => World.FoundRunning(),
            _ => throw new InvalidOperationException("unknown " + learned),
        };
        if (state is null)
        {
            world.Server.RemoveGuest(World.GuestName);
        }
        else
        {
            world.Put(state.Value, becomes);
        }

        return world;
    }

    [TestCase(2)]
    [TestCase(7)]
    public void Terminate_AfterHeartbeatFailureWithUnusualAction_DoesNotLogAValueNobodySet(int action)
    {
        // arrange
        var world = World.HeartbeatFailed(w => w.Resource.Set(PropertyNames.AdditionsIsAliveFailureRecoveryAction, action));
        var before = world.Resource.LogCount;

        // act
        world.OpenTerminate();

        // assert
        Assert.That(world.Resource.LogSince(before), Has.None.Contains(PropertyNames.AdditionsIsAliveFailureRecoveryAction + "=1"));
    }

    [Test]
    public void Terminate_AfterHeartbeatFailure_SpellsTheActionsMeaning()
    {
        // arrange
        var world = World.HeartbeatFailed();
        var before = world.Resource.LogCount;

        // act
        world.OpenTerminate();

        // assert
        Assert.That(world.Resource.LogSince(before).Any(l => l.Contains(PropertyNames.AdditionsIsAliveFailureRecoveryAction, StringComparison.Ordinal) && l.Contains("turn off", StringComparison.OrdinalIgnoreCase)), Is.True, world.Resource.Dump);
    }
}
