using Havm.Core.Configuration;
using Havm.Core.Model;
using Havm.Tests.Fakes;
using NUnit.Framework;

namespace Havm.Tests.Lifecycle;

/// <summary>
/// "Never lose the guest's data" (behaviour.md, the rules that outrank everything): a save or a merge in progress is
/// never cut off by a turn-off, and an instance that may be stale is never saved.
/// </summary>
[TestFixture]
public sealed class DataRuleTests
{
    public static IEnumerable<TestCaseData> OfflineBusyCases()
    {
        foreach (var state in new[] { GuestState.Saving, GuestState.MergingDrives })
        {
            foreach (var action in new[] { 0, 1, 2 })
            {
                yield return new TestCaseData(state, action);
            }
        }
    }

    [TestCaseSource(nameof(OfflineBusyCases))]
    public void Offline_GuestBusyPastTheDeadline_NeverTurnsItOff(GuestState state, int action)
    {
        // arrange
        var world = World.Started();
        world.Resource.Set(PropertyNames.OfflineAction, action);
        world.Resource.Set(PropertyNames.OfflineTimeoutSeconds, 20);
        world.Guest.State = state;

        // act
        world.Offline();

        // assert
        Assert.That(world.Guest.WasCalled(VsCall.TurnOff), Is.False);
    }

    public static IEnumerable<TestCaseData> TerminateBusyCases()
    {
        foreach (var state in new[] { GuestState.Saving, GuestState.MergingDrives })
        {
            foreach (var learned in Enum.GetValues<Learned>())
            {
                yield return new TestCaseData(state, learned);
            }
        }
    }

    [TestCaseSource(nameof(TerminateBusyCases))]
    public void Terminate_GuestBusyPastTheDeadline_NeverTurnsItOff(GuestState state, Learned learned)
    {
        // arrange
        var world = Learn(learned);
        world.Resource.Set(PropertyNames.TerminateTimeoutSeconds, 20);
        world.Guest.State = state;

        // act
        world.OpenTerminate();

        // assert
        Assert.That(world.Guest.WasCalled(VsCall.TurnOff), Is.False);
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    public void Offline_ItsSaveOutlivesTheDeadline_ReturnsTimeout(int action)
    {
        // arrange
        var world = WithSaveThatNeverEnds(action);

        // act
        var rc = world.Offline();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.Timeout), world.Resource.Dump);
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    public void Offline_ItsSaveOutlivesTheDeadline_LogsSaveStillInProgress(int action)
    {
        // arrange
        var world = WithSaveThatNeverEnds(action);

        // act
        world.Offline();

        // assert
        Assert.That(world.Resource.LogContains(LogPhrases.SaveStillInProgress), Is.True, world.Resource.Dump);
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    public void Offline_ItsSaveOutlivesTheDeadline_NeverTurnsItOff(int action)
    {
        // arrange
        var world = WithSaveThatNeverEnds(action);

        // act
        world.Offline();

        // assert
        Assert.That(world.Guest.WasCalled(VsCall.TurnOff), Is.False);
    }

    [Test]
    public void Offline_GuestSavingByItselfPastTheDeadline_LogsSaveStillInProgress()
    {
        // arrange
        var world = World.Started();
        world.Resource.Set(PropertyNames.OfflineTimeoutSeconds, 20);
        world.Guest.State = GuestState.Saving;

        // act
        var rc = world.Offline();

        // assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rc, Is.EqualTo(Win32Error.Timeout));
            Assert.That(world.Resource.LogContains(LogPhrases.SaveStillInProgress), Is.True, world.Resource.Dump);
        }
    }

    [TestCase(Learned.StartedNoHeartbeat)]
    [TestCase(Learned.FoundRunningAtOnline)]
    [TestCase(Learned.HeartbeatFailedSaveAction)]
    public void Terminate_ItsSaveOutlivesTheDeadline_ReturnsTimeout(Learned learned)
    {
        // arrange
        var world = Learn(learned);
        world.Resource.Set(PropertyNames.TerminateTimeoutSeconds, 20);
        world.Guest.OnSave.NeverCompletes();

        // act
        var rc = world.OpenTerminate();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.Timeout), world.Resource.Dump);
    }

    [TestCase(Learned.StartedNoHeartbeat)]
    [TestCase(Learned.FoundRunningAtOnline)]
    [TestCase(Learned.HeartbeatFailedSaveAction)]
    public void Terminate_ItsSaveOutlivesTheDeadline_LogsSaveStillInProgress(Learned learned)
    {
        // arrange
        var world = Learn(learned);
        world.Resource.Set(PropertyNames.TerminateTimeoutSeconds, 20);
        world.Guest.OnSave.NeverCompletes();

        // act
        world.OpenTerminate();

        // assert
        Assert.That(world.Resource.LogContains(LogPhrases.SaveStillInProgress), Is.True, world.Resource.Dump);
    }

    [TestCase(Learned.StartedNoHeartbeat)]
    [TestCase(Learned.FoundRunningAtOnline)]
    [TestCase(Learned.HeartbeatFailedSaveAction)]
    public void Terminate_ItsSaveOutlivesTheDeadline_NeverTurnsItOff(Learned learned)
    {
        // arrange
        var world = Learn(learned);
        world.Resource.Set(PropertyNames.TerminateTimeoutSeconds, 20);
        world.Guest.OnSave.NeverCompletes();

        // act
        world.OpenTerminate();

        // assert
        Assert.That(world.Guest.WasCalled(VsCall.TurnOff), Is.False);
    }

    [Test]
    public void Terminate_SaveRefusedWhileVirtualServerSavesIt_NeverTurnsItOff()
    {
        // arrange
        var world = World.Started();
        world.Resource.Set(PropertyNames.TerminateTimeoutSeconds, 30);
        world.Guest.Fail(VsCall.Save, Fault.Failed(HResults.AppShuttingDown));
        world.Guest.BecomesAfter(TimeSpan.FromMilliseconds(500), GuestState.Saving);

        // act
        world.OpenTerminate();

        // assert
        Assert.That(world.Guest.WasCalled(VsCall.TurnOff), Is.False);
    }

    [TestCase(GuestState.Running)]
    [TestCase(GuestState.Paused)]
    [TestCase(GuestState.TurningOn)]
    [TestCase(GuestState.Restoring)]
    public void Online_StaleInstance_IsNeverSaved(GuestState state)
    {
        // arrange
        var world = new World(state);
        world.Resource.Set(PropertyNames.LastOnlineNode, World.OtherNode);

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Guest.WasCalled(VsCall.Save), Is.False);
    }

    [TestCase(GuestState.Running)]
    [TestCase(GuestState.Paused)]
    public void Online_StaleInstance_IsTurnedOff(GuestState state)
    {
        // arrange
        var world = new World(state);
        world.Resource.Set(PropertyNames.LastOnlineNode, World.OtherNode);

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Guest.WasCalled(VsCall.TurnOff), Is.True);
    }

    [TestCase(GuestState.Running)]
    [TestCase(GuestState.Paused)]
    public void Online_StaleInstance_ReturnsOne(GuestState state)
    {
        // arrange
        var world = new World(state);
        world.Resource.Set(PropertyNames.LastOnlineNode, World.OtherNode);

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.InvalidFunction));
    }

    [Test]
    public void Online_StaleInstanceTurnOffFailedThenTerminate_NeverSavesIt()
    {
        // arrange
        var world = new World(GuestState.Running);
        world.Resource.Set(PropertyNames.LastOnlineNode, World.OtherNode);
        world.Guest.Fail(VsCall.TurnOff, Fault.Failed(HResults.AccessDenied), times: 1);
        world.OpenOnline();
        world.Require(world.Guest.State == GuestState.Running, "the stale instance is still running");

        // act
        world.OpenTerminate();

        // assert
        Assert.That(world.Guest.WasCalled(VsCall.Save), Is.False);
    }

    [Test]
    public void Online_StaleInstanceLastOnlineNodeInOtherCase_IsNotStale()
    {
        // arrange
        var world = new World(GuestState.Running);
        world.Resource.Set(PropertyNames.LastOnlineNode, World.ThisNode.ToLowerInvariant());

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Guest.WasCalled(VsCall.TurnOff), Is.False);
    }

    internal static World Learn(Learned learned) => learned switch
    {
        Learned.StartedNoHeartbeat => World.Started(),
        Learned.HeartbeatSeen => World.HeartbeatSeen(),
        Learned.HeartbeatFailed => World.HeartbeatFailed(),
        Learned.HeartbeatFailedSaveAction => World.HeartbeatFailed(w => w.Resource.Set(PropertyNames.AdditionsIsAliveFailureRecoveryAction, 0)),
        Learned.FoundRunningAtOnline => World.FoundRunning(),
        _ => throw new InvalidOperationException("unknown " + learned),
    };

    private static World WithSaveThatNeverEnds(int action)
    {
        var world = World.Started();
        world.Resource.Set(PropertyNames.OfflineAction, action);
        world.Resource.Set(PropertyNames.OfflineTimeoutSeconds, 40);
        world.Guest.AdditionsAvailable = false;
        world.Guest.OnSave.NeverCompletes();
        if (action != 1)
        {
            world.Guest.State = GuestState.Saving;
        }

        return world;
    }
}
