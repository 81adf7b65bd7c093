namespace Havm.Core.Lifecycle;

/// <summary>The times the lifecycle's runs allow for, other than the entry points' deadlines (behaviour.md section 4).</summary>
internal static class RunLimits
{
    /// <summary>How long a task's result may run ahead of the guest's state before the state is believed (5 s).</summary>
    public static readonly TimeSpan StateLag = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The time kept back from an entry point's waits for the reads that decide what to return at its deadline: a
    /// tenth of <paramref name="timeout"/>, at most 2 s.
    /// </summary>
    public static TimeSpan ReserveFor(TimeSpan timeout) => TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(2).Ticks, timeout.Ticks / 10));
}
