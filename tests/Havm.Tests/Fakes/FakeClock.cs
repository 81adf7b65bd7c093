using Havm.Core.Ports;

namespace Havm.Tests.Fakes;

/// <summary>
/// A clock that only moves when told to: <see cref="Sleep"/> and <see cref="Advance"/> add to <see cref="Now"/>.
/// Thread-safe. <see cref="OnSleep"/> runs after each sleep, outside the lock, so that a test can act at a
/// deterministic point (for example start a concurrent Terminate).
/// </summary>
public sealed class FakeClock : IClock
{
    /// <summary>An arbitrary, non-zero origin (the real clock's origin is arbitrary too).</summary>
    public static readonly TimeSpan Origin = TimeSpan.FromHours(7);

    private readonly object _gate = new();
    private TimeSpan _now;
    private int _sleeps;
    private Action? _onSleep;

    public FakeClock()
        : this(Origin)
    {
    }

    public FakeClock(TimeSpan start) => _now = start;

    public TimeSpan Now
    {
        get
        {
            lock (_gate)
            {
                return _now;
            }
        }
    }

    /// <summary>How many times <see cref="Sleep"/> was called.</summary>
    public int SleepCount
    {
        get
        {
            lock (_gate)
            {
                return _sleeps;
            }
        }
    }

    /// <summary>Runs after every <see cref="Sleep"/>, on the sleeping thread, outside the clock's lock.</summary>
    public Action? OnSleep
    {
        get
        {
            lock (_gate)
            {
                return _onSleep;
            }
        }

        set
        {
            lock (_gate)
            {
                _onSleep = value;
            }
        }
    }

    public void Sleep(TimeSpan duration)
    {
        // Thread.Sleep rejects a negative time too: a negative sleep is a bug in the caller's arithmetic.
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        Action? hook;
        lock (_gate)
        {
            _now += duration;
            _sleeps++;
            hook = _onSleep;
        }

        hook?.Invoke();
    }

    /// <summary>Moves time on without counting as a sleep and without running <see cref="OnSleep"/>.</summary>
    public void Advance(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        lock (_gate)
        {
            _now += duration;
        }
    }

    /// <summary>Moves time on to <paramref name="time"/> if that is later than now.</summary>
    public void AdvanceTo(TimeSpan time)
    {
        lock (_gate)
        {
            if (time > _now)
            {
                _now = time;
            }
        }
    }
}
