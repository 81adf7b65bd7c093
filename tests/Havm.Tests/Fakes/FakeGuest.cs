using Havm.Core.Model;
using Havm.Core.Ports;

namespace Havm.Tests.Fakes;

/// <summary>
/// One guest of the <see cref="FakeVirtualServer"/>: its state, heartbeat, configuration and the behaviour of the
/// tasks its methods return (<see cref="TaskScript"/>). Shares the server's lock and call log. Refuses what
/// Virtual Server refuses: Startup unless off or saved (VM_E_VM_RUNNING), Save unless running or paused
/// (VM_E_VM_NOT_RUNNING; E_FAIL with undo disks set to discard), TurnOff of a guest that is off or saved,
/// Resume unless paused, Shutdown unless running with the Additions, heartbeat reads unless running.
/// TurnOff is accepted in every running state, Saving and MergingDrives included, as Virtual Server accepts it:
/// the tests check that Havm.Core never asks for it there.
/// </summary>
public sealed class FakeGuest : IGuest
{
    /// <summary>The calls that change a guest.</summary>
    public static readonly IReadOnlyList<VsCall> Mutations =
        [VsCall.Startup, VsCall.Save, VsCall.TurnOff, VsCall.Resume, VsCall.ShutdownGuestOs, VsCall.DiscardSavedState];

    private readonly FakeVirtualServer _server;
    private readonly Queue<VsAnswer<int>> _percentages = new();
    private readonly Queue<VsAnswer<bool>> _heartbeats = new();
    private readonly List<(TimeSpan At, GuestState State, GuestState? WatchedFrom)> _schedule = [];
    private readonly List<FakeTask> _tasks = [];
    private GuestState _state;
    private bool _registered = true;
    private GuestConfiguration _configuration;
    private bool _additionsAvailable = true;
    private int _percentage = 100;
    private bool _heartbeating = true;
    private bool _savedStateUnrestorable;
    private int _stateSince;
    private GuestFiles? _files;
    private bool _observed;
    private bool _staleInstance;
    private bool _staleSaved;

    internal FakeGuest(FakeVirtualServer server, string name, GuestState state)
    {
        _server = server;
        Name = name;
        _state = state;
        _configuration = new GuestConfiguration(
            @"D:\Guests\" + name + @"\" + name + ".vmc",
            UndoDisksDiscard: false,
            GuestConfiguration.AutoStartNever,
            GuestConfiguration.ShutdownActionSave);
    }

    public string Name { get; }

    /// <summary>How the tasks of <c>Startup</c> behave (they restore a saved guest).</summary>
    public TaskScript OnStartup { get; } = new();

    /// <summary>How the tasks of <c>Save</c> behave.</summary>
    public TaskScript OnSave { get; } = new();

    /// <summary>How the tasks of <c>TurnOff</c> behave.</summary>
    public TaskScript OnTurnOff { get; } = new();

    /// <summary>How the tasks of <c>Resume</c> behave.</summary>
    public TaskScript OnResume { get; } = new();

    /// <summary>How the tasks of <c>ShutdownGuestOs</c> behave (the guest stays Running until it completes).</summary>
    public TaskScript OnShutdown { get; } = new();

    /// <summary>The guest's state (time-scheduled transitions that are due are applied first).</summary>
    public GuestState State
    {
        get
        {
            lock (_server.Sync)
            {
                _server.TickUnsafe();
                return _state;
            }
        }

        set
        {
            lock (_server.Sync)
            {
                SetStateUnsafe(value);
            }
        }
    }

    /// <summary>The settings <c>ReadConfiguration</c> returns.</summary>
    public GuestConfiguration Configuration
    {
        get
        {
            lock (_server.Sync)
            {
                return _configuration;
            }
        }

        set
        {
            lock (_server.Sync)
            {
                _configuration = value;
            }
        }
    }

    /// <summary>What <c>ReadFiles</c> returns (default: one disk beside the configuration file, no undo disk, no network).</summary>
    public GuestFiles Files
    {
        get
        {
            lock (_server.Sync)
            {
                return _files ?? new GuestFiles([Path.ChangeExtension(_configuration.ConfigurationFile, ".vhd")], [], []);
            }
        }

        set
        {
            lock (_server.Sync)
            {
                _files = value;
            }
        }
    }

    /// <summary>Undo disks set to discard: Save is refused with E_FAIL.</summary>
    public bool UndoDisksDiscard
    {
        get => Configuration.UndoDisksDiscard;
        set => Configuration = Configuration with { UndoDisksDiscard = value };
    }

    /// <summary>Whether the Additions answer; when not, heartbeat reads and Shutdown fail with VM_E_ADDITIONS_NOT_AVAIL.</summary>
    public bool AdditionsAvailable
    {
        get
        {
            lock (_server.Sync)
            {
                return _additionsAvailable;
            }
        }

        set
        {
            lock (_server.Sync)
            {
                _additionsAvailable = value;
            }
        }
    }

    /// <summary>A saved state that Virtual Server cannot restore: Startup from Saved ends with IncompatibleSavedStateError.</summary>
    public bool SavedStateUnrestorable
    {
        get
        {
            lock (_server.Sync)
            {
                return _savedStateUnrestorable;
            }
        }

        set
        {
            lock (_server.Sync)
            {
                _savedStateUnrestorable = value;
            }
        }
    }

    /// <summary>
    /// The instance here is stale: another node brought the guest online since (its memory no longer matches the
    /// disk). Saving it, or later restoring what it saved, is recorded as a violation of invariant I2.
    /// </summary>
    public bool StaleInstance
    {
        get
        {
            lock (_server.Sync)
            {
                return _staleInstance;
            }
        }

        set
        {
            lock (_server.Sync)
            {
                _staleInstance = value;
            }
        }
    }

    /// <summary>
    /// The explorer's model: a stale instance that an administrator or Virtual Server would save by itself (a
    /// scheduled change, not a task Havm.Net asked for) is turned off instead, since no one could tell that saved
    /// state from a good one afterwards.
    /// </summary>
    public bool StaleSavesUnseen { get; set; }

    /// <summary>The saved state here was written by a stale instance (restoring it is a violation of I2).</summary>
    public bool StaleSavedState
    {
        get
        {
            lock (_server.Sync)
            {
                return _staleSaved;
            }
        }
    }

    /// <summary>Stops judging the saved state here as stale (the explorer can no longer tell).</summary>
    public void ForgetStaleSavedState()
    {
        lock (_server.Sync)
        {
            _staleSaved = false;
        }
    }

    /// <summary>Every task this guest returned, oldest first.</summary>
    public IReadOnlyList<FakeTask> Tasks
    {
        get
        {
            lock (_server.Sync)
            {
                return [.. _tasks];
            }
        }
    }

    /// <summary>
    /// The current heartbeat, answered when nothing is scripted: <c>HeartbeatPercentage</c> returns it and
    /// <c>IsHeartbeating</c> says whether it is above 0.
    /// </summary>
    public void SetHeartbeat(int percentage)
    {
        lock (_server.Sync)
        {
            _percentage = percentage;
            _heartbeating = percentage > 0;
        }
    }

    /// <summary>Answers for the next <c>HeartbeatPercentage</c> reads, in order (then the current value).</summary>
    public void ScriptHeartbeatPercentage(params VsAnswer<int>[] answers)
    {
        lock (_server.Sync)
        {
            foreach (var answer in answers)
            {
                _percentages.Enqueue(answer);
            }
        }
    }

    /// <summary>Answers for the next <c>IsHeartbeating</c> reads, in order (then the current value).</summary>
    public void ScriptIsHeartbeating(params VsAnswer<bool>[] answers)
    {
        lock (_server.Sync)
        {
            foreach (var answer in answers)
            {
                _heartbeats.Enqueue(answer);
            }
        }
    }

    /// <summary>The guest moves to <paramref name="state"/> once <paramref name="delay"/> of clock time has passed.</summary>
    public void BecomesAfter(TimeSpan delay, GuestState state)
    {
        lock (_server.Sync)
        {
            _schedule.Add((_server.Clock.Now + delay, state, null));
            _schedule.Sort((a, b) => a.At.CompareTo(b.At));
        }
    }

    /// <summary>As <see cref="BecomesAfter"/>, for a change Havm.Net is watching (exempt from <see cref="StaleSavesUnseen"/>).</summary>
    public void BecomesAfterWhileWatched(TimeSpan delay, GuestState state)
    {
        lock (_server.Sync)
        {
            _schedule.Add((_server.Clock.Now + delay, state, _state));
            _schedule.Sort((a, b) => a.At.CompareTo(b.At));
        }
    }

    /// <summary>Makes <paramref name="call"/> fail (on any guest) <paramref name="times"/> times, default always.</summary>
    public void Fail(VsCall call, Fault fault, int times = int.MaxValue) => _server.Fail(call, fault, times);

    /// <summary>The call log's name for a call on this guest, e.g. <c>Guest1.Save</c>.</summary>
    public string CallName(VsCall call) => Name + "." + call;

    /// <summary>How often <paramref name="call"/> (a guest method, not a task call) was made on this guest.</summary>
    public int Count(VsCall call) => _server.CountOf(CallName(call));

    /// <summary>Whether <paramref name="call"/> was made on this guest.</summary>
    public bool WasCalled(VsCall call) => Count(call) > 0;

    /// <summary>The guest-changing calls (<see cref="Mutations"/>) made after <paramref name="mark"/>, optionally from one thread only.</summary>
    public IReadOnlyList<string> MutationsSince(int mark, int? threadId = null)
    {
        var names = Mutations.Select(CallName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return [.. _server.CallsSince(mark)
            .Where(c => names.Contains(c.Name) && (threadId is null || c.ThreadId == threadId))
            .Select(c => c.Name)];
    }

    /// <summary>The last task returned by <paramref name="method"/>, or null.</summary>
    public FakeTask? LastTask(VsCall method)
    {
        lock (_server.Sync)
        {
            return _tasks.LastOrDefault(t => t.Method == method);
        }
    }

    public VsAnswer<GuestState> ReadState(Deadline deadline) => ReadState(null, deadline);

    public VsAnswer<IVsTask> Startup(Deadline deadline, ChangeGuard guard) => Startup(null, deadline, guard);

    public VsAnswer<IVsTask> Save(Deadline deadline, ChangeGuard guard) => Save(null, deadline, guard);

    public VsAnswer<IVsTask> TurnOff(Deadline deadline, ChangeGuard guard) => TurnOff(null, deadline, guard);

    public VsAnswer<IVsTask> Resume(Deadline deadline, ChangeGuard guard) => Resume(null, deadline, guard);

    public VsAnswer<IVsTask> ShutdownGuestOs(Deadline deadline, ChangeGuard guard) => ShutdownGuestOs(null, deadline, guard);

    public VsAnswer<bool> DiscardSavedState(Deadline deadline, ChangeGuard guard) => DiscardSavedState(null, deadline, guard);

    public VsAnswer<bool> IsHeartbeating(Deadline deadline) => IsHeartbeating(null, deadline);

    public VsAnswer<int> HeartbeatPercentage(Deadline deadline) => HeartbeatPercentage(null, deadline);

    public VsAnswer<GuestConfiguration> ReadConfiguration(Deadline deadline) => ReadConfiguration(null, deadline);

    public VsAnswer<GuestFiles> ReadFiles(Deadline deadline) => ReadFiles(null, deadline);

    internal VsAnswer<GuestFiles> ReadFiles(int? epoch, Deadline deadline) =>
        Invoke(VsCall.ReadConfiguration, epoch, deadline, () => VsAnswer<GuestFiles>.Ok(_files ?? new GuestFiles([Path.ChangeExtension(_configuration.ConfigurationFile, ".vhd")], [], [])));

    internal VsAnswer<GuestState> ReadState(int? epoch, Deadline deadline) =>
        Invoke(VsCall.ReadState, epoch, deadline, () =>
        {
            _observed = true;
            return VsAnswer<GuestState>.Ok(_state);
        });

    internal VsAnswer<IVsTask> Startup(int? epoch, Deadline deadline, ChangeGuard guard) =>
        Invoke(VsCall.Startup, epoch, deadline, guard, () => _state switch
        {
            GuestState.TurnedOff => StartTaskUnsafe(VsCall.Startup, OnStartup, GuestState.TurningOn, GuestState.Running, epoch),
            GuestState.Saved => StartTaskUnsafe(VsCall.Startup, OnStartup, GuestState.Restoring, GuestState.Running, epoch),
            _ => VsAnswer<IVsTask>.Failed(HResults.VmRunning, "fake: not off or saved"),
        });

    internal VsAnswer<IVsTask> Save(int? epoch, Deadline deadline, ChangeGuard guard) =>
        Invoke(VsCall.Save, epoch, deadline, guard, () =>
            _state is not (GuestState.Running or GuestState.Paused) ? VsAnswer<IVsTask>.Failed(HResults.VmNotRunning, "fake: not running")
            : _configuration.UndoDisksDiscard ? VsAnswer<IVsTask>.Failed(HResults.Fail, "fake: undo disks set to discard")
            : StartTaskUnsafe(VsCall.Save, OnSave, GuestState.Saving, GuestState.Saved, epoch));

    internal VsAnswer<IVsTask> TurnOff(int? epoch, Deadline deadline, ChangeGuard guard) =>
        Invoke(VsCall.TurnOff, epoch, deadline, guard, () =>
            _state is GuestState.TurnedOff or GuestState.Saved or GuestState.Invalid or GuestState.DeleteMachine
                ? VsAnswer<IVsTask>.Failed(HResults.VmNotRunning, "fake: not running")
                : StartTaskUnsafe(VsCall.TurnOff, OnTurnOff, GuestState.TurningOff, GuestState.TurnedOff, epoch));

    internal VsAnswer<IVsTask> Resume(int? epoch, Deadline deadline, ChangeGuard guard) =>
        Invoke(VsCall.Resume, epoch, deadline, guard, () =>
            _state != GuestState.Paused
                ? VsAnswer<IVsTask>.Failed(HResults.VmNotRunning, "fake: not paused")
                : StartTaskUnsafe(VsCall.Resume, OnResume, GuestState.Paused, GuestState.Running, epoch));

    internal VsAnswer<IVsTask> ShutdownGuestOs(int? epoch, Deadline deadline, ChangeGuard guard) =>
        Invoke(VsCall.ShutdownGuestOs, epoch, deadline, guard, () =>
            _state != GuestState.Running ? VsAnswer<IVsTask>.Failed(HResults.VmNotRunning, "fake: not running")
            : !_additionsAvailable ? VsAnswer<IVsTask>.Failed(HResults.AdditionsNotAvailable, "fake: no Additions")
            : StartTaskUnsafe(VsCall.ShutdownGuestOs, OnShutdown, GuestState.Running, GuestState.TurnedOff, epoch));

    internal VsAnswer<bool> DiscardSavedState(int? epoch, Deadline deadline, ChangeGuard guard) =>
        Invoke(VsCall.DiscardSavedState, epoch, deadline, guard, () =>
        {
            if (_state != GuestState.Saved)
            {
                return VsAnswer<bool>.Failed(HResults.NoSavedState, "fake: not saved");
            }

            SetStateUnsafe(GuestState.TurnedOff);
            _savedStateUnrestorable = false;
            _staleSaved = false;
            return VsAnswer<bool>.Ok(true);
        });

    internal VsAnswer<bool> IsHeartbeating(int? epoch, Deadline deadline) =>
        Invoke(VsCall.IsHeartbeating, epoch, deadline, () =>
            _state != GuestState.Running ? VsAnswer<bool>.Failed(HResults.VmNotRunning, "fake: not running")
            : !_additionsAvailable ? VsAnswer<bool>.Failed(HResults.AdditionsNotAvailable, "fake: no Additions")
            : _heartbeats.Count > 0 ? _heartbeats.Dequeue()
            : VsAnswer<bool>.Ok(_heartbeating));

    internal VsAnswer<int> HeartbeatPercentage(int? epoch, Deadline deadline) =>
        Invoke(VsCall.HeartbeatPercentage, epoch, deadline, () =>
            _state != GuestState.Running ? VsAnswer<int>.Failed(HResults.VmNotRunning, "fake: not running")
            : !_additionsAvailable ? VsAnswer<int>.Failed(HResults.AdditionsNotAvailable, "fake: no Additions")
            : _percentages.Count > 0 ? _percentages.Dequeue()
            : VsAnswer<int>.Ok(_percentage));

    internal VsAnswer<GuestConfiguration> ReadConfiguration(int? epoch, Deadline deadline) =>
        Invoke(VsCall.ReadConfiguration, epoch, deadline, () => VsAnswer<GuestConfiguration>.Ok(_configuration));

    internal void MarkUnregisteredUnsafe() => _registered = false;

    internal void MarkRegisteredUnsafe() => _registered = true;

    /// <summary>Every change of state goes through here: it dates the change and carries the stale marks along.</summary>
    internal void SetStateUnsafe(GuestState state)
    {
        if (state == _state)
        {
            return;
        }

        if (_state == GuestState.Saved)
        {
            // The saved state is used up (restored) or gone (discarded): whatever wrote it no longer matters.
            _staleSaved = false;
        }

        _state = state;
        _observed = false;
        _stateSince = _server.CallCountUnsafe;
        if (state == GuestState.Saved && _staleInstance)
        {
            _staleSaved = true;
        }

        if (state is GuestState.Saved or GuestState.TurnedOff or GuestState.TurningOn or GuestState.Restoring)
        {
            // Off, or a new instance reading the disk's current files: no longer the stale one.
            _staleInstance = false;
        }
    }

    /// <summary>Records the data rules' violations (I1, I2) of a guest-changing call. Caller holds the lock; the call is already logged.</summary>
    private void CheckCallUnsafe(VsCall call)
    {
        // A state that began during this very call's tick was not visible to the caller: only earlier ones count.
        var visible = _stateSince < _server.CallCountUnsafe;
        if (call is VsCall.TurnOff or VsCall.ShutdownGuestOs && visible && _state is GuestState.Saving or GuestState.TurningOff or GuestState.MergingDrives or GuestState.Restoring)
        {
            _server.RecordViolationUnsafe("I1: " + call + " issued while guest " + Name + " was " + _state);
        }

        if (call == VsCall.Save && _staleInstance && _state is GuestState.Running or GuestState.Paused)
        {
            _server.RecordViolationUnsafe("I2: Save issued on the stale instance of guest " + Name);
        }

        if (call == VsCall.Startup && _staleSaved && _state == GuestState.Saved)
        {
            _server.RecordViolationUnsafe("I2: Startup restores the saved state a stale instance of guest " + Name + " wrote");
        }
    }

    /// <summary>The checks every call on the guest or its tasks makes, in order. Caller holds the lock.</summary>
    internal VsAnswer<T>? RefuseUnsafe<T>(VsCall call, string name, int? epoch, Deadline deadline)
    {
        _server.BeginUnsafe(name);
        if (_server.TakeFaultUnsafe(call) is { } fault)
        {
            return _server.ApplyUnsafe<T>(fault, deadline);
        }

        if (!_server.ServiceUpUnsafe)
        {
            return VsAnswer<T>.Failed(HResults.RpcServerUnavailable, "fake: service down");
        }

        if (epoch is not null && epoch != _server.ServiceEpochUnsafe)
        {
            return VsAnswer<T>.Failed(HResults.RpcDisconnected, "fake: service restarted");
        }

        if (!_registered)
        {
            return VsAnswer<T>.Failed(HResults.VmUnknown, "fake: unregistered");
        }

        return null;
    }

    internal void TickUnsafe()
    {
        var now = _server.Clock.Now;
        for (var i = 0; i < _schedule.Count && _schedule[i].At <= now;)
        {
            var (_, next, watchedFrom) = _schedule[i];
            if (watchedFrom is { } from && StaleSavesUnseen)
            {
                if (_state != from)
                {
                    // Overtaken by another change: it no longer applies.
                    _schedule.RemoveAt(i);
                    continue;
                }

                if (!_observed)
                {
                    // A change Havm.Net is to watch waits until it has read the state it changes from.
                    i++;
                    continue;
                }
            }

            if (StaleSavesUnseen && watchedFrom is null && _staleInstance && next is GuestState.Saving or GuestState.Saved)
            {
                // A save of a stale instance that nobody asked Havm.Net for cannot be recognised afterwards.
                next = GuestState.TurnedOff;
            }

            _schedule.RemoveAt(i);
            SetStateUnsafe(next);
        }

        foreach (var task in _tasks.Where(t => !t.IsCompleteUnsafe && t.Script.CompletesAfter is { } after && now >= t.StartedAt + after).ToList())
        {
            CompleteUnsafe(task, null);
        }
    }

    /// <summary>Ends a task: its result, the guest's new state; other running tasks of the guest end Cancelled.</summary>
    internal void CompleteUnsafe(FakeTask task, TaskResult? forced)
    {
        var result = forced ?? task.Script.Result;
        var error = forced is null ? task.Script.Error : HResults.Ok;
        if (forced is null && task.Method == VsCall.Startup && task.StateBefore == GuestState.Saved && _savedStateUnrestorable)
        {
            result = TaskResult.IncompatibleSavedStateError;
        }

        var failed = result != TaskResult.Success || error.IsFailure;
        task.MarkCompleteUnsafe(result, error, failed ? task.PercentUnsafe : 100);
        var final = forced == TaskResult.Cancelled ? task.StateBefore
            : failed ? task.Script.StateOnFailure ?? task.StateBefore
            : task.StateOnSuccess;
        if (!failed && forced is null && task.Script.StateLag > TimeSpan.Zero)
        {
            // The task says done while the state still shows the old one for a while, as Virtual Server's can.
            _schedule.Add((_server.Clock.Now + task.Script.StateLag, final, _state));
            _schedule.Sort((a, b) => a.At.CompareTo(b.At));
        }
        else
        {
            SetStateUnsafe(final);
        }

        foreach (var other in _tasks.Where(t => t != task && !t.IsCompleteUnsafe))
        {
            other.MarkCompleteUnsafe(TaskResult.Cancelled, HResults.Ok, other.PercentUnsafe);
        }
    }

    private VsAnswer<T> Invoke<T>(VsCall call, int? epoch, Deadline deadline, Func<VsAnswer<T>> body) => Invoke(call, epoch, deadline, null, body);

    private VsAnswer<T> Invoke<T>(VsCall call, int? epoch, Deadline deadline, ChangeGuard? guard, Func<VsAnswer<T>> body)
    {
        if (Mutations.Contains(call))
        {
            // Outside the lock: the explorer may run a whole Terminate here, as another thread could at this moment.
            _server.BeforeMutation?.Invoke(call);
        }

        lock (_server.Sync)
        {
            if (guard is { IsSuperseded: true })
            {
                // The adapter's last check on the calling thread: nothing reaches Virtual Server.
                _server.BeginUnsafe(CallName(call) + ".Superseded");
                return VsAnswer<T>.Failed(HResults.OperationAborted, "superseded by Terminate");
            }

            var refused = RefuseUnsafe<T>(call, CallName(call), epoch, deadline);
            if (refused is null && Mutations.Contains(call))
            {
                CheckCallUnsafe(call);
            }

            return refused ?? body();
        }
    }

    private VsAnswer<IVsTask> StartTaskUnsafe(VsCall method, TaskScript script, GuestState whileRunning, GuestState onSuccess, int? epoch)
    {
        // The guest is now driven by this task: a transition scheduled by the test no longer applies.
        _schedule.Clear();
        var copy = script.Copy();
        var task = new FakeTask(_server, this, method, copy, _state, copy.StateOnSuccess ?? onSuccess, _server.Clock.Now, epoch);
        _tasks.Add(task);
        SetStateUnsafe(copy.StateWhileRunning ?? whileRunning);
        if (copy.CompletesAfterWaits == 0)
        {
            CompleteUnsafe(task, null);
        }

        return VsAnswer<IVsTask>.Ok(task);
    }
}
