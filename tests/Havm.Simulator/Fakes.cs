using Havm.Core.Model;
using Havm.Core.Ports;

namespace Havm.Simulator;

/// <summary>
/// Virtual Server as the trace says it behaves: a stopped service fails every call (RPC_S_SERVER_UNAVAILABLE), a
/// hang holds a call until the hang ends or the caller's deadline passes (then no answer in time), a failure
/// answers with the trace's HRESULT. The Service Control Manager always answers.
/// </summary>
internal sealed class SimVirtualServer : IVirtualServer
{
    private readonly GuestWorld _world;
    private readonly SimGuest _guest;

    public SimVirtualServer(GuestWorld world, string guestName)
    {
        _world = world;
        GuestName = guestName;
        _guest = new SimGuest(world, this);
    }

    public string GuestName { get; }

    public int Calls { get; private set; }

    /// <summary>Connected once a call succeeded, until a reconnect or release (the probe then asks the SCM first).</summary>
    public bool IsConnected { get; private set; }

    public ServiceState QueryService(Deadline deadline) => _world.Now.Service;

    public ServiceStartResult StartService(Deadline deadline) =>
        new(_world.Now.Service, false, 0, "the service is " + _world.Now.Service);

    public VsAnswer<IGuest?> FindGuest(string name, Deadline deadline) =>
        Call(deadline, () => _world.Now.Registered && string.Equals(name, GuestName, StringComparison.OrdinalIgnoreCase)
            ? VsAnswer<IGuest?>.Ok(_guest)
            : VsAnswer<IGuest?>.Ok(null));

    public VsAnswer<bool> RegisterGuest(string configurationFile, Deadline deadline, ChangeGuard guard) =>
        VsAnswer<bool>.Failed(HResults.FromWin32(Win32Error.FileNotFound), "the simulator registers no guests");

    public VsAnswer<bool> RegisterNetwork(string configurationFile, Deadline deadline, ChangeGuard guard) =>
        VsAnswer<bool>.Failed(HResults.FromWin32(Win32Error.FileNotFound), "the simulator registers no networks");

    public VsAnswer<bool> UnregisterGuest(string name, Deadline deadline, ChangeGuard guard) =>
        VsAnswer<bool>.Failed(HResults.VmUnknown, "the simulator unregisters no guests");

    public VsAnswer<string[]> NetworkFiles(Deadline deadline) => Call(deadline, () => VsAnswer<string[]>.Ok(Array.Empty<string>()));

    public VsAnswer<string[]> GuestNames(Deadline deadline) =>
        Call(deadline, () => VsAnswer<string[]>.Ok(_world.Now.Registered ? new[] { GuestName } : Array.Empty<string>()));

    public void Reconnect() => IsConnected = false;

    public void Release() => IsConnected = false;

    /// <summary>One call into Virtual Server, behaving as the trace says at this moment.</summary>
    public VsAnswer<T> Call<T>(Deadline deadline, Func<VsAnswer<T>> answer)
    {
        Calls++;
        while (true)
        {
            var c = _world.Now;
            if (c.Service != ServiceState.Running)
            {
                return VsAnswer<T>.Failed(HResults.RpcServerUnavailable);
            }

            switch (c.Vs)
            {
                case VsBehaviour.Ok:
                    IsConnected = true;
                    return answer();
                case VsBehaviour.Fail:
                    return VsAnswer<T>.Failed(c.VsError);
                case VsBehaviour.Hang:
                    var end = _world.Trace.NextWhen(_world.Clock.Now, x => x.Vs != VsBehaviour.Hang);
                    if (end is { } e && e <= deadline.End)
                    {
                        _world.Clock.AdvanceTo(e);
                        continue;
                    }

                    _world.Clock.AdvanceTo(deadline.End);
                    return VsAnswer<T>.TimedOut();
                default:
                    throw new InvalidOperationException("Unknown Virtual Server behaviour " + c.Vs + ".");
            }
        }
    }
}

/// <summary>The trace's guest: state and heartbeat reads from <see cref="GuestWorld"/>; commands complete at once.</summary>
internal sealed class SimGuest : IGuest
{
    private readonly GuestWorld _world;
    private readonly SimVirtualServer _vs;

    public SimGuest(GuestWorld world, SimVirtualServer vs)
    {
        _world = world;
        _vs = vs;
    }

    public VsAnswer<GuestState> ReadState(Deadline deadline) =>
        _vs.Call(deadline, () => _world.Now.Registered
            ? VsAnswer<GuestState>.Ok(_world.StateAt(_world.Clock.Now))
            : VsAnswer<GuestState>.Failed(HResults.VmUnknown));

    public VsAnswer<IVsTask> Startup(Deadline deadline, ChangeGuard guard) => _vs.Call(deadline, () =>
    {
        if (_world.StateAt(_world.Clock.Now) is not (GuestState.Saved or GuestState.TurnedOff))
        {
            return VsAnswer<IVsTask>.Failed(HResults.VmRunning);
        }

        return Command("Startup", null);
    });

    public VsAnswer<IVsTask> Save(Deadline deadline, ChangeGuard guard) => StopCommand(deadline, "Save", GuestState.Saved);

    public VsAnswer<IVsTask> TurnOff(Deadline deadline, ChangeGuard guard) => StopCommand(deadline, "TurnOff", GuestState.TurnedOff);

    public VsAnswer<IVsTask> Resume(Deadline deadline, ChangeGuard guard) => _vs.Call(deadline, () => Command("Resume", null));

    public VsAnswer<IVsTask> ShutdownGuestOs(Deadline deadline, ChangeGuard guard) => StopCommand(deadline, "Shutdown", GuestState.TurnedOff);

    public VsAnswer<bool> DiscardSavedState(Deadline deadline, ChangeGuard guard) => _vs.Call(deadline, () => VsAnswer<bool>.Ok(true));

    public VsAnswer<bool> IsHeartbeating(Deadline deadline) =>
        _vs.Call(deadline, () => _world.HeartbeatRead(_world.IsHeartbeating));

    public VsAnswer<int> HeartbeatPercentage(Deadline deadline) =>
        _vs.Call(deadline, () => _world.HeartbeatRead(_world.Percentage));

    public VsAnswer<GuestFiles> ReadFiles(Deadline deadline) =>
        _vs.Call(deadline, () => VsAnswer<GuestFiles>.Ok(new GuestFiles(Array.Empty<string>(), Array.Empty<string>(), Array.Empty<string>())));

    public VsAnswer<GuestConfiguration> ReadConfiguration(Deadline deadline) =>
        _vs.Call(deadline, () => VsAnswer<GuestConfiguration>.Ok(
            new GuestConfiguration(@"X:\Guest1\Guest1.vmc", false, GuestConfiguration.AutoStartNever, GuestConfiguration.ShutdownActionSave)));

    private VsAnswer<IVsTask> StopCommand(Deadline deadline, string name, GuestState after) => _vs.Call(deadline, () =>
        _world.StateAt(_world.Clock.Now) is GuestState.Running or GuestState.Paused
            ? Command(name, after)
            : VsAnswer<IVsTask>.Failed(HResults.VmNotRunning));

    private VsAnswer<IVsTask> Command(string name, GuestState? after)
    {
        _world.Commanded = after;
        _world.LastCommand = name;
        return VsAnswer<IVsTask>.Ok(DoneTask.Instance);
    }
}

/// <summary>A task that has completed successfully (the simulator measures detection, not stops).</summary>
internal sealed class DoneTask : IVsTask
{
    public static readonly DoneTask Instance = new();

    public VsAnswer<bool> WaitForCompletion(TimeSpan slice, Deadline deadline) => VsAnswer<bool>.Ok(true);

    public VsAnswer<VsTaskStatus> ReadStatus(Deadline deadline) =>
        VsAnswer<VsTaskStatus>.Ok(new VsTaskStatus(true, TaskResult.Success, 100, false, HResults.Ok));

    public VsAnswer<bool> Cancel(Deadline deadline) => VsAnswer<bool>.Ok(false);
}

/// <summary>The cluster's Resource object: private properties in a dictionary, the cluster log kept with the fake clock's time.</summary>
internal sealed class SimResource : IClusterResource
{
    private readonly SimClock _clock;
    private readonly Dictionary<string, PropertyValue> _properties = new(StringComparer.OrdinalIgnoreCase);

    public SimResource(SimClock clock, IReadOnlyDictionary<string, int> numbers, string guestName)
    {
        _clock = clock;
        _properties["VirtualMachineName"] = PropertyValue.FromText(guestName);
        foreach (var (name, value) in numbers)
        {
            _properties[name] = PropertyValue.FromNumber(value);
        }
    }

    public string Name => "Guest1Script";

    public string NodeName => "NODE1";

    public List<string> Lines { get; } = new();

    void IClusterResource.Log(string line) => Lines.Add(Trace.Clock(_clock.Now) + " " + line);

    public bool PropertyExists(string name) => _properties.ContainsKey(name);

    public void AddProperty(string name) => _properties[name] = PropertyValue.FromText(string.Empty);

    public PropertyValue ReadProperty(string name) => _properties.TryGetValue(name, out var value) ? value : PropertyValue.Missing;

    public void WriteProperty(string name, int value) => _properties[name] = PropertyValue.FromNumber(value);

    public void WriteProperty(string name, string value) => _properties[name] = PropertyValue.FromText(value);
}
