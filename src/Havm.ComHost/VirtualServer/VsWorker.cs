using System.Threading;

namespace Havm.ComHost.VirtualServer;

/// <summary>
/// The one thread (MTA, background) on which a resource's Virtual Server objects are created, used and released.
/// Runs requests in order. Retired: finishes what is queued, releases its objects and ends. Abandoned (hung in a
/// call): hands back what is queued, and releases its objects and ends if that call ever returns; never joined.
/// </summary>
internal sealed class VsWorker
{
    private readonly object _gate = new();
    private readonly Queue<IVsRequest> _queue = new();
    private readonly IClock _clock;
    private readonly VsConnection _connection;
    private readonly Action? _ended;
    private bool _retired;
    private bool _abandoned;
    private bool _hasEnded;
    private TimeSpan? _busySince;

    private VsWorker(IClock clock, Func<object> connect, Action? ended)
    {
        _clock = clock;
        _connection = new VsConnection(connect);
        _ended = ended;
    }

    /// <summary>How long the worker has been inside its current call (zero when idle).</summary>
    public TimeSpan BusyFor
    {
        get
        {
            lock (_gate)
            {
                return _busySince.HasValue ? _clock.Now - _busySince.Value : TimeSpan.Zero;
            }
        }
    }

    /// <summary>Whether the worker's connection holds VirtualServer.Application (read from any thread).</summary>
    public bool IsConnected => _connection.IsConnected;

    /// <summary>
    /// Whether the thread may still be inside, or about to make, a call into Virtual Server: it has not ended, and it
    /// is abandoned, inside a call (a request, or releasing its objects as it ends) or has requests queued. False for
    /// a worker idle between requests (it makes no call until one is posted) and once it has ended.
    /// </summary>
    public bool MayBeInACall
    {
        get
        {
            lock (_gate)
            {
                return !_hasEnded && (_abandoned || _busySince.HasValue || _queue.Count > 0);
            }
        }
    }

    /// <summary>Whether the thread has ended (its objects released): an abandoned worker is no longer stuck.</summary>
    public bool HasEnded
    {
        get
        {
            lock (_gate)
            {
                return _hasEnded;
            }
        }
    }

    /// <summary>Starts a worker with a fresh connection; <paramref name="ended"/> runs on its thread as it ends.</summary>
    public static VsWorker Start(IClock clock, Func<object> connect, Action? ended = null)
    {
        var worker = new VsWorker(clock, connect, ended);

        // Background: a worker stuck in a hung Virtual Server call must never keep the host process alive.
        var thread = new Thread(worker.Loop) { IsBackground = true, Name = "Havm.Net Virtual Server worker" };
        _ = thread.TrySetApartmentState(ApartmentState.MTA);
        thread.Start();
        return worker;
    }

    /// <summary>Queues a request; false once the worker is retired or abandoned.</summary>
    public bool TryPost(IVsRequest request)
    {
        lock (_gate)
        {
            if (_retired || _abandoned)
            {
                return false;
            }

            _queue.Enqueue(request);
            Monitor.PulseAll(_gate);
            return true;
        }
    }

    /// <summary>Accepts no more requests; the worker ends once the queue is empty.</summary>
    public void Retire()
    {
        lock (_gate)
        {
            _retired = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Gives the worker up; returns the requests it had not started, for a fresh worker.</summary>
    public IVsRequest[] Abandon()
    {
        lock (_gate)
        {
            _abandoned = true;
            var stranded = _queue.ToArray();
            _queue.Clear();
            Monitor.PulseAll(_gate);
            return stranded;
        }
    }

    private void Loop()
    {
        for (var request = Take(); request is not null; request = Take())
        {
            Guarded(() =>
            {
                if (request.Run(_connection))
                {
                    _connection.Drop();
                }
            });
        }

        // Still busy (Take marked it): releasing the objects is a call into Virtual Server too.
        Guarded(_connection.Drop);
        lock (_gate)
        {
            _busySince = null;
            _hasEnded = true;
        }

        if (_ended is not null)
        {
            Guarded(_ended);
        }
    }

    /// <summary>
    /// The next request, or null when the worker is to end. Idle (not busy) only while it waits for a request, so
    /// that a retired worker is never seen idle between its last call and its end (<see cref="MayBeInACall"/>).
    /// </summary>
    private IVsRequest? Take()
    {
        lock (_gate)
        {
            _busySince = null;
            while (_queue.Count == 0 && !_retired && !_abandoned)
            {
                _ = Monitor.Wait(_gate);
            }

            _busySince = _clock.Now;
            return _abandoned || _queue.Count == 0 ? null : _queue.Dequeue();
        }
    }

    private static void Guarded(Action action)
    {
#pragma warning disable CA1031 // an exception escaping this thread would kill the host process and every resource in it
        try
        {
            action();
        }
        catch (Exception)
        {
            // Requests turn their own failures into answers; what is left here (a failed release) has no one to tell.
        }
#pragma warning restore CA1031
    }
}
