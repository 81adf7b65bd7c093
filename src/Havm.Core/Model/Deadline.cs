using Havm.Core.Ports;

namespace Havm.Core.Model;

/// <summary>A point in <see cref="IClock"/> time by which a piece of work must be done. Every wait draws on one.</summary>
public readonly struct Deadline
{
    private readonly IClock _clock;

    private Deadline(IClock clock, TimeSpan end)
    {
        _clock = clock;
        End = end;
    }

    /// <summary>The clock time at which the deadline passes.</summary>
    public TimeSpan End { get; }

    /// <summary>The time left; zero once passed.</summary>
    public TimeSpan Remaining
    {
        get
        {
            var left = End - _clock.Now;
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>Whether no time is left.</summary>
    public bool HasPassed => _clock.Now >= End;

    /// <summary>A deadline <paramref name="timeout"/> from now.</summary>
    public static Deadline After(IClock clock, TimeSpan timeout) => new(clock, clock.Now + timeout);

    /// <summary>A deadline <paramref name="timeout"/> after <paramref name="start"/> (a clock time).</summary>
    public static Deadline From(IClock clock, TimeSpan start, TimeSpan timeout) => new(clock, start + timeout);

    /// <summary>This deadline moved <paramref name="margin"/> earlier (for a step that must leave time for another).</summary>
    public Deadline Less(TimeSpan margin) => new(_clock, End - margin);

    /// <summary>Whichever of this deadline and <paramref name="other"/> passes first.</summary>
    public Deadline Earlier(Deadline other) => other.End < End ? other : this;

    /// <summary>The next wait: the time left, but at most <paramref name="slice"/>.</summary>
    public TimeSpan NextSlice(TimeSpan slice)
    {
        var left = Remaining;
        return left < slice ? left : slice;
    }
}
