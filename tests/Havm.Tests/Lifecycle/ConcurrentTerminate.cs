using System.Threading;

namespace Havm.Tests.Lifecycle;

/// <summary>
/// Runs Open+Terminate on another thread, once, from inside a hook of the entry point under test (a task wait or a
/// clock sleep), and joins it there: Terminate has certainly begun and ended before the entry point continues.
/// The join has a generous bound only so that a deadlock fails the test instead of hanging the run.
/// </summary>
internal sealed class ConcurrentTerminate
{
    private static readonly TimeSpan JoinBound = TimeSpan.FromSeconds(30);

    private readonly World _world;
    private readonly bool _sameThread;
    private int _started;

    public ConcurrentTerminate(World world, bool sameThread = false)
    {
        _world = world;
        _sameThread = sameThread;
    }

    /// <summary>The call-log mark taken just before Terminate began (-1: not run).</summary>
    public int Mark { get; private set; } = -1;

    /// <summary>The thread of the entry point that was interrupted.</summary>
    public int InterruptedThreadId { get; private set; }

    /// <summary>Terminate's return code (-1: not run).</summary>
    public int Result { get; private set; } = -1;

    /// <summary>Whether Terminate finished before the bound.</summary>
    public bool Finished { get; private set; }

    /// <summary>What Terminate threw, if anything.</summary>
    public Exception? Error { get; private set; }

    public bool HasRun => Volatile.Read(ref _started) == 1;

    public void RunOnce()
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            return;
        }

        InterruptedThreadId = Environment.CurrentManagedThreadId;
        Mark = _world.Server.Mark();
        if (_sameThread)
        {
            Run();
            return;
        }

        var thread = new Thread(Run) { IsBackground = true, Name = "Terminate" };
        thread.Start();
        Finished = thread.Join(JoinBound);
    }

    private void Run()
    {
        try
        {
            _world.Controller.Open(_world.Resource);
            Result = _world.Controller.Terminate(_world.Resource);
            Finished = true;
        }
#pragma warning disable CA1031 // the test asserts on what Terminate threw
        catch (Exception e)
#pragma warning restore CA1031
        {
            Error = e;
        }
    }
}
