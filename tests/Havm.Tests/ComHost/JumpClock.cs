using System.Diagnostics;
using Havm.Core.Ports;

namespace Havm.Tests.ComHost;

/// <summary>
/// Real time that a test can also move on at once: the worker's waits on real monitors still end, and a test can make
/// "60 s" pass without waiting for them. Thread-safe.
/// </summary>
public sealed class JumpClock : IClock
{
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private long _jumpedTicks;

    public TimeSpan Now => _elapsed.Elapsed + TimeSpan.FromTicks(Interlocked.Read(ref _jumpedTicks));

    public void Sleep(TimeSpan duration) => Thread.Sleep(duration);

    /// <summary>Moves time on by <paramref name="duration"/> at once.</summary>
    public void Jump(TimeSpan duration) => Interlocked.Add(ref _jumpedTicks, duration.Ticks);
}
