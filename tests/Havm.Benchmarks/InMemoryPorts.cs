using System.Diagnostics;
using Havm.Core.Model;
using Havm.Core.Ports;

namespace Havm.Benchmarks;

/// <summary>
/// Havm.Core's ports with nothing behind them: a guest that is running and heartbeating, a service that runs, a
/// Resource object whose properties sit in a dictionary. Every answer is made once, so that what a benchmark
/// allocates is Havm.Core's own (the test fakes of Havm.Tests record each call, which allocates).
/// </summary>
public sealed class InMemoryWorld
{
    /// <summary>A world whose guest is saved (Online restores it), heartbeating at 100 % once running.</summary>
    public InMemoryWorld()
    {
        Guest = new InMemoryGuest();
        VirtualServer = new InMemoryVirtualServer(Guest);
        Resource = new InMemoryResource();
        Resource.WriteProperty(Havm.Core.Configuration.PropertyNames.VirtualMachineName, "vm1");
    }

    /// <summary>The guest.</summary>
    public InMemoryGuest Guest { get; }

    /// <summary>Virtual Server and its service.</summary>
    public InMemoryVirtualServer VirtualServer { get; }

    /// <summary>The cluster's Resource object.</summary>
    public InMemoryResource Resource { get; }

    /// <summary>A monotonic clock that never sleeps for real.</summary>
    public IClock Clock { get; } = new MonotonicClock();
}

/// <summary>Stopwatch time; Sleep only advances nothing (polls never sleep).</summary>
public sealed class MonotonicClock : IClock
{
    /// <inheritdoc />
    public TimeSpan Now => Stopwatch.GetElapsedTime(0);

    /// <inheritdoc />
    public void Sleep(TimeSpan duration) => Thread.Sleep(duration);
}

/// <summary>A Resource object: properties in a dictionary, the log dropped (counted).</summary>
public sealed class InMemoryResource : IClusterResource
{
    private readonly Dictionary<string, PropertyValue> _properties = new(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public string Name => "Guest vm1";

    /// <inheritdoc />
    public string NodeName => "NODE-A";

    /// <summary>Lines logged so far.</summary>
    public int LogLines { get; private set; }

    /// <summary>Where logged lines are kept while set (the setup's, for its error message); null: only counted.</summary>
    public List<string>? Kept { get; set; }

    /// <inheritdoc />
    public void Log(string line)
    {
        LogLines++;
        Kept?.Add(line);
    }

    /// <inheritdoc />
    public bool PropertyExists(string name) => _properties.ContainsKey(name);

    /// <inheritdoc />
    public void AddProperty(string name) => _properties.TryAdd(name, PropertyValue.FromText(string.Empty));

    /// <inheritdoc />
    public PropertyValue ReadProperty(string name) => _properties.TryGetValue(name, out var value) ? value : PropertyValue.Missing;

    /// <inheritdoc />
    public void WriteProperty(string name, int value) => _properties[name] = PropertyValue.FromNumber(value);

    /// <inheritdoc />
    public void WriteProperty(string name, string value) => _properties[name] = PropertyValue.FromText(value);
}

/// <summary>Virtual Server with one guest; the service runs; the connection is held after the first lookup.</summary>
public sealed class InMemoryVirtualServer : IVirtualServer
{
    private readonly VsAnswer<IGuest?> _found;
    private readonly VsAnswer<string[]> _names = VsAnswer<string[]>.Ok(new[] { "vm1" });
    private readonly VsAnswer<string[]> _networks = VsAnswer<string[]>.Ok(Array.Empty<string>());
    private readonly VsAnswer<bool> _yes = VsAnswer<bool>.Ok(true);

    /// <summary>Virtual Server knowing <paramref name="guest"/> as "vm1".</summary>
    public InMemoryVirtualServer(InMemoryGuest guest) => _found = VsAnswer<IGuest?>.Ok(guest);

    /// <inheritdoc />
    public bool IsConnected { get; private set; }

    /// <inheritdoc />
    public ServiceState QueryService(Deadline deadline) => ServiceState.Running;

    /// <inheritdoc />
    public ServiceStartResult StartService(Deadline deadline) => new(ServiceState.Running, false, 0, "running");

    /// <inheritdoc />
    public VsAnswer<IGuest?> FindGuest(string name, Deadline deadline)
    {
        IsConnected = true;
        return _found;
    }

    /// <inheritdoc />
    public VsAnswer<bool> RegisterGuest(string configurationFile, Deadline deadline, ChangeGuard guard) => _yes;

    public VsAnswer<bool> UnregisterGuest(string name, Deadline deadline, ChangeGuard guard) => _yes;

    /// <inheritdoc />
    public VsAnswer<bool> RegisterNetwork(string configurationFile, Deadline deadline, ChangeGuard guard) => _yes;

    /// <inheritdoc />
    public VsAnswer<string[]> NetworkFiles(Deadline deadline) => _networks;

    /// <inheritdoc />
    public VsAnswer<string[]> GuestNames(Deadline deadline) => _names;

    /// <inheritdoc />
    public void Reconnect() => IsConnected = false;

    /// <inheritdoc />
    public void Release() => IsConnected = false;
}

/// <summary>
/// A saved guest whose Startup completes at once (then it runs), whose Additions heartbeat at 100 %; other changes
/// are refused (polls make none).
/// </summary>
public sealed class InMemoryGuest : IGuest
{
    private static readonly VsAnswer<IVsTask> Refused = VsAnswer<IVsTask>.Failed(HResults.OperationAborted, "not in a poll benchmark");
    private readonly VsAnswer<IVsTask> _done = VsAnswer<IVsTask>.Ok(new CompletedTask());
    private readonly VsAnswer<bool> _heartbeating = VsAnswer<bool>.Ok(true);
    private readonly VsAnswer<int> _percentage = VsAnswer<int>.Ok(100);
    private readonly VsAnswer<GuestFiles> _files = VsAnswer<GuestFiles>.Ok(new GuestFiles(Array.Empty<string>(), Array.Empty<string>(), Array.Empty<string>()));
    private readonly VsAnswer<GuestConfiguration> _configuration = VsAnswer<GuestConfiguration>.Ok(
        new GuestConfiguration(@"C:\Virtual Machines\vm1\vm1.vmc", false, GuestConfiguration.AutoStartNever, GuestConfiguration.ShutdownActionSave));

    private VsAnswer<GuestState> _state = VsAnswer<GuestState>.Ok(GuestState.Saved);

    /// <summary>The state every read answers from now.</summary>
    public GuestState State
    {
        set => _state = VsAnswer<GuestState>.Ok(value);
    }

    /// <inheritdoc />
    public VsAnswer<GuestState> ReadState(Deadline deadline) => _state;

    /// <inheritdoc />
    public VsAnswer<IVsTask> Startup(Deadline deadline, ChangeGuard guard)
    {
        State = GuestState.Running;
        return _done;
    }

    /// <inheritdoc />
    public VsAnswer<IVsTask> Save(Deadline deadline, ChangeGuard guard) => Refused;

    /// <inheritdoc />
    public VsAnswer<IVsTask> TurnOff(Deadline deadline, ChangeGuard guard) => Refused;

    /// <inheritdoc />
    public VsAnswer<IVsTask> Resume(Deadline deadline, ChangeGuard guard) => Refused;

    /// <inheritdoc />
    public VsAnswer<IVsTask> ShutdownGuestOs(Deadline deadline, ChangeGuard guard) => Refused;

    /// <inheritdoc />
    public VsAnswer<bool> DiscardSavedState(Deadline deadline, ChangeGuard guard) => VsAnswer<bool>.Failed(HResults.OperationAborted);

    /// <inheritdoc />
    public VsAnswer<bool> IsHeartbeating(Deadline deadline) => _heartbeating;

    /// <inheritdoc />
    public VsAnswer<int> HeartbeatPercentage(Deadline deadline) => _percentage;

    /// <inheritdoc />
    public VsAnswer<GuestFiles> ReadFiles(Deadline deadline) => _files;

    /// <inheritdoc />
    public VsAnswer<GuestConfiguration> ReadConfiguration(Deadline deadline) => _configuration;
}

/// <summary>A task that has completed successfully.</summary>
public sealed class CompletedTask : IVsTask
{
    private readonly VsAnswer<VsTaskStatus> _status = VsAnswer<VsTaskStatus>.Ok(new VsTaskStatus(true, TaskResult.Success, 100, false, HResults.Ok));

    /// <inheritdoc />
    public VsAnswer<bool> WaitForCompletion(TimeSpan slice, Deadline deadline) => VsAnswer<bool>.Ok(true);

    /// <inheritdoc />
    public VsAnswer<VsTaskStatus> ReadStatus(Deadline deadline) => _status;

    /// <inheritdoc />
    public VsAnswer<bool> Cancel(Deadline deadline) => VsAnswer<bool>.Ok(false);
}
