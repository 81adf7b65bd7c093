using System.Threading;
using Havm.ComHost.Interop;
using Havm.ComHost.Services;

namespace Havm.ComHost.VirtualServer;

/// <summary>
/// <see cref="IVirtualServer"/> for one resource. Virtual Server objects live on the resource's <see cref="VsWorker"/>;
/// entry points hand it requests and wait with their deadline. A worker inside one call for more than
/// <see cref="HungAfter"/> is abandoned (never joined); one taken by <see cref="Release"/> is retired. Either way it
/// is given up, and a given-up worker that may still be inside a call counts as the one stuck worker: while it is, no
/// new worker is started and every request answers "no answer in time" at once, so that a wedged Virtual Server costs
/// one thread, not one a minute, whichever of a poll and a Close gave it up (spec section 5, invariant I7). Once it is
/// out of its call, the next request starts a fresh worker with a fresh connection. The service is queried and started on the caller's thread (no COM).
/// Thread-safe.
/// </summary>
internal sealed class VirtualServerAdapter : IVirtualServer
{
    /// <summary>A call into Virtual Server this long is taken as hung.</summary>
    private static readonly TimeSpan HungAfter = TimeSpan.FromSeconds(60);

    /// <summary>How long Release waits for the worker to release its objects (Close must stay quick).</summary>
    private static readonly TimeSpan ReleaseWait = TimeSpan.FromSeconds(2);

    private readonly object _gate = new();
    private readonly IClock _clock;
    private readonly Func<object> _connect;
    private readonly ServiceControl _service;
    private readonly HandOffSpin _spin = new();
    private VsWorker? _worker;
    private bool _dropPending;
    /// <summary>The last worker given up (abandoned or retired) while it may still be in a call; null once it is not.</summary>
    private VsWorker? _givenUp;
    private int _workersAlive;

    /// <summary>The real adapter: connects to VirtualServer.Application by ProgID, and to the real Service Control Manager.</summary>
    public VirtualServerAdapter(IClock clock)
        : this(clock, VsApplication.Create, new ServiceControl(clock, ServiceControlManager.Instance))
    {
    }

    /// <summary>An adapter whose workers connect through <paramref name="connect"/> (tests).</summary>
    internal VirtualServerAdapter(IClock clock, Func<object> connect, ServiceControl service)
    {
        _clock = clock;
        _connect = connect;
        _service = service;
    }

    /// <summary>How many of this resource's worker threads are alive (the current one, and an abandoned one still stuck).</summary>
    internal int WorkersAlive => Interlocked.CompareExchange(ref _workersAlive, 0, 0);

    /// <summary>How many given-up (abandoned or released) workers of this resource may still be stuck in a call: never more than one.</summary>
    internal int AbandonedWorkersAlive
    {
        get
        {
            lock (_gate)
            {
                return _givenUp is { MayBeInACall: true } ? 1 : 0;
            }
        }
    }

    /// <inheritdoc/>
    public bool IsConnected
    {
        get
        {
            lock (_gate)
            {
                return !_dropPending && _worker is { } worker && worker.IsConnected;
            }
        }
    }

    /// <inheritdoc/>
    public ServiceState QueryService(Deadline deadline) => _service.Query();

    /// <inheritdoc/>
    public ServiceStartResult StartService(Deadline deadline) => _service.Start(deadline);

    /// <inheritdoc/>
    /// <remarks>
    /// Connects only when the caller saw no connection (the core asks the Service Control Manager first then). A
    /// connection the caller saw that is gone when the worker runs (dropped after a lost call meanwhile) is not
    /// replaced here: the answer is CO_E_OBJNOTCONNECTED, and the core's next look, seeing none, asks the SCM first.
    /// </remarks>
    public VsAnswer<IGuest?> FindGuest(string name, Deadline deadline)
    {
        var sawConnection = IsConnected;
        return Run(deadline, c =>
        {
            if (sawConnection && !c.IsConnected)
            {
                return VsAnswer<IGuest?>.Failed(HResults.ObjectNotConnected, "the connection to Virtual Server was lost meanwhile");
            }

            var guest = c.FindGuest(name);
            return VsAnswer<IGuest?>.Ok(guest is null ? null : new GuestAdapter(this, name));
        });
    }

    /// <inheritdoc/>
    public VsAnswer<string[]> GuestNames(Deadline deadline) => Run(deadline, c => VsAnswer<string[]>.Ok(c.GuestNames()));

    /// <inheritdoc/>
    public VsAnswer<bool> RegisterGuest(string configurationFile, Deadline deadline, ChangeGuard guard) =>
        Register("RegisterVirtualMachine", configurationFile, deadline, guard);

    /// <inheritdoc/>
    /// <remarks><c>IVMVirtualServer::UnregisterVirtualMachine(vm)</c> takes the guest object (Virtual Server COM reference).</remarks>
    public VsAnswer<bool> UnregisterGuest(string name, Deadline deadline, ChangeGuard guard) =>
        Run(deadline, c =>
        {
            if (guard.IsSuperseded)
            {
                return VsAnswer<bool>.Failed(HResults.OperationAborted, "superseded by Terminate");
            }

            var guest = c.FindGuest(name);
            if (guest is null)
            {
                return VsAnswer<bool>.Failed(HResults.VmUnknown, "guest \"" + name + "\" is not registered");
            }

            _ = LateBinder.Call(c.Application, "UnregisterVirtualMachine", guest);
            c.Forget(name);
            return VsAnswer<bool>.Ok(true);
        });

    /// <inheritdoc/>
    public VsAnswer<bool> RegisterNetwork(string configurationFile, Deadline deadline, ChangeGuard guard) =>
        Register("RegisterVirtualNetwork", configurationFile, deadline, guard);

    /// <inheritdoc/>
    public VsAnswer<string[]> NetworkFiles(Deadline deadline) => Run(deadline, c => VsAnswer<string[]>.Ok(c.NetworkFiles()));

    /// <inheritdoc/>
    public void Reconnect()
    {
        // The drop runs on the worker later: until it has, the kept connection no longer counts (the next look asks
        // the Service Control Manager before it could connect anew).
        lock (_gate)
        {
            _dropPending = true;
        }

        Post(new VsRequest<bool>(c =>
        {
            var dropped = Drop(c);
            lock (_gate)
            {
                _dropPending = false;
            }

            return dropped;
        }));
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Retires the worker: it releases its objects and ends. Taken from the adapter and counted as given up in one
    /// step, so that a request racing this Close can neither start a second worker beside one still inside a call nor
    /// reach the retiring one. Waits up to <see cref="ReleaseWait"/>; a worker still in a call then is abandoned (its
    /// queue answers "no answer in time") and stays the one stuck worker until its call returns.
    /// </remarks>
    public void Release()
    {
        VsWorker? worker;
        var release = new VsRequest<bool>(Drop);
        bool posted;
        lock (_gate)
        {
            worker = _worker;
            _worker = null;
            if (worker is null)
            {
                return;
            }

            // While a worker is current, no other given-up worker may be in a call (CurrentWorker starts none then).
            posted = worker.TryPost(release);
            worker.Retire();
            _givenUp = worker;
        }

        if (posted && release.Await(Deadline.After(_clock, ReleaseWait)).IsOk)
        {
            // Its objects are released: what is left (its end) makes no call that could hang.
            lock (_gate)
            {
                if (_givenUp == worker)
                {
                    _givenUp = null;
                }
            }

            return;
        }

        // Still inside a call: it releases its objects when that returns; until then it is the one stuck worker.
        GiveUp(worker.Abandon());
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the worker; "no answer in time" at the deadline. The caller looks for a quick
    /// answer before it blocks (<see cref="HandOffSpin"/>).
    /// </summary>
    internal VsAnswer<T> Run<T>(Deadline deadline, Func<VsConnection, VsAnswer<T>> work)
    {
        var request = new VsRequest<T>(work);
        Post(request);
        return request.Await(deadline, _spin);
    }

    /// <summary>RegisterVirtualMachine/RegisterVirtualNetwork with an empty name and the file's full path (Virtual Server COM reference).</summary>
    private VsAnswer<bool> Register(string method, string configurationFile, Deadline deadline, ChangeGuard guard) =>
        Run(deadline, c =>
        {
            if (guard.IsSuperseded)
            {
                return VsAnswer<bool>.Failed(HResults.OperationAborted, "superseded by Terminate");
            }

            ComObjects.Release(LateBinder.Call(c.Application, method, string.Empty, configurationFile));
            return VsAnswer<bool>.Ok(true);
        });

    private static VsAnswer<bool> Drop(VsConnection connection)
    {
        connection.Drop();
        return VsAnswer<bool>.Ok(true);
    }

    private static void GiveUp(IEnumerable<IVsRequest> requests)
    {
        foreach (var request in requests)
        {
            request.GiveUp();
        }
    }

    private void Post(IVsRequest request)
    {
        // A worker retired by a concurrent Release refuses the request: the next pass starts a fresh one.
        for (var worker = CurrentWorker(); ; worker = CurrentWorker())
        {
            if (worker is null)
            {
                request.GiveUp();
                return;
            }

            if (worker.TryPost(request))
            {
                return;
            }

            lock (_gate)
            {
                if (_worker == worker)
                {
                    _worker = null;
                }
            }
        }
    }

    /// <summary>The worker to post to, started if needed; null while a given-up worker may still be stuck in a call.</summary>
    private VsWorker? CurrentWorker()
    {
        lock (_gate)
        {
            if (_givenUp is { MayBeInACall: false })
            {
                _givenUp = null;
            }

            if (_worker is not null && _worker.BusyFor > HungAfter)
            {
                // Hung: abandoned (a current worker means no given-up one is in a call: see below and Release).
                _givenUp = _worker;
                _worker = null;
                GiveUp(_givenUp.Abandon());
                return null;
            }

            if (_worker is null && _givenUp is not null)
            {
                return null;
            }

            if (_worker is null)
            {
                _ = Interlocked.Increment(ref _workersAlive);
                _worker = VsWorker.Start(_clock, _connect, () => Interlocked.Decrement(ref _workersAlive));
                _dropPending = false; // a new worker holds no connection yet
            }

            return _worker;
        }
    }
}
