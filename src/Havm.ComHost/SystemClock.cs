using System.Diagnostics;
using System.Threading;

namespace Havm.ComHost;

/// <summary>The real <see cref="IClock"/>: monotonic (a stopwatch, never the wall clock). Thread-safe.</summary>
internal sealed class SystemClock : IClock
{
    private readonly Stopwatch _sinceCreated = Stopwatch.StartNew();

    /// <inheritdoc/>
    public TimeSpan Now => _sinceCreated.Elapsed;

    /// <inheritdoc/>
    public void Sleep(TimeSpan duration) => Thread.Sleep(duration > TimeSpan.Zero ? duration : TimeSpan.Zero);
}
