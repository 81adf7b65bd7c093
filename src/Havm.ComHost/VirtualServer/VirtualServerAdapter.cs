using Havm.ComHost.Interop;
using Havm.ComHost.Services;

namespace Havm.ComHost.VirtualServer;

/// <summary>
/// <see cref="IVirtualServer"/> for one resource. Virtual Server objects live on the resource's <see cref="VsWorker"/>;
/// entry points hand it requests and wait with their deadline. A worker inside one call for more than
/// <see cref="HungAfter"/> is abandoned (never joined) and replaced by a fresh one with a fresh connection.
/// The service is queried and started on the caller's thread (no COM). Thread-safe.
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
    private VsWorker? _worker;

    /// <summary>The real adapter: connects to VirtualServer.Application by ProgID.</summary>
    public VirtualServerAdapter(IClock clock)
        : this(clock, VsApplication.Create)
    {
    }

    /// <summary>An adapter whose worker connects through <paramref name="connect"/> (tests).</summary>
    internal VirtualServerAdapter(IClock clock, Func<object> connect)
    {
        _clock = clock;
        _connect = connect;
        _service = new ServiceControl(clock);
    }

    /// <inheritdoc/>
    public bool IsConnected
    {
        get
        {
            lock (_gate)
            {
                return _worker is { } worker && worker.IsConnected;
            }
        }
    }

    /// <inheritdoc/>
    public ServiceState QueryService(Deadline deadline) => _service.Query();

    /// <inheritdoc/>
    public ServiceStartResult StartService(Deadline deadline) => _service.Start(deadline);

    /// <inheritdoc/>
    public VsAnswer<IGuest?> FindGuest(string name, Deadline deadline) =>
        Run(deadline, c =>
        {
            var guest = c.FindGuest(name);
            return VsAnswer<IGuest?>.Ok(guest is null ? null : new GuestAdapter(this, name));
        });

    /// <inheritdoc/>
    public VsAnswer<string[]> GuestNames(Deadline deadline) => Run(deadline, c => VsAnswer<string[]>.Ok(c.GuestNames()));

    /// <inheritdoc/>
    public void Reconnect() => Post(new VsRequest<bool>(Drop));

    /// <inheritdoc/>
    public void Release()
    {
        VsWorker? worker;
        lock (_gate)
        {
            worker = _worker;
            _worker = null;
        }

        if (worker is null)
        {
            return;
        }

        var release = new VsRequest<bool>(Drop);
        var posted = worker.TryPost(release);
        worker.Retire();
        if (posted)
        {
            _ = release.Await(Deadline.After(_clock, ReleaseWait));
        }
    }

    /// <summary>Runs <paramref name="work"/> on the worker; "no answer in time" at the deadline.</summary>
    internal VsAnswer<T> Run<T>(Deadline deadline, Func<VsConnection, VsAnswer<T>> work)
    {
        var request = new VsRequest<T>(work);
        Post(request);
        return request.Await(deadline);
    }

    private static VsAnswer<bool> Drop(VsConnection connection)
    {
        connection.Drop();
        return VsAnswer<bool>.Ok(true);
    }

    private void Post(IVsRequest request)
    {
        // A worker retired by a concurrent Release refuses the request: the next pass starts a fresh one.
        for (var worker = CurrentWorker(); !worker.TryPost(request); worker = CurrentWorker())
        {
            lock (_gate)
            {
                if (_worker == worker)
                {
                    _worker = null;
                }
            }
        }
    }

    private VsWorker CurrentWorker()
    {
        lock (_gate)
        {
            if (_worker is not null && _worker.BusyFor > HungAfter)
            {
                var stranded = _worker.Abandon();
                _worker = VsWorker.Start(_clock, _connect);
                foreach (var request in stranded)
                {
                    _ = _worker.TryPost(request);
                }
            }

            return _worker ??= VsWorker.Start(_clock, _connect);
        }
    }
}
