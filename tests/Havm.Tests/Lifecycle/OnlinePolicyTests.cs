using Havm.Core.Lifecycle;
using Havm.Core.Model;
using NUnit.Framework;

namespace Havm.Tests.Lifecycle;

/// <summary>
/// Online's decision (behaviour.md section 4, Online steps 2 and 3) as a table: a row per state in the contract's
/// order, then the overriding rules over the whole input domain (11 states x stale x stale saved state).
/// </summary>
[TestFixture]
internal sealed class OnlinePolicyTests
{
    private static IEnumerable<OnlineFacts> Domain() =>
        from state in (GuestState[])Enum.GetValues(typeof(GuestState))
        from stale in new[] { false, true }
        from staleSave in new[] { false, true }
        select new OnlineFacts(state, stale, staleSave);

    [TestCase(GuestState.Running, false, false, OnlineStep.FoundRunning)]
    [TestCase(GuestState.Running, true, false, OnlineStep.TurnOffStale)]
    [TestCase(GuestState.Paused, false, false, OnlineStep.Resume)]
    [TestCase(GuestState.Paused, true, false, OnlineStep.TurnOffStale)]
    [TestCase(GuestState.TurningOn, true, false, OnlineStep.WaitForRun)]
    [TestCase(GuestState.Restoring, false, false, OnlineStep.WaitForRun)]
    [TestCase(GuestState.Saving, true, false, OnlineStep.WaitForStaleSave)]
    [TestCase(GuestState.Saving, false, false, OnlineStep.WaitForStop)]
    [TestCase(GuestState.TurningOff, true, false, OnlineStep.WaitForStop)]
    [TestCase(GuestState.MergingDrives, false, false, OnlineStep.WaitForStop)]
    [TestCase(GuestState.Saved, false, true, OnlineStep.RefuseStaleSavedState)]
    [TestCase(GuestState.Saved, false, false, OnlineStep.Start)]
    [TestCase(GuestState.TurnedOff, false, true, OnlineStep.Start)]
    [TestCase(GuestState.Invalid, false, false, OnlineStep.CannotStart)]
    [TestCase(GuestState.DeleteMachine, false, false, OnlineStep.CannotStart)]
    public void Online_Row(GuestState state, bool stale, bool staleSavedState, OnlineStep step) =>
        Assert.That(OnlinePolicy.Decide(new OnlineFacts(state, stale, staleSavedState)), Is.EqualTo(step));

    [Test]
    public void NoRow_ResumesOrKeepsAStaleInstanceRunning() =>
        Assert.That(
            Domain().Where(f => f.Stale && f.State is GuestState.Running or GuestState.Paused)
                .Select(f => OnlinePolicy.Decide(f)).Distinct(),
            Is.EqualTo(new[] { OnlineStep.TurnOffStale }));

    [Test]
    public void NoRow_RestoresAStaleSavedState() =>
        Assert.That(
            Domain().Where(f => f.StaleSavedState && f.State == GuestState.Saved).Select(f => OnlinePolicy.Decide(f)).Distinct(),
            Is.EqualTo(new[] { OnlineStep.RefuseStaleSavedState }));

    [Test]
    public void NoRow_StartsOrTurnsOffAGuestWritingOrReadingItsFiles() =>
        Assert.That(
            Domain().Where(f => f.State is GuestState.Saving or GuestState.TurningOff or GuestState.MergingDrives or GuestState.TurningOn or GuestState.Restoring)
                .Where(f => OnlinePolicy.Decide(f) is OnlineStep.Start or OnlineStep.TurnOffStale or OnlineStep.Resume),
            Is.Empty);
}
