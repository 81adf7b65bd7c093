using Havm.Core.Health;
using Havm.Core.Ports;
using NUnit.Framework;

namespace Havm.Tests.Health;

[TestFixture]
public sealed class HeartbeatPolicyTests
{
    private const int Threshold = 0;
    private const int Limit = 2;

    private static readonly HeartbeatReading Heartbeating = HeartbeatReading.FromIsHeartbeating(true);
    private static readonly HeartbeatReading NotHeartbeating = HeartbeatReading.FromIsHeartbeating(false);
    private static readonly HeartbeatReading Unavailable = HeartbeatReading.AdditionsNotAvailable;
    private static readonly HeartbeatReading Good = HeartbeatReading.FromPercentage(100);
    private static readonly HeartbeatReading Low = HeartbeatReading.FromPercentage(0);

    private ManualClock _clock = null!;
    private HeartbeatPolicy _policy = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new ManualClock();
        _policy = new HeartbeatPolicy(_clock);
    }

    private static IEnumerable<TestCaseData> ReadingsThatAreNotAHeartbeat()
    {
        yield return new TestCaseData(NotHeartbeating).SetArgDisplayNames("not heartbeating");
        yield return new TestCaseData(Unavailable).SetArgDisplayNames("Additions not available");
        yield return new TestCaseData(Low).SetArgDisplayNames("percentage at threshold");
    }

    // ---- Before the first heartbeat ----

    [Test]
    public void New_NothingSeen_NoMisses()
    {
        // arrange: a fresh policy

        // act
        var seen = _policy.HasSeenHeartbeat;

        // assert
        Assert.That(seen, Is.False);
        Assert.That(_policy.ConsecutiveMisses, Is.Zero);
    }

    [TestCaseSource(nameof(ReadingsThatAreNotAHeartbeat))]
    public void Observe_BeforeFirstHeartbeat_AliveWaiting(HeartbeatReading reading)
    {
        // arrange: nothing seen yet

        // act
        var verdict = _policy.Observe(reading, Threshold, Limit);

        // assert
        Assert.That(verdict.IsAlive, Is.True);
        Assert.That(verdict.Reason, Is.EqualTo("waiting for the first heartbeat"));
    }

    [TestCaseSource(nameof(ReadingsThatAreNotAHeartbeat))]
    public void Observe_BeforeFirstHeartbeat_CountsNoMiss(HeartbeatReading reading)
    {
        // arrange: nothing seen yet

        // act
        _policy.Observe(reading, Threshold, 1);

        // assert
        Assert.That(_policy.ConsecutiveMisses, Is.Zero);
        Assert.That(_policy.HasSeenHeartbeat, Is.False);
    }

    [Test]
    public void Observe_AdditionsNotAvailableBeforeFirstHeartbeatForAnHour_StaysAlive()
    {
        // arrange: a guest without Additions is never enforced
        _policy.Observe(Unavailable, Threshold, 1);
        _clock.Advance(TimeSpan.FromHours(1));

        // act
        var verdict = _policy.Observe(Unavailable, Threshold, 1);

        // assert
        Assert.That(verdict.IsAlive, Is.True);
    }

    [Test]
    public void Observe_Heartbeating_MarksSeenAndAlive()
    {
        // arrange: nothing seen yet

        // act
        var verdict = _policy.Observe(Heartbeating, Threshold, Limit);

        // assert
        Assert.That(_policy.HasSeenHeartbeat, Is.True);
        Assert.That(verdict.IsAlive, Is.True);
        Assert.That(verdict.Reason, Is.EqualTo("heartbeating"));
    }

    [Test]
    public void Observe_PercentageAboveThresholdBeforeIsHeartbeating_MarksSeen()
    {
        // arrange: nothing seen yet

        // act
        _policy.Observe(HeartbeatReading.FromPercentage(1), Threshold, Limit);

        // assert
        Assert.That(_policy.HasSeenHeartbeat, Is.True);
    }

    // ---- Percentages after the first heartbeat ----

    [TestCase(0, 0)]
    [TestCase(10, 10)]
    [TestCase(5, 10)]
    [TestCase(99, 99)]
    public void Observe_PercentageAtOrBelowThreshold_IsMiss(int percentage, int threshold)
    {
        // arrange
        _policy.Observe(Heartbeating, threshold, Limit);

        // act
        _policy.Observe(HeartbeatReading.FromPercentage(percentage), threshold, Limit);

        // assert
        Assert.That(_policy.ConsecutiveMisses, Is.EqualTo(1));
    }

    [TestCase(1, 0)]
    [TestCase(11, 10)]
    [TestCase(100, 99)]
    public void Observe_PercentageAboveThreshold_IsGood(int percentage, int threshold)
    {
        // arrange
        _policy.Observe(Heartbeating, threshold, Limit);

        // act
        var verdict = _policy.Observe(HeartbeatReading.FromPercentage(percentage), threshold, Limit);

        // assert
        Assert.That(verdict.IsAlive, Is.True);
        Assert.That(_policy.ConsecutiveMisses, Is.Zero);
    }

    [Test]
    public void Observe_FirstMiss_AliveWithCountInReason()
    {
        // arrange
        _policy.Observe(Heartbeating, Threshold, Limit);

        // act
        var verdict = _policy.Observe(Low, Threshold, Limit);

        // assert
        Assert.That(verdict.IsAlive, Is.True);
        Assert.That(verdict.Reason, Is.EqualTo("heartbeat 0% at or below threshold 0 (miss 1 of 2)"));
    }

    [Test]
    public void Observe_MissesReachLimit_Dead()
    {
        // arrange
        _policy.Observe(Heartbeating, Threshold, Limit);
        _policy.Observe(Low, Threshold, Limit);

        // act
        var verdict = _policy.Observe(Low, Threshold, Limit);

        // assert
        Assert.That(verdict.IsAlive, Is.False);
        Assert.That(verdict.Reason, Is.EqualTo("heartbeat 0% at or below threshold 0 (miss 2 of 2): dead"));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(5)]
    [TestCase(100)]
    public void Observe_OneMissFewerThanLimit_Alive(int limit)
    {
        // arrange
        _policy.Observe(Heartbeating, Threshold, limit);
        var verdict = new HeartbeatVerdict(true, "none yet");

        // act
        for (var i = 0; i < limit - 1; i++)
        {
            verdict = _policy.Observe(Low, Threshold, limit);
        }

        // assert
        Assert.That(verdict.IsAlive, Is.True);
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(5)]
    [TestCase(100)]
    public void Observe_MissesEqualToLimit_Dead(int limit)
    {
        // arrange
        _policy.Observe(Heartbeating, Threshold, limit);
        for (var i = 0; i < limit - 1; i++)
        {
            _policy.Observe(Low, Threshold, limit);
        }

        // act
        var verdict = _policy.Observe(Low, Threshold, limit);

        // assert
        Assert.That(verdict.IsAlive, Is.False);
    }

    [Test]
    public void Observe_MissAfterDeath_StaysDead()
    {
        // arrange
        _policy.Observe(Heartbeating, Threshold, Limit);
        _policy.Observe(Low, Threshold, Limit);
        _policy.Observe(Low, Threshold, Limit);

        // act
        var verdict = _policy.Observe(Low, Threshold, Limit);

        // assert
        Assert.That(verdict.IsAlive, Is.False);
        Assert.That(_policy.ConsecutiveMisses, Is.EqualTo(3));
    }

    [Test]
    public void Observe_GoodReadingAfterMiss_ClearsCount()
    {
        // arrange
        _policy.Observe(Heartbeating, Threshold, Limit);
        _policy.Observe(Low, Threshold, Limit);

        // act
        _policy.Observe(Good, Threshold, Limit);

        // assert
        Assert.That(_policy.ConsecutiveMisses, Is.Zero);
    }

    [Test]
    public void Observe_MissesSeparatedByGoodReading_NotDead()
    {
        // arrange
        _policy.Observe(Heartbeating, Threshold, Limit);
        _policy.Observe(Low, Threshold, Limit);
        _policy.Observe(Good, Threshold, Limit);

        // act
        var verdict = _policy.Observe(Low, Threshold, Limit);

        // assert
        Assert.That(verdict.IsAlive, Is.True);
    }

    [Test]
    public void Observe_NotHeartbeatingAfterSeen_IsMiss()
    {
        // arrange
        _policy.Observe(Heartbeating, Threshold, Limit);

        // act
        var verdict = _policy.Observe(NotHeartbeating, Threshold, Limit);

        // assert
        Assert.That(_policy.ConsecutiveMisses, Is.EqualTo(1));
        Assert.That(verdict.Reason, Is.EqualTo("not heartbeating (miss 1 of 2)"));
    }

    [Test]
    public void Observe_HeartbeatingAfterMiss_ClearsCount()
    {
        // arrange
        _policy.Observe(Heartbeating, Threshold, Limit);
        _policy.Observe(Low, Threshold, Limit);

        // act
        _policy.Observe(Heartbeating, Threshold, Limit);

        // assert
        Assert.That(_policy.ConsecutiveMisses, Is.Zero);
    }

    // ---- Stable reasons ----

    [Test]
    public void Observe_GoodReadingsOfDifferentPercentages_SameReason()
    {
        // arrange
        _policy.Observe(Heartbeating, Threshold, Limit);
        var first = _policy.Observe(HeartbeatReading.FromPercentage(100), Threshold, Limit);

        // act
        var second = _policy.Observe(HeartbeatReading.FromPercentage(60), Threshold, Limit);

        // assert
        Assert.That(second.Reason, Is.EqualTo(first.Reason));
        Assert.That(second.Reason, Is.EqualTo("heartbeat above threshold 0"));
    }

    [Test]
    public void Observe_SameSequenceOnTwoPolicies_SameReasons()
    {
        // arrange
        var other = new HeartbeatPolicy(_clock);
        HeartbeatReading[] sequence = [Unavailable, Heartbeating, Good, Low, Unavailable, Low, Good];

        // act
        var reasons = sequence.Select(r => _policy.Observe(r, Threshold, 3).Reason).ToList();
        var otherReasons = sequence.Select(r => other.Observe(r, Threshold, 3).Reason).ToList();

        // assert
        Assert.That(otherReasons, Is.EqualTo(reasons));
    }

    // ---- "Additions not available" after the first heartbeat ----

    [Test]
    public void Observe_AdditionsNotAvailableAfterSeen_AliveAndNeutral()
    {
        // arrange
        _policy.Observe(Heartbeating, Threshold, Limit);
        _policy.Observe(Low, Threshold, Limit);

        // act
        var verdict = _policy.Observe(Unavailable, Threshold, Limit);

        // assert
        Assert.That(verdict.IsAlive, Is.True);
        Assert.That(_policy.ConsecutiveMisses, Is.EqualTo(1));
    }

    [Test]
    public void Observe_AdditionsNotAvailableWithinGrace_ReasonDoesNotChangeWithTime()
    {
        // arrange
        _policy.Observe(Heartbeating, Threshold, Limit);
        var first = _policy.Observe(Unavailable, Threshold, Limit);
        _clock.Advance(TimeSpan.FromMinutes(5));

        // act
        var later = _policy.Observe(Unavailable, Threshold, Limit);

        // assert
        Assert.That(later.Reason, Is.EqualTo(first.Reason));
        Assert.That(later.Reason, Is.EqualTo("Additions not available (guest rebooting?), not counted for up to 10 minutes"));
    }

    [Test]
    public void Observe_AdditionsNotAvailableExactlyTenMinutes_StillNeutral()
    {
        // arrange
        _policy.Observe(Heartbeating, Threshold, 1);
        _policy.Observe(Unavailable, Threshold, 1);
        _clock.Advance(TimeSpan.FromMinutes(10));

        // act
        var verdict = _policy.Observe(Unavailable, Threshold, 1);

        // assert
        Assert.That(verdict.IsAlive, Is.True);
        Assert.That(_policy.ConsecutiveMisses, Is.Zero);
    }

    [Test]
    public void Observe_AdditionsNotAvailableJustOverTenMinutes_IsMiss()
    {
        // arrange
        _policy.Observe(Heartbeating, Threshold, Limit);
        _policy.Observe(Unavailable, Threshold, Limit);
        _clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromTicks(1));

        // act
        var verdict = _policy.Observe(Unavailable, Threshold, Limit);

        // assert
        Assert.That(verdict.IsAlive, Is.True);
        Assert.That(_policy.ConsecutiveMisses, Is.EqualTo(1));
        Assert.That(verdict.Reason, Is.EqualTo("Additions not available for over 10 minutes (miss 1 of 2)"));
    }

    [Test]
    public void Observe_AdditionsNotAvailablePastGraceUntilLimit_Dead()
    {
        // arrange: a guest that hangs while booting
        _policy.Observe(Heartbeating, Threshold, Limit);
        _policy.Observe(Unavailable, Threshold, Limit);
        _clock.Advance(TimeSpan.FromMinutes(11));
        _policy.Observe(Unavailable, Threshold, Limit);
        _clock.Advance(TimeSpan.FromMinutes(1));

        // act
        var verdict = _policy.Observe(Unavailable, Threshold, Limit);

        // assert
        Assert.That(verdict.IsAlive, Is.False);
        Assert.That(verdict.Reason, Is.EqualTo("Additions not available for over 10 minutes (miss 2 of 2): dead"));
    }

    [Test]
    public void Observe_AdditionsNotAvailableStreak_MeasuredFromFirstInARow()
    {
        // arrange
        _policy.Observe(Heartbeating, Threshold, Limit);
        _policy.Observe(Unavailable, Threshold, Limit);
        _clock.Advance(TimeSpan.FromMinutes(9));
        _policy.Observe(Unavailable, Threshold, Limit);
        _clock.Advance(TimeSpan.FromMinutes(2));

        // act
        _policy.Observe(Unavailable, Threshold, Limit);

        // assert
        Assert.That(_policy.ConsecutiveMisses, Is.EqualTo(1));
    }

    [Test]
    public void Observe_AdditionsNotAvailableFirstReadingAfterLongQuiet_Neutral()
    {
        // arrange: the streak starts with the reading, not with the last good one
        _policy.Observe(Heartbeating, Threshold, Limit);
        _clock.Advance(TimeSpan.FromHours(1));

        // act
        var verdict = _policy.Observe(Unavailable, Threshold, Limit);

        // assert
        Assert.That(verdict.IsAlive, Is.True);
        Assert.That(_policy.ConsecutiveMisses, Is.Zero);
    }

    [Test]
    public void Observe_GoodReadingInStreak_EndsStreak()
    {
        // arrange
        _policy.Observe(Heartbeating, Threshold, Limit);
        _policy.Observe(Unavailable, Threshold, Limit);
        _clock.Advance(TimeSpan.FromMinutes(9));
        _policy.Observe(Good, Threshold, Limit);
        _clock.Advance(TimeSpan.FromMinutes(1));
        _policy.Observe(Unavailable, Threshold, Limit);
        _clock.Advance(TimeSpan.FromMinutes(9));

        // act
        _policy.Observe(Unavailable, Threshold, Limit);

        // assert
        Assert.That(_policy.ConsecutiveMisses, Is.Zero);
    }

    [Test]
    public void Observe_MissInStreak_EndsStreak()
    {
        // arrange
        _policy.Observe(Heartbeating, Threshold, 5);
        _policy.Observe(Unavailable, Threshold, 5);
        _clock.Advance(TimeSpan.FromMinutes(9));
        _policy.Observe(Low, Threshold, 5);
        _clock.Advance(TimeSpan.FromMinutes(1));
        _policy.Observe(Unavailable, Threshold, 5);
        _clock.Advance(TimeSpan.FromMinutes(9));

        // act
        _policy.Observe(Unavailable, Threshold, 5);

        // assert
        Assert.That(_policy.ConsecutiveMisses, Is.EqualTo(1));
    }

    [Test]
    public void Observe_MissesBeforeAndAfterNeutralStreak_AddUp()
    {
        // arrange: the neutral readings neither count nor clear
        _policy.Observe(Heartbeating, Threshold, Limit);
        _policy.Observe(Low, Threshold, Limit);
        _policy.Observe(Unavailable, Threshold, Limit);

        // act
        var verdict = _policy.Observe(Low, Threshold, Limit);

        // assert
        Assert.That(verdict.IsAlive, Is.False);
    }

    // ---- Reset and ClearMisses ----

    [Test]
    public void Reset_AfterHeartbeat_ForgetsSeen()
    {
        // arrange
        _policy.Observe(Heartbeating, Threshold, Limit);

        // act
        _policy.Reset();

        // assert
        Assert.That(_policy.HasSeenHeartbeat, Is.False);
    }

    [Test]
    public void Reset_AfterMisses_ClearsCount()
    {
        // arrange
        _policy.Observe(Heartbeating, Threshold, Limit);
        _policy.Observe(Low, Threshold, Limit);

        // act
        _policy.Reset();

        // assert
        Assert.That(_policy.ConsecutiveMisses, Is.Zero);
    }

    [Test]
    public void Reset_ThenLowReading_WaitsForFirstHeartbeat()
    {
        // arrange
        _policy.Observe(Heartbeating, Threshold, 1);
        _policy.Reset();

        // act
        var verdict = _policy.Observe(Low, Threshold, 1);

        // assert
        Assert.That(verdict.IsAlive, Is.True);
        Assert.That(verdict.Reason, Is.EqualTo("waiting for the first heartbeat"));
    }

    [Test]
    public void ClearMisses_AfterMisses_ClearsCountKeepsSeen()
    {
        // arrange
        _policy.Observe(Heartbeating, Threshold, Limit);
        _policy.Observe(Low, Threshold, Limit);

        // act
        _policy.ClearMisses();

        // assert
        Assert.That(_policy.ConsecutiveMisses, Is.Zero);
        Assert.That(_policy.HasSeenHeartbeat, Is.True);
    }

    [Test]
    public void ClearMisses_DuringUnavailableStreak_EndsStreak()
    {
        // arrange: the guest went back to restoring in the middle of a streak
        _policy.Observe(Heartbeating, Threshold, Limit);
        _policy.Observe(Unavailable, Threshold, Limit);
        _clock.Advance(TimeSpan.FromMinutes(9));
        _policy.ClearMisses();
        _clock.Advance(TimeSpan.FromMinutes(2));

        // act
        _policy.Observe(Unavailable, Threshold, Limit);

        // assert
        Assert.That(_policy.ConsecutiveMisses, Is.Zero);
    }

    /// <summary>A clock the test moves by hand.</summary>
    private sealed class ManualClock : IClock
    {
        public TimeSpan Now { get; private set; } = TimeSpan.FromHours(1);

        public void Advance(TimeSpan duration) => Now += duration;

        public void Sleep(TimeSpan duration) => Advance(duration);
    }
}
