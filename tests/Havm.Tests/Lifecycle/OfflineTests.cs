using Havm.Core.Configuration;
using Havm.Core.Model;
using Havm.Tests.Fakes;
using NUnit.Framework;

namespace Havm.Tests.Lifecycle;

/// <summary>Offline (behaviour.md section 4, Offline): the decision table per OfflineAction and each rule.</summary>
[TestFixture]
public sealed class OfflineTests
{
    /// <summary>
    /// State at Offline (null: not registered) and what it becomes 5 s later, OfflineAction, calls made, calls never made,
    /// the state it ends in. Every row returns 0: stopping is idempotent.
    /// </summary>
    public static IEnumerable<TestCaseData> DecisionTable()
    {
        yield return Row(GuestState.Running, null, 1, [VsCall.Save], [VsCall.TurnOff, VsCall.ShutdownGuestOs], GuestState.Saved);
        yield return Row(GuestState.Running, null, 0, [VsCall.TurnOff], [VsCall.Save, VsCall.ShutdownGuestOs], GuestState.TurnedOff);
        yield return Row(GuestState.Running, null, 2, [VsCall.ShutdownGuestOs], [VsCall.Save, VsCall.TurnOff], GuestState.TurnedOff);
        yield return Row(GuestState.Paused, null, 1, [VsCall.Save], [VsCall.TurnOff], GuestState.Saved);
        yield return Row(GuestState.Paused, null, 0, [VsCall.TurnOff], [VsCall.Save], GuestState.TurnedOff);
        foreach (var action in new[] { 0, 1, 2 })
        {
            yield return Row(GuestState.Saving, GuestState.Saved, action, [], [VsCall.TurnOff, VsCall.Startup], GuestState.Saved);
            yield return Row(GuestState.MergingDrives, GuestState.TurnedOff, action, [], [VsCall.TurnOff, VsCall.Startup], GuestState.TurnedOff);
            yield return Row(GuestState.TurningOff, GuestState.TurnedOff, action, [], [VsCall.Save, VsCall.Startup], GuestState.TurnedOff);
            yield return Row(GuestState.TurnedOff, null, action, [], [VsCall.TurnOff, VsCall.Startup, VsCall.ShutdownGuestOs], GuestState.TurnedOff);
            yield return Row(GuestState.Saved, null, action, [], [VsCall.TurnOff, VsCall.Startup, VsCall.ShutdownGuestOs], GuestState.Saved);
            yield return Row(null, null, action, [], [VsCall.TurnOff, VsCall.Save, VsCall.Startup], null);
        }
    }

    [TestCaseSource(nameof(DecisionTable))]
    public void Offline_GuestInState_ReturnsSuccess(GuestState? state, GuestState? becomes, int action, VsCall[] made, VsCall[] never, GuestState? final)
    {
        // arrange
        var world = Arrange(state, becomes, action);

        // act
        var rc = world.Offline();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.Success), world.Resource.Dump);
    }

    [TestCaseSource(nameof(DecisionTable))]
    public void Offline_GuestInState_MakesTableCalls(GuestState? state, GuestState? becomes, int action, VsCall[] made, VsCall[] never, GuestState? final)
    {
        // arrange
        var world = Arrange(state, becomes, action);
        var mark = world.Server.Mark();

        // act
        world.Offline();

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
    public void Offline_GuestInState_LeavesTableState(GuestState? state, GuestState? becomes, int action, VsCall[] made, VsCall[] never, GuestState? final)
    {
        // arrange
        var world = Arrange(state, becomes, action);

        // act
        world.Offline();

        // assert
        Assert.That(world.Guest.State, Is.EqualTo(final));
    }

    [Test]
    public void Offline_SaveImpossibleBecauseUndoDisksDiscard_ShutsDownInsteadOfSaving()
    {
        // arrange
        var world = World.Started(w => w.Guest.UndoDisksDiscard = true);
        var mark = world.Server.Mark();

        // act
        var rc = world.Offline();

        // assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rc, Is.EqualTo(Win32Error.Success), world.Resource.Dump);
            Assert.That(world.Guest.MutationsSince(mark), Is.EqualTo(new[] { world.Guest.CallName(VsCall.ShutdownGuestOs) }));
        }
    }

    [Test]
    public void Offline_SaveImpossibleAndNoAdditions_TurnsOffWithoutTryingToSave()
    {
        // arrange
        var world = World.Started(w => w.Guest.UndoDisksDiscard = true);
        world.Guest.AdditionsAvailable = false;
        var mark = world.Server.Mark();

        // act
        var rc = world.Offline();

        // assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rc, Is.EqualTo(Win32Error.Success), world.Resource.Dump);
            Assert.That(world.Guest.MutationsSince(mark), Does.Contain(world.Guest.CallName(VsCall.TurnOff)));
            Assert.That(world.Guest.MutationsSince(mark), Does.Not.Contain(world.Guest.CallName(VsCall.Save)));
        }
    }

    [Test]
    public void Offline_SaveImpossible_LogsWhy()
    {
        // arrange
        var world = World.Started(w => w.Guest.UndoDisksDiscard = true);
        var before = world.Resource.LogCount;

        // act
        world.Offline();

        // assert
        Assert.That(world.Resource.LogSince(before).Any(l => l.Contains("undo", StringComparison.OrdinalIgnoreCase)), Is.True, world.Resource.Dump);
    }

    [Test]
    public void Offline_ShutDownWithoutAdditions_SavesAtOnce()
    {
        // arrange
        var world = World.Started();
        world.Resource.Set(PropertyNames.OfflineAction, 2);
        world.Guest.AdditionsAvailable = false;
        var mark = world.Server.Mark();

        // act
        var rc = world.Offline();

        // assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rc, Is.EqualTo(Win32Error.Success), world.Resource.Dump);
            Assert.That(world.Guest.MutationsSince(mark), Does.Contain(world.Guest.CallName(VsCall.Save)));
            Assert.That(world.Guest.MutationsSince(mark), Does.Not.Contain(world.Guest.CallName(VsCall.TurnOff)));
        }
    }

    [Test]
    public void Offline_ShutDownStillRunningAtLimit_TurnsOffNeverSaves()
    {
        // arrange
        var world = World.Started();
        world.Resource.Set(PropertyNames.OfflineAction, 2);
        world.Resource.Set(PropertyNames.OfflineTimeoutSeconds, 60);
        world.Guest.OnShutdown.NeverCompletes();
        var mark = world.Server.Mark();

        // act
        world.Offline();

        // assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(world.Guest.MutationsSince(mark), Does.Contain(world.Guest.CallName(VsCall.TurnOff)));
            Assert.That(world.Guest.MutationsSince(mark), Does.Not.Contain(world.Guest.CallName(VsCall.Save)));
        }
    }

    [Test]
    public void Offline_ShutDownStillRunningAtLimit_TurnsOffNotBeforeTheDeadlineLessThirtySeconds()
    {
        // arrange
        var world = World.Started();
        world.Resource.Set(PropertyNames.OfflineAction, 2);
        world.Resource.Set(PropertyNames.OfflineTimeoutSeconds, 60);
        world.Guest.OnShutdown.NeverCompletes();
        var start = world.Clock.Now;

        // act
        world.Offline();

        // assert
        var turnOff = world.Server.Calls.First(c => c.Name == world.Guest.CallName(VsCall.TurnOff));
        Assert.That(turnOff.At - start, Is.InRange(TimeSpan.FromSeconds(29), TimeSpan.FromSeconds(60)));
    }

    [Test]
    public void Offline_ShutDownStillRunningAtLimit_TurnedOffReturnsSuccess()
    {
        // arrange
        var world = World.Started();
        world.Resource.Set(PropertyNames.OfflineAction, 2);
        world.Resource.Set(PropertyNames.OfflineTimeoutSeconds, 60);
        world.Guest.OnShutdown.NeverCompletes();

        // act
        var rc = world.Offline();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.Success), world.Resource.Dump);
    }

    [TestCase(TaskResult.UnexpectedError)]
    [TestCase(TaskResult.DiskRelatedError)]
    [TestCase(TaskResult.OutOfMemoryError)]
    [TestCase(TaskResult.TimeOutError)]
    public void Offline_SaveTaskEndsWithResult_ReturnsAnError(TaskResult result)
    {
        // arrange
        var world = World.Started();
        world.Guest.OnSave.EndsWith(result);

        // act
        var rc = world.Offline();

        // assert
        Assert.That(rc, Is.Not.EqualTo(Win32Error.Success), world.Resource.Dump);
    }

    [TestCase(TaskResult.UnexpectedError)]
    [TestCase(TaskResult.DiskRelatedError)]
    public void Offline_SaveTaskEndsWithResult_LogsTheResultName(TaskResult result)
    {
        // arrange
        var world = World.Started();
        world.Guest.OnSave.EndsWith(result);

        // act
        world.Offline();

        // assert
        Assert.That(world.Resource.LogContains(result.ToString()), Is.True, world.Resource.Dump);
    }

    [Test]
    public void Offline_SaveSaysNotRunningWhileTheGuestRuns_IsNotASuccess()
    {
        // arrange
        var world = World.Started();
        world.Resource.Set(PropertyNames.OfflineTimeoutSeconds, 20);
        world.Guest.Fail(VsCall.Save, Fault.Failed(HResults.VmNotRunning));

        // act
        var rc = world.Offline();

        // assert
        Assert.That(rc, Is.Not.EqualTo(Win32Error.Success), world.Resource.Dump);
    }

    [Test]
    public void Offline_VirtualServerShuttingDown_WaitsForSavedAndReturnsSuccess()
    {
        // arrange
        var world = World.Started();
        world.Guest.Fail(VsCall.Save, Fault.Failed(HResults.AppShuttingDown));
        world.Guest.BecomesAfter(TimeSpan.FromSeconds(1), GuestState.Saving);
        world.Guest.BecomesAfter(TimeSpan.FromSeconds(8), GuestState.Saved);

        // act
        var rc = world.Offline();

        // assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rc, Is.EqualTo(Win32Error.Success), world.Resource.Dump);
            Assert.That(world.Guest.WasCalled(VsCall.TurnOff), Is.False);
        }
    }

    [Test]
    public void Offline_CannotReadTheGuest_IsNotASuccess()
    {
        // arrange
        var world = World.Started();
        world.Resource.Set(PropertyNames.OfflineTimeoutSeconds, 20);
        world.Guest.Fail(VsCall.ReadState, Fault.TimedOut());
        world.Guest.Fail(VsCall.Save, Fault.TimedOut());

        // act
        var rc = world.Offline();

        // assert
        Assert.That(rc, Is.Not.EqualTo(Win32Error.Success), world.Resource.Dump);
    }

    private static TestCaseData Row(GuestState? state, GuestState? becomes, int action, VsCall[] made, VsCall[] never, GuestState? final) =>
        new TestCaseData(state, becomes, action, made, never, final).SetArgDisplayNames(
            state?.ToString() ?? "not registered",
            becomes is null ? "stays" : "then " + becomes,
            "OfflineAction " + action,
            "ends " + (final?.ToString() ?? "-"));

    private static World Arrange(GuestState? state, GuestState? becomes, int action)
    {
        var world = World.Started();
        world.Resource.Set(PropertyNames.OfflineAction, action);
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

    public static IEnumerable<TestCaseData> CannotTell() =>
    [
        new TestCaseData(VsCall.FindGuest, Fault.TimedOut()).SetArgDisplayNames("FindGuest", "TimedOut"),
        new TestCaseData(VsCall.FindGuest, Fault.Failed(new HResult(0x80004001u))).SetArgDisplayNames("FindGuest", "E_NOTIMPL"),
        new TestCaseData(VsCall.ReadState, Fault.TimedOut()).SetArgDisplayNames("ReadState", "TimedOut"),
        new TestCaseData(VsCall.ReadState, Fault.Failed(new HResult(0x80004001u))).SetArgDisplayNames("ReadState", "E_NOTIMPL"),
    ];

    [TestCaseSource(nameof(CannotTell))]
    public void Offline_CannotTell_ReturnsAnError(VsCall call, Fault fault)
    {
        // arrange
        var world = World.Started();
        world.Server.Fail(call, fault);

        // act
        var rc = world.Offline();

        // assert
        Assert.That(rc, Is.Not.EqualTo(Win32Error.Success), world.Resource.Dump);
    }

    [TestCaseSource(nameof(CannotTell))]
    public void Offline_CannotTell_NeverTurnsTheGuestOff(VsCall call, Fault fault)
    {
        // arrange
        var world = World.Started();
        world.Server.Fail(call, fault);
        var mark = world.Server.Mark();

        // act
        world.Offline();

        // assert
        Assert.That(world.Guest.MutationsSince(mark), Does.Not.Contain(world.Guest.CallName(VsCall.TurnOff)));
    }
}
