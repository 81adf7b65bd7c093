using Havm.Core.Model;
using Havm.Core.Ports;

namespace Havm.Tests.Fakes;

/// <summary>What <see cref="FakeVirtualServer.StartService"/> does with a stopped service.</summary>
public enum ServiceStartBehaviour
{
    /// <summary>The service starts and runs.</summary>
    Starts,
    /// <summary>The start fails with <see cref="FakeVirtualServer.StartFailureCode"/>.</summary>
    Fails,
    /// <summary>The start returns without error but the service stays stopped.</summary>
    StaysStopped,
}

/// <summary>
/// Virtual Server as Havm.Core sees it: the service, the registered guests, the client connection, failure
/// injection per call, and one ordered log of every call (<c>FindGuest</c>, <c>Guest1.Save</c>,
/// <c>Guest1.Save.Wait</c>, ...). Thread-safe: one lock guards the server, its guests and their tasks.
/// Like the real one: calls fail while the service is down (<c>CO_E_SERVER_EXEC_FAILURE</c>, or
/// <c>REGDB_E_CLASSNOTREG</c> when it is not installed), objects obtained before a service restart fail with
/// <c>RPC_E_DISCONNECTED</c> until reconnected, every call costs <see cref="CallCost"/> of clock time, and a call
/// that times out uses up its deadline.
/// </summary>
public sealed class FakeVirtualServer : IVirtualServer
{
    internal readonly object Sync = new();

    private readonly Dictionary<string, FakeGuest> _guests = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<VsCall, (Fault Fault, int Remaining)> _faults = [];
    private readonly List<CallRecord> _calls = [];
    private ServiceState _serviceState = ServiceState.Running;
    private ServiceState? _queryAnswer;
    private ServiceStartBehaviour _startBehaviour = ServiceStartBehaviour.Starts;
    private int _startFailureCode = 1058;
    private int _serviceEpoch;
    private int? _clientEpoch;
    private int _reconnects;
    private int _releases;
    private TimeSpan _callCost = TimeSpan.FromMilliseconds(1);
    private TimeSpan _startDuration;
    private readonly List<string> _violations = [];
    private readonly Dictionary<string, (string Name, GuestState State)> _storage = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, FakeGuest> _unregistered = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _networkFiles = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _registeredNetworks = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(TimeSpan At, ServiceState State)> _serviceSchedule = [];
    private bool _activationStarts;
    private int _startsByActivation;

    public FakeVirtualServer(FakeClock clock) => Clock = clock;

    public FakeClock Clock { get; }

    /// <summary>The service's real state. Going from down to Running is a new service process (old objects disconnect).</summary>
    public ServiceState ServiceState
    {
        get
        {
            lock (Sync)
            {
                return _serviceState;
            }
        }

        set
        {
            lock (Sync)
            {
                if (!IsUp(_serviceState) && IsUp(value))
                {
                    _serviceEpoch++;
                }

                _serviceState = value;
            }
        }
    }

    /// <summary>When set, what <see cref="QueryService"/> answers instead of the real state (e.g. Unknown).</summary>
    public ServiceState? QueryServiceAnswer
    {
        get
        {
            lock (Sync)
            {
                return _queryAnswer;
            }
        }

        set
        {
            lock (Sync)
            {
                _queryAnswer = value;
            }
        }
    }

    public ServiceStartBehaviour StartBehaviour
    {
        get
        {
            lock (Sync)
            {
                return _startBehaviour;
            }
        }

        set
        {
            lock (Sync)
            {
                _startBehaviour = value;
            }
        }
    }

    /// <summary>The Win32 error of a failing start (default 1058, ERROR_SERVICE_DISABLED).</summary>
    public int StartFailureCode
    {
        get
        {
            lock (Sync)
            {
                return _startFailureCode;
            }
        }

        set
        {
            lock (Sync)
            {
                _startFailureCode = value;
            }
        }
    }

    /// <summary>Clock time every call into Virtual Server takes (default 1 ms), so that no polling loop spins forever.</summary>
    public TimeSpan CallCost
    {
        get
        {
            lock (Sync)
            {
                return _callCost;
            }
        }

        set
        {
            lock (Sync)
            {
                _callCost = value;
            }
        }
    }

    /// <summary>Clock time a start of the stopped service takes (default none).</summary>
    public TimeSpan StartServiceDuration
    {
        get
        {
            lock (Sync)
            {
                return _startDuration;
            }
        }

        set
        {
            lock (Sync)
            {
                _startDuration = value;
            }
        }
    }

    public int ReconnectCount
    {
        get
        {
            lock (Sync)
            {
                return _reconnects;
            }
        }
    }

    public int ReleaseCount
    {
        get
        {
            lock (Sync)
            {
                return _releases;
            }
        }
    }

    /// <summary>Every call so far, in order.</summary>
    public IReadOnlyList<CallRecord> Calls
    {
        get
        {
            lock (Sync)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>The names of every call so far, in order.</summary>
    public IReadOnlyList<string> CallNames => [.. Calls.Select(c => c.Name)];

    /// <summary>Runs before every guest-changing call, outside the lock (the explorer injects a Terminate here).</summary>
    public Action<VsCall>? BeforeMutation { get; set; }

    /// <summary>Every violation of the data rules (I1, I2) the guests recorded, in order.</summary>
    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (Sync)
            {
                return [.. _violations];
            }
        }
    }

    internal int CallCountUnsafe => _calls.Count;

    internal int ServiceEpochUnsafe => _serviceEpoch;

    internal void RecordViolationUnsafe(string violation) => _violations.Add(violation);

    /// <summary>The service moves to <paramref name="state"/> once <paramref name="delay"/> of clock time has passed.</summary>
    public void ServiceBecomesAfter(TimeSpan delay, ServiceState state)
    {
        lock (Sync)
        {
            _serviceSchedule.Add((Clock.Now + delay, state));
            _serviceSchedule.Sort((a, b) => a.At.CompareTo(b.At));
        }
    }

    internal bool ServiceUpUnsafe => IsUp(_serviceState);

    /// <summary>A mark in the call log for <see cref="CallsSince"/>.</summary>
    public int Mark()
    {
        lock (Sync)
        {
            return _calls.Count;
        }
    }

    /// <summary>The calls made after <paramref name="mark"/>.</summary>
    public IReadOnlyList<CallRecord> CallsSince(int mark)
    {
        lock (Sync)
        {
            return [.. _calls.Skip(mark)];
        }
    }

    /// <summary>How many calls had exactly this name (case-insensitive).</summary>
    public int CountOf(string name)
    {
        lock (Sync)
        {
            return _calls.Count(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
        }
    }

    public bool WasCalled(string name) => CountOf(name) > 0;

    /// <summary>Registers a guest in the given state.</summary>
    public FakeGuest AddGuest(string name, GuestState state)
    {
        lock (Sync)
        {
            var guest = new FakeGuest(this, name, state);
            _guests[name] = guest;
            return guest;
        }
    }

    /// <summary>The registered guest of that name.</summary>
    public FakeGuest Guest(string name)
    {
        lock (Sync)
        {
            return _guests[name];
        }
    }

    /// <summary>Whether a guest of that name is registered.</summary>
    public bool IsRegistered(string name)
    {
        lock (Sync)
        {
            return _guests.ContainsKey(name);
        }
    }

    /// <summary>Unregisters a guest; objects already obtained for it fail with VM_E_VM_UNKNOWN.</summary>
    public void RemoveGuest(string name)
    {
        lock (Sync)
        {
            if (_guests.Remove(name, out var guest))
            {
                guest.MarkUnregisteredUnsafe();
                _unregistered[guest.Configuration.ConfigurationFile] = guest;
            }
        }
    }

    /// <summary>The service restarts: every object obtained before fails with RPC_E_DISCONNECTED until reconnected.</summary>
    public void RestartService()
    {
        lock (Sync)
        {
            _serviceEpoch++;
            _serviceState = ServiceState.Running;
        }
    }

    /// <summary>Makes <paramref name="call"/> fail <paramref name="times"/> times (default: always) with <paramref name="fault"/>.</summary>
    public void Fail(VsCall call, Fault fault, int times = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(fault);
        lock (Sync)
        {
            _faults[call] = (fault, times);
        }
    }

    /// <summary>Removes the fault injected into <paramref name="call"/>.</summary>
    public void Heal(VsCall call)
    {
        lock (Sync)
        {
            _faults.Remove(call);
        }
    }

    /// <summary>Removes every injected fault.</summary>
    public void HealAll()
    {
        lock (Sync)
        {
            _faults.Clear();
        }
    }

    /// <summary>Whether a client connection is held (a call then does not activate the server).</summary>
    public bool IsConnected
    {
        get
        {
            lock (Sync)
            {
                return _clientEpoch is not null;
            }
        }
    }

    /// <summary>
    /// Like the real local server: connecting while the service is stopped starts it (COM activation). Off by
    /// default (the connection then fails with CO_E_SERVER_EXEC_FAILURE); each such start is counted.
    /// </summary>
    public bool ActivationStartsService
    {
        get
        {
            lock (Sync)
            {
                return _activationStarts;
            }
        }

        set
        {
            lock (Sync)
            {
                _activationStarts = value;
            }
        }
    }

    /// <summary>How often a connection started the stopped service (never wanted outside Open).</summary>
    public int ServiceStartsByActivation
    {
        get
        {
            lock (Sync)
            {
                return _startsByActivation;
            }
        }
    }

    public ServiceState QueryService(Deadline deadline)
    {
        lock (Sync)
        {
            BeginUnsafe("QueryService");
            return _queryAnswer ?? _serviceState;
        }
    }

    public ServiceStartResult StartService(Deadline deadline)
    {
        lock (Sync)
        {
            BeginUnsafe("StartService");
            if (IsUp(_serviceState))
            {
                return new ServiceStartResult(_serviceState, false, 0, "already running");
            }

            if (_serviceState == ServiceState.NotInstalled)
            {
                return new ServiceStartResult(ServiceState.NotInstalled, false, Win32Error.ServiceDoesNotExist, "not installed");
            }

            Clock.AdvanceTo(Min(Clock.Now + _startDuration, deadline.End));
            switch (_startBehaviour)
            {
                case ServiceStartBehaviour.Starts:
                    _serviceEpoch++;
                    _serviceState = ServiceState.Running;
                    return new ServiceStartResult(ServiceState.Running, true, 0, "started");
                case ServiceStartBehaviour.Fails:
                    return new ServiceStartResult(_serviceState, false, _startFailureCode, "start failed (fake)");
                default:
                    return new ServiceStartResult(_serviceState, false, 0, "start returned, service still stopped (fake)");
            }
        }
    }

    public VsAnswer<IGuest?> FindGuest(string name, Deadline deadline)
    {
        lock (Sync)
        {
            BeginUnsafe("FindGuest");
            if (TakeFaultUnsafe(VsCall.FindGuest) is { } fault)
            {
                return ApplyUnsafe<IGuest?>(fault, deadline);
            }

            if (ConnectUnsafe() is { } failure)
            {
                return VsAnswer<IGuest?>.Failed(failure, "fake connection");
            }

            return _guests.TryGetValue(name, out var guest)
                ? VsAnswer<IGuest?>.Ok(new GuestHandle(guest, _serviceEpoch))
                : VsAnswer<IGuest?>.Ok(null);
        }
    }

    /// <summary>A guest's .vmc file readable from this node but not registered: <see cref="RegisterGuest"/> registers it.</summary>
    public void PutOnStorage(string configurationFile, string name, GuestState state)
    {
        lock (Sync)
        {
            _storage[configurationFile] = (name, state);
        }
    }

    /// <summary>A virtual network's .vnc file readable from this node (registered or not).</summary>
    public void PutNetworkOnStorage(string configurationFile, bool registered)
    {
        lock (Sync)
        {
            _networkFiles.Add(configurationFile);
            if (registered)
            {
                _registeredNetworks.Add(configurationFile);
            }
        }
    }

    /// <summary>The .vnc files registered now.</summary>
    public IReadOnlyList<string> RegisteredNetworks
    {
        get
        {
            lock (Sync)
            {
                return [.. _registeredNetworks];
            }
        }
    }

    public VsAnswer<bool> RegisterGuest(string configurationFile, Deadline deadline, ChangeGuard guard) =>
        Register("RegisterGuest", deadline, guard, () =>
        {
            if (_unregistered.Remove(configurationFile, out var known))
            {
                // Registering the file of a guest unregistered earlier brings that same guest back.
                known.MarkRegisteredUnsafe();
                _guests[known.Name] = known;
                return VsAnswer<bool>.Ok(true);
            }

            if (!_storage.TryGetValue(configurationFile, out var stored))
            {
                return VsAnswer<bool>.Failed(HResults.FromWin32(Win32Error.FileNotFound), "fake: file not found");
            }

            var guest = new FakeGuest(this, stored.Name, stored.State);
            guest.Configuration = new GuestConfiguration(configurationFile, false, GuestConfiguration.AutoStartNever, GuestConfiguration.ShutdownActionSave);
            _guests[stored.Name] = guest;
            return VsAnswer<bool>.Ok(true);
        });

    public VsAnswer<bool> UnregisterGuest(string name, Deadline deadline, ChangeGuard guard) =>
        Register("UnregisterGuest", deadline, guard, () =>
        {
            if (!_guests.Remove(name, out var guest))
            {
                return VsAnswer<bool>.Failed(HResults.VmUnknown, "fake: not registered");
            }

            guest.MarkUnregisteredUnsafe();
            _unregistered[guest.Configuration.ConfigurationFile] = guest;
            return VsAnswer<bool>.Ok(true);
        });

    public VsAnswer<bool> RegisterNetwork(string configurationFile, Deadline deadline, ChangeGuard guard) =>
        Register("RegisterNetwork", deadline, guard, () =>
        {
            if (!_networkFiles.Contains(configurationFile))
            {
                return VsAnswer<bool>.Failed(HResults.FromWin32(Win32Error.PathNotFound), "fake: path not found");
            }

            _registeredNetworks.Add(configurationFile);
            return VsAnswer<bool>.Ok(true);
        });

    public VsAnswer<string[]> NetworkFiles(Deadline deadline)
    {
        lock (Sync)
        {
            BeginUnsafe("NetworkFiles");
            if (ConnectUnsafe() is { } failure)
            {
                return VsAnswer<string[]>.Failed(failure, "fake connection");
            }

            return VsAnswer<string[]>.Ok([.. _registeredNetworks]);
        }
    }

    public VsAnswer<string[]> GuestNames(Deadline deadline)
    {
        lock (Sync)
        {
            BeginUnsafe("GuestNames");
            if (TakeFaultUnsafe(VsCall.GuestNames) is { } fault)
            {
                return ApplyUnsafe<string[]>(fault, deadline);
            }

            if (ConnectUnsafe() is { } failure)
            {
                return VsAnswer<string[]>.Failed(failure, "fake connection");
            }

            return VsAnswer<string[]>.Ok([.. _guests.Keys]);
        }
    }

    public void Reconnect()
    {
        lock (Sync)
        {
            BeginUnsafe("Reconnect");
            _reconnects++;
            _clientEpoch = null;
        }
    }

    public void Release()
    {
        lock (Sync)
        {
            BeginUnsafe("Release");
            _releases++;
            _clientEpoch = null;
        }
    }

    private VsAnswer<bool> Register(string call, Deadline deadline, ChangeGuard guard, Func<VsAnswer<bool>> body)
    {
        // A registration changes Virtual Server too: a concurrent Terminate may come in right before it.
        BeforeMutation?.Invoke(VsCall.Register);
        lock (Sync)
        {
            BeginUnsafe(call);
            if (guard.IsSuperseded)
            {
                return VsAnswer<bool>.Failed(HResults.OperationAborted, "superseded by Terminate");
            }

            return ConnectUnsafe() is { } failure ? VsAnswer<bool>.Failed(failure, "fake connection") : body();
        }
    }

    /// <summary>Records a call, charges its cost and lets due transitions happen. Caller holds <see cref="Sync"/>.</summary>
    internal void BeginUnsafe(string name)
    {
        Clock.Advance(_callCost);
        _calls.Add(new CallRecord(name, Environment.CurrentManagedThreadId, Clock.Now));
        TickUnsafe();
    }

    /// <summary>Applies every due scheduled transition and timed task completion. Caller holds <see cref="Sync"/>.</summary>
    internal void TickUnsafe()
    {
        while (_serviceSchedule.Count > 0 && _serviceSchedule[0].At <= Clock.Now)
        {
            var next = _serviceSchedule[0].State;
            _serviceSchedule.RemoveAt(0);
            if (!IsUp(_serviceState) && IsUp(next))
            {
                _serviceEpoch++;
            }

            _serviceState = next;
        }

        foreach (var guest in _guests.Values)
        {
            guest.TickUnsafe();
        }
    }

    internal Fault? TakeFaultUnsafe(VsCall call)
    {
        if (!_faults.TryGetValue(call, out var entry))
        {
            return null;
        }

        if (entry.Remaining != int.MaxValue)
        {
            if (entry.Remaining <= 1)
            {
                _faults.Remove(call);
            }
            else
            {
                _faults[call] = (entry.Fault, entry.Remaining - 1);
            }
        }

        return entry.Fault;
    }

    internal VsAnswer<T> ApplyUnsafe<T>(Fault fault, Deadline deadline)
    {
        if (fault.IsTimeout)
        {
            Clock.AdvanceTo(deadline.End);
            return VsAnswer<T>.TimedOut();
        }

        return VsAnswer<T>.Failed(fault.Error, "injected");
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static bool IsUp(ServiceState state) => state is ServiceState.Running or ServiceState.Paused;

    private HResult? ConnectUnsafe()
    {
        if (_serviceState == ServiceState.NotInstalled)
        {
            return HResults.ClassNotRegistered;
        }

        if (!IsUp(_serviceState) && _clientEpoch is null && _activationStarts && _serviceState == ServiceState.Stopped)
        {
            _startsByActivation++;
            _serviceEpoch++;
            _serviceState = ServiceState.Running;
        }

        if (!IsUp(_serviceState))
        {
            return HResults.ServerExecFailure;
        }

        if (_clientEpoch is null)
        {
            _clientEpoch = _serviceEpoch;
        }
        else if (_clientEpoch != _serviceEpoch)
        {
            return HResults.RpcDisconnected;
        }

        return null;
    }
}
