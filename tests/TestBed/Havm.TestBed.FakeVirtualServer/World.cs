using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Havm.TestBed.FakeVirtualServer;

/// <summary>One guest of the fake Virtual Server: its configuration on the shared disk and where it is registered.</summary>
public sealed class Guest
{
    /// <summary>Nodes whose Virtual Server has the guest registered; empty: every node (what most scenarios need).</summary>
    public List<string> RegisteredOn { get; set; } = new();
    /// <summary>Full paths of its virtual hard disks, undo disks, and the .vnc files of the networks its adapters use.</summary>
    public List<string> HardDisks { get; set; } = new();
    public List<string> UndoDisks { get; set; } = new();
    public List<string> Networks { get; set; } = new();

    public string Name { get; set; } = "";
    public int State { get; set; } = VmState.TurnedOff;
    public string File { get; set; } = "";
    public bool Undoable { get; set; }
    public int UndoAction { get; set; } = 1;            // vmUndoAction_Keep
    public int AutoStartAtLaunch { get; set; }          // never
    public int ShutdownActionOnQuit { get; set; }       // save state
    public bool IsHeartbeating { get; set; } = true;
    public int HeartbeatPercentage { get; set; } = 100;
    public bool AdditionsAvailable { get; set; } = true;
}

/// <summary>VMVMState.</summary>
public static class VmState
{
    public const int Invalid = 0, TurnedOff = 1, Saved = 2, TurningOn = 3, Restoring = 4, Running = 5, Paused = 6,
        Saving = 7, TurningOff = 8, MergingDrives = 9, DeleteMachine = 10;
}

/// <summary>The HRESULTs the fake raises.</summary>
public static class Codes
{
    public const int EFail = unchecked((int)0x80004005);
    public const int VmRunning = unchecked((int)0xA0040500);
    public const int VmNotRunning = unchecked((int)0xA0040206);
    public const int VmUnknown = unchecked((int)0xA0040207);
    public const int NoSavedState = unchecked((int)0xA0040501);
    public const int AdditionsNotAvailable = unchecked((int)0xA0040504);
    public const int AdditionsFeatureNotAvailable = unchecked((int)0xA0040505);
    public const int RpcDisconnected = unchecked((int)0x80010108);
}

internal enum TaskMode { Now, Waits, Milliseconds, Never }

/// <summary>How the tasks of one method (Startup, Save, TurnOff, Resume, Shutdown) behave.</summary>
internal sealed class TaskPlan
{
    public TaskMode Mode { get; init; } = TaskMode.Now;
    public int Amount { get; init; }
    public int Result { get; init; }
    public int Error { get; init; }
    public bool Cancelable { get; init; }
    public int FinalState { get; init; } = -1;
    public int Percent { get; init; }
    /// <summary>How many tasks this plan still shapes (-1: every one); then the method's tasks complete at once again.</summary>
    public int Remaining { get; set; } = -1;

    public static TaskPlan Parse(string mode, int result, int error, bool cancelable, int finalState, int times)
    {
        var parts = (mode ?? "now").Split(':', 2);
        int amount = parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 0;
        var kind = parts[0].ToUpperInvariant() switch
        {
            "NOW" => TaskMode.Now,
            "WAITS" => TaskMode.Waits,
            "MS" => TaskMode.Milliseconds,
            "NEVER" => TaskMode.Never,
            _ => throw new ArgumentException("task mode: now | waits:N | ms:N | never[:percent]", nameof(mode)),
        };
        return new TaskPlan
        {
            Mode = kind, Amount = amount, Result = result, Error = error, Cancelable = cancelable, FinalState = finalState,
            Percent = kind == TaskMode.Never ? amount : 0,
            Remaining = times == 0 ? -1 : times,
        };
    }
}

internal sealed class Fault
{
    public int HResult { get; init; }
    /// <summary>How many calls still answer normally before the fault applies.</summary>
    public int Skip { get; set; }
    public int BlockMs { get; init; }
    public int Remaining { get; set; }
}

/// <summary>
/// The fake Virtual Server's whole state, shared by every object of this assembly (the COM host loads one
/// AssemblyLoadContext per assembly, so the VirtualServer.Application objects and the control object see the
/// same statics). Every member takes the lock; blocking and throwing happen outside it.
/// </summary>
internal static partial class World
{
    private static readonly object Gate = new();
    private static readonly Stopwatch Clock = Stopwatch.StartNew();
    private static readonly List<Guest> Guests = new();
    private static readonly Dictionary<string, Fault> Failures = new(StringComparer.OrdinalIgnoreCase);
    private static readonly Dictionary<string, Fault> Blocks = new(StringComparer.OrdinalIgnoreCase);
    private static readonly Dictionary<string, TaskPlan> Plans = new(StringComparer.OrdinalIgnoreCase);
    private static readonly List<FakeTask> Pending = new();
    private static readonly List<(Guest Guest, int State, long AtMs)> Scheduled = new();
    private static readonly StringBuilder Log = new();
    private static int _generation;
    private static int _taskCounter;
    private static int _waitCapMs = 5000;
    private static long _calls;
    private static long _activations;

    /// <summary>"calls activations": every member call Virtual Server saw and every CreateObject, since the last Reset.</summary>
    public static string Counters
    {
        get
        {
            lock (Gate)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{_calls} {_activations}");
            }
        }
    }

    public static int Generation { get { lock (Gate) { return _generation; } } }

    /// <summary>Set by the control object's Exit: the fake's own process (local server) ends.</summary>
    public static ManualResetEventSlim ExitRequested { get; } = new();

    public static long NowMs => Clock.ElapsedMilliseconds;

    public static void Reset()
    {
        Registration.Restore();
        lock (Gate)
        {
            Guests.Clear(); Networks.Clear(); Files.Clear(); _node = ""; Failures.Clear(); Blocks.Clear(); Plans.Clear(); Pending.Clear(); Scheduled.Clear(); Log.Clear();
            _generation++; _taskCounter = 0; _waitCapMs = 5000; _calls = 0; _activations = 0;
        }
    }

    /// <summary>Every fake call starts here: logs it, checks the connection, then blocks and/or throws as configured.</summary>
    public static void Enter(string method, string description, int generation)
    {
        Fault? block, fault;
        lock (Gate)
        {
            Log.Append(CultureInfo.InvariantCulture, $"+{NowMs,6}ms {description}\n");
            if (method == "Create")
            {
                _activations++;
            }
            else
            {
                _calls++;
            }

            if (generation != _generation)
            {
                Log.Append("        -> RPC_E_DISCONNECTED (object from before a Virtual Server restart)\n");
                throw new COMException("The object invoked has disconnected from its clients.", Codes.RpcDisconnected);
            }

            block = Take(Blocks, method);
            fault = Take(Failures, method);
        }

        if (block is not null)
        {
            Thread.Sleep(block.BlockMs);
        }

        if (fault is not null)
        {
            lock (Gate)
            {
                Log.Append(CultureInfo.InvariantCulture, $"        -> throws 0x{fault.HResult:X8}\n");
            }

            throw new COMException($"fake Virtual Server: {method} failed (0x{fault.HResult:X8})", fault.HResult);
        }

        lock (Gate)
        {
            Tick();
        }
    }

    private static Fault? Take(Dictionary<string, Fault> table, string method)
    {
        if (!table.TryGetValue(method, out var f) || f.Remaining == 0)
        {
            return null;
        }

        if (f.Skip > 0)
        {
            f.Skip--;
            return null;
        }

        if (f.Remaining > 0)
        {
            f.Remaining--;
        }

        return f;
    }

    public static void Note(string text)
    {
        lock (Gate)
        {
            Log.Append(CultureInfo.InvariantCulture, $"        {text}\n");
        }
    }

    public static COMException Error(int hresult, string message)
    {
        Note($"-> throws 0x{hresult:X8} ({message})");
        return new COMException(message, hresult);
    }

    // ---- guests ------------------------------------------------------------------------------------------------

    /// <summary>The guest of that name registered on this node, or null.</summary>
    public static Guest? Find(string name)
    {
        lock (Gate)
        {
            return Guests.Find(g => string.Equals(g.Name, name, StringComparison.OrdinalIgnoreCase) && IsHere(g));
        }
    }

    /// <summary>The guest of that name wherever it is registered (the shared disk's view, for the control object), or null.</summary>
    public static Guest? FindAnywhere(string name)
    {
        lock (Gate)
        {
            return Guests.Find(g => string.Equals(g.Name, name, StringComparison.OrdinalIgnoreCase));
        }
    }

    public static Guest Known(string name) =>
        Find(name) ?? throw Error(Codes.VmUnknown, $"The virtual machine '{name}' is unknown.");

    /// <summary>The guests registered on this node (VirtualMachines).</summary>
    public static string[] Names()
    {
        lock (Gate)
        {
            return Guests.Where(IsHere).Select(g => g.Name).ToArray();
        }
    }

    /// <summary>Every guest, registered here or not.</summary>
    public static string[] AllNames()
    {
        lock (Gate)
        {
            return Guests.ConvertAll(g => g.Name).ToArray();
        }
    }

    public static void AddGuest(string name, int state)
    {
        lock (Gate)
        {
            Guests.RemoveAll(g => string.Equals(g.Name, name, StringComparison.OrdinalIgnoreCase));
            Guests.Add(new Guest { Name = name, State = state, File = $@"C:\Virtual Machines\{name}\{name}.vmc" });
        }
    }

    public static void RemoveGuest(string name)
    {
        lock (Gate)
        {
            Guests.RemoveAll(g => string.Equals(g.Name, name, StringComparison.OrdinalIgnoreCase));
        }
    }

    public static void Update(string name, Action<Guest> change)
    {
        lock (Gate)
        {
            var g = Guests.Find(x => string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException("no such guest: " + name, nameof(name));
            change(g);
        }
    }

    public static T Read<T>(Func<T> read)
    {
        lock (Gate)
        {
            return read();
        }
    }

    // ---- configuration -----------------------------------------------------------------------------------------

    public static void SetFault(string method, int hresult, int times, int skip = 0)
    {
        if (string.Equals(method, "Create", StringComparison.OrdinalIgnoreCase))
        {
            if (times != 0)
            {
                Registration.MakeUnreachable();
            }
            else
            {
                Registration.Restore();
            }

            return;
        }

        lock (Gate)
        {
            Failures[method] = new Fault { HResult = hresult, Remaining = times, Skip = skip };
        }
    }

    public static void SetBlock(string method, int ms, int times)
    {
        lock (Gate)
        {
            Blocks[method] = new Fault { BlockMs = ms, Remaining = times };
        }
    }

    public static void SetPlan(string method, TaskPlan plan)
    {
        lock (Gate)
        {
            Plans[method] = plan;
        }
    }

    public static int WaitCapMs
    {
        get { lock (Gate) { return _waitCapMs; } }
        set { lock (Gate) { _waitCapMs = value; } }
    }

    public static void Disconnect()
    {
        lock (Gate)
        {
            _generation++;
            Log.Append(CultureInfo.InvariantCulture, $"+{NowMs,6}ms [control] Virtual Server restarted: every object handed out so far is disconnected\n");
        }
    }

    public static string CallLog()
    {
        lock (Gate)
        {
            return Log.ToString();
        }
    }

    public static void ClearLog()
    {
        lock (Gate)
        {
            Log.Clear();
        }
    }

    // ---- tasks -------------------------------------------------------------------------------------------------

    /// <summary>Starts a state change of a guest: a task that completes as its method's plan says.</summary>
    public static FakeTask StartTask(string method, Guest guest, int transit, int target, int generation)
    {
        lock (Gate)
        {
            var plan = new TaskPlan();
            if (Plans.TryGetValue(method, out var p) && p.Remaining != 0)
            {
                plan = p;
                if (p.Remaining > 0)
                {
                    p.Remaining--;
                }
            }

            // a new state change ends one in progress (e.g. TurnOff during a save: the save is lost)
            foreach (var other in Pending.Where(t => t.Guest == guest).ToList())
            {
                other.Done = true;
                other.Result = 1;
                Pending.Remove(other);
                Log.Append(CultureInfo.InvariantCulture, $"        -> task{other.Id} ({other.Method}) cut off\n");
            }

            var task = new FakeTask(++_taskCounter, method, guest, guest.State, target, plan, NowMs, generation);
            Log.Append(CultureInfo.InvariantCulture, $"        -> task{task.Id} ({plan.Mode}{(plan.Amount != 0 ? ":" + plan.Amount.ToString(CultureInfo.InvariantCulture) : "")}, result {plan.Result})\n");
            if (plan.Mode == TaskMode.Now)
            {
                Complete(task);
            }
            else
            {
                guest.State = transit;
                Pending.Add(task);
            }

            return task;
        }
    }

    /// <summary>A state change that happens by itself later (a save or turn-off started outside the cluster).</summary>
    public static void Schedule(string name, int state, int afterMs)
    {
        lock (Gate)
        {
            var g = Guests.Find(x => string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException("no such guest: " + name, nameof(name));
            Scheduled.Add((g, state, NowMs + afterMs));
        }
    }

    /// <summary>Completes the tasks whose time has come (called under the lock on every fake call).</summary>
    private static void Tick()
    {
        for (int i = Scheduled.Count - 1; i >= 0; i--)
        {
            var (g, state, at) = Scheduled[i];
            if (NowMs >= at)
            {
                g.State = state;
                Scheduled.RemoveAt(i);
                Log.Append(CultureInfo.InvariantCulture, $"+{NowMs,6}ms [scheduled] {g.Name}: state {state}\n");
            }
        }

        for (int i = Pending.Count - 1; i >= 0; i--)
        {
            var t = Pending[i];
            if (t.Plan.Mode == TaskMode.Milliseconds && NowMs - t.CreatedMs >= t.Plan.Amount)
            {
                Complete(t);
            }
        }
    }

    public static void TickNow()
    {
        lock (Gate)
        {
            Tick();
        }
    }

    public static void Complete(FakeTask task, int? result = null)
    {
        lock (Gate)
        {
            if (task.Done)
            {
                return;
            }

            task.Done = true;
            task.Result = result ?? task.Plan.Result;
            task.Error = task.Result == 0 ? 0 : task.Plan.Error;
            Pending.Remove(task);
            task.Guest.State = task.Result == 0 ? task.Target
                : task.Plan.FinalState >= 0 ? task.Plan.FinalState
                : task.From;
            Log.Append(CultureInfo.InvariantCulture, $"+{NowMs,6}ms task{task.Id} ({task.Method} of {task.Guest.Name}) completes: result {task.Result}, state {task.Guest.State}\n");
        }
    }

    /// <summary>One WaitForCompletion: returns when the task is done, the timeout passes, or the wait cap passes.</summary>
    public static void Wait(FakeTask task, int timeoutMs)
    {
        int cap = WaitCapMs;
        long limit = timeoutMs < 0 ? cap : Math.Min(timeoutMs, cap);
        long until = NowMs + limit;
        lock (Gate)
        {
            Tick();
            if (task.Done)
            {
                return;
            }

            if (task.Plan.Mode == TaskMode.Waits)
            {
                task.WaitsSeen++;
                if (task.WaitsSeen >= task.Plan.Amount)
                {
                    Complete(task);
                }

                return;
            }
        }

        while (NowMs < until)
        {
            lock (Gate)
            {
                Tick();
                if (task.Done)
                {
                    return;
                }
            }

            Thread.Sleep((int)Math.Clamp(until - NowMs, 1, 20));
        }
    }

    public static int Percent(FakeTask task)
    {
        lock (Gate)
        {
            Tick();
            if (task.Done)
            {
                return 100;
            }

            return task.Plan.Mode switch
            {
                TaskMode.Milliseconds => (int)Math.Min(99, (NowMs - task.CreatedMs) * 100 / Math.Max(1, task.Plan.Amount)),
                TaskMode.Waits => Math.Min(99, task.WaitsSeen * 100 / Math.Max(1, task.Plan.Amount)),
                _ => task.Plan.Percent,
            };
        }
    }

    public static void Cancel(FakeTask task)
    {
        lock (Gate)
        {
            if (task.Done)
            {
                return;
            }

            if (!task.Plan.Cancelable)
            {
                throw Error(Codes.EFail, $"task{task.Id} cannot be cancelled");
            }
        }

        Complete(task, result: 1);
    }

    // ---- persistence (the demo's two "nodes" are two processes) ------------------------------------------------

    /// <summary>What survives a restart of the fake's own process (the guests and the call log), as Virtual Server keeps its guests.</summary>
    public static void Persist(string path)
    {
        lock (Gate)
        {
            System.IO.File.WriteAllText(path, JsonSerializer.Serialize(new Persisted
            {
                Guests = Guests, Networks = Networks, Files = Files.ToList(), Node = _node, Log = Log.ToString(), Calls = _calls, Activations = _activations,
            }));
        }
    }

    public static void Restore(string path)
    {
        lock (Gate)
        {
            if (!System.IO.File.Exists(path))
            {
                return;
            }

            var p = JsonSerializer.Deserialize<Persisted>(System.IO.File.ReadAllText(path)) ?? new Persisted();
            Guests.Clear();
            Guests.AddRange(p.Guests);
            Networks.Clear();
            Networks.AddRange(p.Networks);
            Files.Clear();
            Files.UnionWith(p.Files);
            _node = p.Node;
            Log.Clear().Append(p.Log);
            _calls = p.Calls;
            _activations = p.Activations;
        }
    }

    private sealed class Persisted
    {
        public List<Guest> Guests { get; set; } = new();
        public List<Network> Networks { get; set; } = new();
        public List<string> Files { get; set; } = new();
        public string Node { get; set; } = "";
        public string Log { get; set; } = "";
        public long Calls { get; set; }
        public long Activations { get; set; }
    }

    /// <summary>The shared disk and every node's registrations (the demo's nodes are separate processes); not this node's name.</summary>
    public static void SaveTo(string path)
    {
        lock (Gate)
        {
            System.IO.File.WriteAllText(path, JsonSerializer.Serialize(new SharedDisk { Guests = Guests, Networks = Networks, Files = Files.ToList() }));
        }
    }

    public static void LoadFrom(string path)
    {
        lock (Gate)
        {
            Guests.Clear();
            Networks.Clear();
            Files.Clear();
            if (System.IO.File.Exists(path))
            {
                var disk = JsonSerializer.Deserialize<SharedDisk>(System.IO.File.ReadAllText(path)) ?? new SharedDisk();
                Guests.AddRange(disk.Guests);
                Networks.AddRange(disk.Networks);
                Files.UnionWith(disk.Files);
            }
        }
    }

    private sealed class SharedDisk
    {
        public List<Guest> Guests { get; set; } = new();
        public List<Network> Networks { get; set; } = new();
        public List<string> Files { get; set; } = new();
    }
}

/// <summary>A state change in progress (the IVMTask behind it).</summary>
internal sealed class FakeTask
{
    public FakeTask(int id, string method, Guest guest, int from, int target, TaskPlan plan, long createdMs, int generation)
    {
        Id = id; Method = method; Guest = guest; From = from; Target = target; Plan = plan; CreatedMs = createdMs; Generation = generation;
    }

    public int Id { get; }
    public string Method { get; }
    public Guest Guest { get; }
    public int From { get; }
    public int Target { get; }
    public TaskPlan Plan { get; }
    public long CreatedMs { get; }
    public int Generation { get; }
    public bool Done { get; set; }
    public int Result { get; set; }
    public int Error { get; set; }
    public int WaitsSeen { get; set; }
}
