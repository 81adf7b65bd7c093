namespace Havm.Core.Model;

/// <summary>
/// A point in monotonic time by which a piece of work must be done. Every wait draws on one. It reads the time through
/// an <see cref="ITimeSource"/>, never the clock port: the port waits (a side effect the model has no use for), and a
/// model type that named a port made Model and Ports depend on each other. Callers pass their clock as before.
/// </summary>
public readonly struct Deadline
{
    private readonly ITimeSource _time;

    private Deadline(ITimeSource time, TimeSpan end)
    {
        _time = time;
        End = end;
    }

    /// <summary>The time (<see cref="ITimeSource.Now"/>) at which the deadline passes.</summary>
    public TimeSpan End { get; }

    /// <summary>The time left; zero once passed.</summary>
    public TimeSpan Remaining
    {
        get
        {
            var left = End - _time.Now;
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>Whether no time is left.</summary>
    public bool HasPassed => _time.Now >= End;

    /// <summary>A deadline <paramref name="timeout"/> from now.</summary>
    public static Deadline After(ITimeSource time, TimeSpan timeout) => new(time, time.Now + timeout);

    /// <summary>A deadline <paramref name="timeout"/> after <paramref name="start"/> (a time <paramref name="time"/> gave).</summary>
    public static Deadline From(ITimeSource time, TimeSpan start, TimeSpan timeout) => new(time, start + timeout);

    /// <summary>This deadline moved <paramref name="margin"/> earlier (for a step that must leave time for another).</summary>
    public Deadline Less(TimeSpan margin) => new(_time, End - margin);

    /// <summary>Whichever of this deadline and <paramref name="other"/> passes first.</summary>
    public Deadline Earlier(Deadline other) => other.End < End ? other : this;

    /// <summary>The next wait: the time left, but at most <paramref name="slice"/>.</summary>
    public TimeSpan NextSlice(TimeSpan slice)
    {
        var left = Remaining;
        return left < slice ? left : slice;
    }
}
