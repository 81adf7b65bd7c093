using Havm.Core.Configuration;
using Havm.Core.Lifecycle;
using Havm.Core.Model;
using NUnit.Framework;

namespace Havm.Tests.Lifecycle;

/// <summary>
/// Offline's and Terminate's decision (behaviour.md section 4) as a table: named rows in the contract's order, then
/// the two overriding rules over the whole input domain (11 states x 2 reasons x 3 OfflineActions x 2^7 facts).
/// </summary>
[TestFixture]
internal sealed class StopPolicyTests
{
    private static readonly GuestState[] States = (GuestState[])Enum.GetValues(typeof(GuestState));

    /// <summary>Every combination of the facts a stop decides on.</summary>
    private static IEnumerable<StopFacts> Domain()
    {
        foreach (var reason in new[] { StopReason.Offline, StopReason.Terminate })
        {
            foreach (var state in States)
            {
                foreach (var action in new[] { OfflineAction.TurnOff, OfflineAction.Save, OfflineAction.ShutDown })
                {
                    for (var bits = 0; bits < 128; bits++)
                    {
                        yield return new StopFacts(
                            reason, state, stale: (bits & 1) != 0, lastOnlineNodeKnown: (bits & 2) != 0, startedHere: (bits & 4) != 0,
                            foundRunningAtOnline: (bits & 8) != 0, heartbeatFailed: (bits & 16) != 0, saveAfterHeartbeatFailure: (bits & 32) != 0,
                            offlineAction: action, saveImpossible: (bits & 64) != 0);
                    }
                }
            }
        }
    }

    private static StopFacts Facts(
        StopReason reason,
        GuestState state,
        bool stale = false,
        bool lastOnlineNodeKnown = true,
        bool startedHere = false,
        bool foundRunningAtOnline = false,
        bool heartbeatFailed = false,
        bool saveAfterHeartbeatFailure = true,
        OfflineAction offlineAction = OfflineAction.Save,
        bool saveImpossible = false) =>
        new(reason, state, stale, lastOnlineNodeKnown, startedHere, foundRunningAtOnline, heartbeatFailed, saveAfterHeartbeatFailure, offlineAction, saveImpossible);

    // ---- rows, in the contract's order ------------------------------------------------------------------------

    [TestCase(StopReason.Offline, GuestState.Saved)]
    [TestCase(StopReason.Offline, GuestState.TurnedOff)]
    [TestCase(StopReason.Terminate, GuestState.Saved)]
    [TestCase(StopReason.Terminate, GuestState.TurnedOff)]
    public void Stop_SavedOrTurnedOff_IsDone(StopReason reason, GuestState state) =>
        Assert.That(StopPolicy.Decide(Facts(reason, state)).Step, Is.EqualTo(StopStep.Stopped));

    [TestCase(GuestState.Invalid)]
    [TestCase(GuestState.DeleteMachine)]
    public void Stop_NeitherStoppedNorRunning_WaitsForAStateThatSays(GuestState state) =>
        Assert.That(StopPolicy.Decide(Facts(StopReason.Terminate, state)).Step, Is.EqualTo(StopStep.WaitForDefiniteState));

    [TestCase(StopReason.Offline, GuestState.Saving)]
    [TestCase(StopReason.Offline, GuestState.TurningOff)]
    [TestCase(StopReason.Offline, GuestState.MergingDrives)]
    [TestCase(StopReason.Terminate, GuestState.Saving)]
    [TestCase(StopReason.Terminate, GuestState.TurningOff)]
    [TestCase(StopReason.Terminate, GuestState.MergingDrives)]
    public void Stop_GuestWritingItsFiles_WaitsForItToFinish(StopReason reason, GuestState state) =>
        Assert.That(StopPolicy.Decide(Facts(reason, state, heartbeatFailed: true, saveAfterHeartbeatFailure: false)).Step, Is.EqualTo(StopStep.WaitForStop));

    [Test]
    public void Terminate_StaleInstanceSaving_WaitsAndMarksItsSaveNeverToBeRestored() =>
        Assert.That(StopPolicy.Decide(Facts(StopReason.Terminate, GuestState.Saving, stale: true)).Step, Is.EqualTo(StopStep.WaitForStaleSave));

    [TestCase(GuestState.TurningOn)]
    [TestCase(GuestState.Restoring)]
    public void Terminate_GuestStarting_CancelsTheStart(GuestState state) =>
        Assert.That(StopPolicy.Decide(Facts(StopReason.Terminate, state)).Step, Is.EqualTo(StopStep.CancelStart));

    [TestCase(GuestState.TurningOn)]
    [TestCase(GuestState.Restoring)]
    public void Offline_GuestStarting_WaitsForItToRun(GuestState state) =>
        Assert.That(StopPolicy.Decide(Facts(StopReason.Offline, state)).Step, Is.EqualTo(StopStep.WaitForStart));

    [TestCase(StopReason.Offline)]
    [TestCase(StopReason.Terminate)]
    public void Stop_LastOnlineNodeUnreadableAndNotStartedHere_TurnsOff(StopReason reason) =>
        Assert.That(
            StopPolicy.Decide(Facts(reason, GuestState.Running, lastOnlineNodeKnown: false)),
            Is.EqualTo(new StopDecision(StopStep.TurnOff, StopWhy.LastOnlineNodeUnreadable)));

    [Test]
    public void Terminate_LastOnlineNodeUnreadableButStartedHere_Saves() =>
        Assert.That(StopPolicy.Decide(Facts(StopReason.Terminate, GuestState.Running, lastOnlineNodeKnown: false, startedHere: true)).Step, Is.EqualTo(StopStep.Save));

    [TestCase(StopReason.Offline)]
    [TestCase(StopReason.Terminate)]
    public void Stop_StaleInstanceRunning_TurnsOff(StopReason reason) =>
        Assert.That(
            StopPolicy.Decide(Facts(reason, GuestState.Paused, stale: true)),
            Is.EqualTo(new StopDecision(StopStep.TurnOff, StopWhy.Stale)));

    [TestCase(OfflineAction.TurnOff, StopStep.TurnOff)]
    [TestCase(OfflineAction.Save, StopStep.Save)]
    [TestCase(OfflineAction.ShutDown, StopStep.ShutDown)]
    public void Offline_Running_DoesWhatOfflineActionSays(OfflineAction action, StopStep step) =>
        Assert.That(StopPolicy.Decide(Facts(StopReason.Offline, GuestState.Running, offlineAction: action)), Is.EqualTo(new StopDecision(step, StopWhy.OfflineAction)));

    [Test]
    public void Offline_SaveImpossible_ShutsDownInstead() =>
        Assert.That(
            StopPolicy.Decide(Facts(StopReason.Offline, GuestState.Running, saveImpossible: true)),
            Is.EqualTo(new StopDecision(StopStep.ShutDown, StopWhy.SaveImpossible)));

    [Test]
    public void Terminate_AfterAHeartbeatFailureWithRecoveryActionTurnOff_TurnsOff() =>
        Assert.That(
            StopPolicy.Decide(Facts(StopReason.Terminate, GuestState.Running, heartbeatFailed: true, saveAfterHeartbeatFailure: false)),
            Is.EqualTo(new StopDecision(StopStep.TurnOff, StopWhy.HeartbeatFailure)));

    [Test]
    public void Terminate_GuestItWatchedRestoreAfterAHeartbeatFailure_Saves() =>
        Assert.That(
            StopPolicy.Decide(Facts(StopReason.Terminate, GuestState.Running, startedHere: true, heartbeatFailed: true, saveAfterHeartbeatFailure: false)).Step,
            Is.EqualTo(StopStep.Save));

    [Test]
    public void Terminate_GuestFoundRunningAtOnline_SavesWhateverTheHeartbeat() =>
        Assert.That(
            StopPolicy.Decide(Facts(StopReason.Terminate, GuestState.Running, foundRunningAtOnline: true, heartbeatFailed: true, saveAfterHeartbeatFailure: false)).Step,
            Is.EqualTo(StopStep.Save));

    [Test]
    public void Terminate_SaveImpossible_TurnsOff() =>
        Assert.That(
            StopPolicy.Decide(Facts(StopReason.Terminate, GuestState.Running, saveImpossible: true)),
            Is.EqualTo(new StopDecision(StopStep.TurnOff, StopWhy.SaveImpossible)));

    [Test]
    public void Terminate_Running_Saves() =>
        Assert.That(StopPolicy.Decide(Facts(StopReason.Terminate, GuestState.Running)), Is.EqualTo(new StopDecision(StopStep.Save, StopWhy.Default)));

    // ---- the overriding rules, over the whole domain -----------------------------------------------------------

    [Test]
    public void NoRow_TurnsOffOrShutsDownAGuestThatIsNotRunningOrPaused()
    {
        var wrong = Domain()
            .Where(f => f.State is not (GuestState.Running or GuestState.Paused))
            .Where(f => StopPolicy.Decide(f).Step is StopStep.TurnOff or StopStep.ShutDown or StopStep.Save)
            .Select(Describe)
            .Take(5)
            .ToList();

        Assert.That(wrong, Is.Empty);
    }

    [Test]
    public void NoRow_SavesAPossiblyStaleInstance()
    {
        var wrong = Domain()
            .Where(f => f.Stale || (!f.LastOnlineNodeKnown && !f.StartedHere))
            .Where(f => StopPolicy.Decide(f).Step == StopStep.Save)
            .Select(Describe)
            .Take(5)
            .ToList();

        Assert.That(wrong, Is.Empty);
    }

    [Test]
    public void NoRow_LetsTerminateShutTheGuestOsDown()
    {
        var wrong = Domain()
            .Where(f => f.Reason == StopReason.Terminate && StopPolicy.Decide(f).Step == StopStep.ShutDown)
            .Select(Describe)
            .Take(5)
            .ToList();

        Assert.That(wrong, Is.Empty);
    }

    [Test]
    public void NoRow_SavesAGuestWhoseSaveIsImpossible()
    {
        var wrong = Domain()
            .Where(f => f.SaveImpossible && StopPolicy.Decide(f).Step == StopStep.Save)
            .Select(Describe)
            .Take(5)
            .ToList();

        Assert.That(wrong, Is.Empty);
    }

    private static string Describe(StopFacts f) =>
        f.Reason + " " + f.State + " stale=" + f.Stale + " lastOnlineNodeKnown=" + f.LastOnlineNodeKnown + " startedHere=" + f.StartedHere
        + " foundRunning=" + f.FoundRunningAtOnline + " heartbeatFailed=" + f.HeartbeatFailed + " saveAfterHeartbeatFailure=" + f.SaveAfterHeartbeatFailure
        + " " + f.OfflineAction + " saveImpossible=" + f.SaveImpossible + " -> " + StopPolicy.Decide(f);
}
