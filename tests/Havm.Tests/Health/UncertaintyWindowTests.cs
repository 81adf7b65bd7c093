using Havm.Core.Health;
using Havm.Core.Ports;
using NUnit.Framework;

namespace Havm.Tests.Health;

[TestFixture]
public sealed class UncertaintyWindowTests
{
    private ManualClock _clock = null!;
    private UncertaintyWindow _window = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new ManualClock();
        _window = new UncertaintyWindow(_clock);
    }

    [Test]
    public void New_NothingObserved_IsClosed()
    {
        // arrange: a fresh window

        // act
        var isOpen = _window.IsOpen;

        // assert
        Assert.That(isOpen, Is.False);
    }

    [Test]
    public void Observe_First_AliveAndLogged()
    {
        // arrange: a fresh window

        // act
        var isAlive = _window.Observe(out var shouldLog);

        // assert
        Assert.That(isAlive, Is.True);
        Assert.That(shouldLog, Is.True);
    }

    [Test]
    public void Observe_First_OpensWindow()
    {
        // arrange: a fresh window

        // act
        _window.Observe(out _);

        // assert
        Assert.That(_window.IsOpen, Is.True);
    }

    [Test]
    public void Observe_SecondRightAfterFirst_AliveNotLogged()
    {
        // arrange
        _window.Observe(out _);

        // act
        var isAlive = _window.Observe(out var shouldLog);

        // assert
        Assert.That(isAlive, Is.True);
        Assert.That(shouldLog, Is.False);
    }

    [TestCase(1)]
    [TestCase(60)]
    [TestCase(299)]
    public void Observe_BeforeLimit_Alive(int seconds)
    {
        // arrange
        _window.Observe(out _);
        _clock.Advance(TimeSpan.FromSeconds(seconds));

        // act
        var isAlive = _window.Observe(out _);

        // assert
        Assert.That(isAlive, Is.True);
    }

    [Test]
    public void Observe_OneTickBeforeLimit_Alive()
    {
        // arrange
        _window.Observe(out _);
        _clock.Advance(TimeSpan.FromSeconds(300) - TimeSpan.FromTicks(1));

        // act
        var isAlive = _window.Observe(out var shouldLog);

        // assert
        Assert.That(isAlive, Is.True);
        Assert.That(shouldLog, Is.False);
    }

    [Test]
    public void Observe_ExactlyAtLimit_DeadAndLogged()
    {
        // arrange
        _window.Observe(out _);
        _clock.Advance(TimeSpan.FromSeconds(300));

        // act
        var isAlive = _window.Observe(out var shouldLog);

        // assert
        Assert.That(isAlive, Is.False);
        Assert.That(shouldLog, Is.True);
    }

    [Test]
    public void Observe_FirstDeadAfterQuietAliveCalls_Logged()
    {
        // arrange: the call in between was not logged; the expiry is
        _window.Observe(out _);
        _clock.Advance(TimeSpan.FromSeconds(100));
        _window.Observe(out _);
        _clock.Advance(TimeSpan.FromSeconds(250));

        // act
        var isAlive = _window.Observe(out var shouldLog);

        // assert
        Assert.That(isAlive, Is.False);
        Assert.That(shouldLog, Is.True);
    }

    [Test]
    public void Observe_DeadAgainSoonAfterExpiry_DeadNotLogged()
    {
        // arrange
        _window.Observe(out _);
        _clock.Advance(TimeSpan.FromSeconds(300));
        _window.Observe(out _);
        _clock.Advance(TimeSpan.FromSeconds(60));

        // act
        var isAlive = _window.Observe(out var shouldLog);

        // assert
        Assert.That(isAlive, Is.False);
        Assert.That(shouldLog, Is.False);
    }

    [Test]
    public void Observe_FiveMinutesAfterLastLog_LoggedAgain()
    {
        // arrange
        _window.Observe(out _);
        _clock.Advance(TimeSpan.FromSeconds(300));
        _window.Observe(out _);
        _clock.Advance(TimeSpan.FromMinutes(5));

        // act
        _window.Observe(out var shouldLog);

        // assert
        Assert.That(shouldLog, Is.True);
    }

    [Test]
    public void Observe_JustUnderFiveMinutesAfterLastLog_NotLogged()
    {
        // arrange
        _window.Observe(out _);
        _clock.Advance(TimeSpan.FromSeconds(300));
        _window.Observe(out _);
        _clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1));

        // act
        _window.Observe(out var shouldLog);

        // assert
        Assert.That(shouldLog, Is.False);
    }

    [Test]
    public void Observe_EveryMinuteForTwentyMinutes_LogsAtMostOncePerFiveMinutes()
    {
        // arrange
        var logged = new List<int>();

        // act
        for (var minute = 0; minute <= 20; minute++)
        {
            _window.Observe(out var shouldLog);
            if (shouldLog)
            {
                logged.Add(minute);
            }

            _clock.Advance(TimeSpan.FromMinutes(1));
        }

        // assert
        Assert.That(logged, Is.EqualTo(new[] { 0, 5, 10, 15, 20 }));
    }

    [Test]
    public void Close_Open_Closes()
    {
        // arrange
        _window.Observe(out _);

        // act
        _window.Close();

        // assert
        Assert.That(_window.IsOpen, Is.False);
    }

    [Test]
    public void Observe_AfterCloseOfExpiredWindow_AliveAgain()
    {
        // arrange
        _window.Observe(out _);
        _clock.Advance(TimeSpan.FromSeconds(400));
        _window.Observe(out _);
        _window.Close();

        // act
        var isAlive = _window.Observe(out _);

        // assert
        Assert.That(isAlive, Is.True);
    }

    [Test]
    public void Observe_ReopenedWithinLogInterval_StaysQuiet()
    {
        // arrange: "cannot tell" flaps; its line is written at most once per 5 minutes (invariant I6)
        _window.Observe(out _);
        _clock.Advance(TimeSpan.FromSeconds(60));
        _window.Close();
        _clock.Advance(TimeSpan.FromSeconds(60));

        // act
        _window.Observe(out var shouldLog);

        // assert
        Assert.That(shouldLog, Is.False);
    }

    [Test]
    public void Observe_ReopenedAfterLogInterval_LogsAgain()
    {
        // arrange
        _window.Observe(out _);
        _window.Close();
        _clock.Advance(UncertaintyWindow.LogInterval);

        // act
        _window.Observe(out var shouldLog);

        // assert
        Assert.That(shouldLog, Is.True);
    }

    [Test]
    public void Observe_AfterReopen_LimitMeasuredFromReopen()
    {
        // arrange
        _window.Observe(out _);
        _clock.Advance(TimeSpan.FromSeconds(200));
        _window.Close();
        _window.Observe(out _);
        _clock.Advance(TimeSpan.FromSeconds(200));

        // act
        var isAlive = _window.Observe(out _);

        // assert
        Assert.That(isAlive, Is.True);
    }

    [Test]
    public void Observe_ReopenedWindowExpires_ExpiryLoggedAgain()
    {
        // arrange
        _window.Observe(out _);
        _clock.Advance(TimeSpan.FromSeconds(300));
        _window.Observe(out _);
        _window.Close();
        _window.Observe(out _);
        _clock.Advance(TimeSpan.FromSeconds(300));

        // act
        var isAlive = _window.Observe(out var shouldLog);

        // assert
        Assert.That(isAlive, Is.False);
        Assert.That(shouldLog, Is.True);
    }

    /// <summary>A clock the test moves by hand.</summary>
    private sealed class ManualClock : IClock
    {
        public TimeSpan Now { get; private set; } = TimeSpan.FromHours(1);

        public void Advance(TimeSpan duration) => Now += duration;

        public void Sleep(TimeSpan duration) => Advance(duration);
    }
}
