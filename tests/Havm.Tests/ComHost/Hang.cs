namespace Havm.Tests.ComHost;

/// <summary>
/// A call that does not return until the test lets it (a wedged Virtual Server). Counts the threads stuck in it, so
/// that a test can count what a hang costs. Released on Dispose, so that no test leaves a thread behind.
/// </summary>
public sealed class Hang : IDisposable
{
    private readonly ManualResetEventSlim _released = new(false);
    private int _stuck;
    private int _entered;

    /// <summary>How many threads are inside the hung call now.</summary>
    public int Stuck => Volatile.Read(ref _stuck);

    /// <summary>How many calls ever entered it.</summary>
    public int Entered => Volatile.Read(ref _entered);

    /// <summary>Blocks the calling thread until <see cref="Release"/>.</summary>
    public void Block()
    {
        Interlocked.Increment(ref _entered);
        Interlocked.Increment(ref _stuck);
        try
        {
            _released.Wait();
        }
        finally
        {
            Interlocked.Decrement(ref _stuck);
        }
    }

    /// <summary>Lets every blocked call, and every later one, return.</summary>
    public void Release() => _released.Set();

    /// <summary>Waits (real time, bounded) until <paramref name="condition"/> holds; false if it never did.</summary>
    public static bool Until(Func<bool> condition, int milliseconds = 10000)
    {
        return SpinWait.SpinUntil(condition, milliseconds);
    }

    public void Dispose()
    {
        _released.Set();
        _released.Dispose();
    }
}
