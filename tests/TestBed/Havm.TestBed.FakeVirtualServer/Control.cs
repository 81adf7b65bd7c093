using System.Globalization;
using System.Runtime.InteropServices;

namespace Havm.TestBed.FakeVirtualServer;

/// <summary>
/// "Havm.TestBed.VirtualServerControl": drives the fake Virtual Server from the test bed. Same assembly as the
/// fake, so the same AssemblyLoadContext and the same statics (<see cref="World"/>).
/// Method names used by Fail/Block: Create (CreateObject of VirtualServer.Application), FindVirtualMachine,
/// VirtualMachines, Count, Item, Name, State, File, Undoable, UndoAction, AutoStartAtLaunch, ShutdownActionOnQuit,
/// GuestOS, Startup, Save, TurnOff, Resume, DiscardSavedState, IsHeartbeating, HeartbeatPercentage, Shutdown,
/// WaitForCompletion, IsComplete, Result, PercentCompleted, IsCancelable, Cancel, Error, ErrorDescription.
/// </summary>
[ComVisible(true), Guid("5E7A1C20-3B7E-4D55-9E0C-7A1B2C3D4E20"), InterfaceType(ComInterfaceType.InterfaceIsDual)]
public interface IVirtualServerControl
{
    /// <summary>Forgets every guest, fault, plan and log line; objects handed out before are disconnected.</summary>
    void Reset();
    void AddGuest(string name, int state);
    void RemoveGuest(string name);
    void SetState(string name, int state);
    /// <summary>The guest's state, or -1 when it is not registered. Not logged.</summary>
    int GetState(string name);
    void SetHeartbeat(string name, bool isHeartbeating, int percentage);
    void SetAdditions(string name, bool available);
    void SetConfiguration(string name, bool undoable, int undoAction, int autoStartAtLaunch, int shutdownActionOnQuit);
    /// <summary>Makes a method throw a COMException with this HRESULT: times -1 = always, 0 = no more. "Create" makes
    /// CoCreateInstance of VirtualServer.Application fail natively instead (see Registration).</summary>
    void Fail(string method, int hresult, int times);
    /// <summary>As Fail with times -1, once the method has answered normally <paramref name="afterCalls"/> more times.</summary>
    void FailAfter(string method, int hresult, int afterCalls);
    /// <summary>Makes a method block for ms milliseconds before it acts (a hung Virtual Server): times -1 = always.</summary>
    void Block(string method, int ms, int times);
    /// <summary>How the tasks of Startup/Save/TurnOff/Resume/Shutdown complete: mode now | waits:N | ms:N | never[:percent].</summary>
    /// <summary>times: how many tasks the plan shapes (0 = all).</summary>
    void SetTaskPlan(string method, string mode, int result, int error, bool cancelable, int finalState, int times);
    /// <summary>The guest's state changes by itself after ms milliseconds.</summary>
    void ScheduleState(string name, int state, int afterMs);
    /// <summary>The longest a single WaitForCompletion really sleeps (Havm.vbs asks for 300 s).</summary>
    int WaitCapMs { get; set; }
    /// <summary>As setting WaitCapMs (the fake's native IDispatch has no property put).</summary>
    void SetWaitCapMs(int ms);
    /// <summary>A Virtual Server restart: every object handed out so far fails with RPC_E_DISCONNECTED.</summary>
    void Disconnect();
    /// <summary>
    /// The fake in its own process: a Virtual Server restart for real. The process ends a moment after this returns
    /// (its class factories revoked, its guests and call log kept for the next one), so every proxy to it breaks.
    /// </summary>
    void Exit();
    /// <summary>"calls activations": Virtual Server member calls and CreateObjects since the last Reset (kept across restarts).</summary>
    string Counters { get; }
    /// <summary>The process the fake runs in.</summary>
    int ProcessId { get; }
    string CallLog { get; }
    int CallCount(string fragment);
    void ClearLog();
    string Guests { get; }
    void SaveState(string path);
    void LoadState(string path);
    void Note(string text);
    /// <summary>The node this Virtual Server runs on: guests and networks registered only elsewhere are unknown here.</summary>
    void SetNode(string node);
    /// <summary>A guest whose .vmc is <paramref name="file"/> on the shared disk, registered only on <paramref name="nodes"/> (";"-separated, "" = none).</summary>
    void PlaceGuest(string name, int state, string file, string nodes);
    /// <summary>A virtual network whose .vnc is <paramref name="file"/> on the shared disk, registered on <paramref name="nodes"/>.</summary>
    void AddNetwork(string name, string file, string nodes);
    /// <summary>The guest's virtual hard disks, undo disks and networks' .vnc files (";"-separated lists).</summary>
    void SetGuestFiles(string name, string hardDisks, string undoDisks, string networks);
    /// <summary>A file on the shared disk becomes readable (present) or not (its disk is not online here).</summary>
    void SetFile(string path, bool present);
    /// <summary>Undoes Fail("Create", ...) and BreakComClass: both ProgIDs name their real classes again.</summary>
    void RestoreRegistration();
    /// <summary>Points the ProgID Havm.GenericScript at a class whose every call raises (see BrokenGenericScript).</summary>
    void BreakComClass();
}

[ComVisible(true), Guid("5E7A1C20-3B7E-4D55-9E0C-7A1B2C3D4E21"), ProgId("Havm.TestBed.VirtualServerControl")]
[ClassInterface(ClassInterfaceType.None)]
public sealed class VirtualServerControl : IVirtualServerControl
{
    public void Reset() => World.Reset();

    public void AddGuest(string name, int state) => World.AddGuest(name, state);

    public void RemoveGuest(string name) => World.RemoveGuest(name);

    public void SetState(string name, int state)
    {
        World.Update(name, g => g.State = state);
        World.Note($"[control] {name}: state set to {state}");
    }

    public int GetState(string name)
    {
        World.TickNow();
        var g = World.FindAnywhere(name);
        return g is null ? -1 : World.Read(() => g.State);
    }

    public void SetHeartbeat(string name, bool isHeartbeating, int percentage)
    {
        World.Update(name, g => { g.IsHeartbeating = isHeartbeating; g.HeartbeatPercentage = percentage; });
        World.Note($"[control] {name}: heartbeat {(isHeartbeating ? "on" : "off")}, {percentage} %");
    }

    public void SetAdditions(string name, bool available)
    {
        World.Update(name, g => g.AdditionsAvailable = available);
        World.Note($"[control] {name}: Additions {(available ? "available" : "not available")}");
    }

    public void SetConfiguration(string name, bool undoable, int undoAction, int autoStartAtLaunch, int shutdownActionOnQuit) =>
        World.Update(name, g =>
        {
            g.Undoable = undoable; g.UndoAction = undoAction; g.AutoStartAtLaunch = autoStartAtLaunch; g.ShutdownActionOnQuit = shutdownActionOnQuit;
        });

    public void Fail(string method, int hresult, int times) => World.SetFault(method, hresult, times);

    public void FailAfter(string method, int hresult, int afterCalls) => World.SetFault(method, hresult, -1, afterCalls);

    public void Block(string method, int ms, int times) => World.SetBlock(method, ms, times);

    public void SetTaskPlan(string method, string mode, int result, int error, bool cancelable, int finalState, int times) =>
        World.SetPlan(method, TaskPlan.Parse(mode, result, error, cancelable, finalState, times));

    public void ScheduleState(string name, int state, int afterMs) => World.Schedule(name, state, afterMs);

    public int WaitCapMs
    {
        get => World.WaitCapMs;
        set => World.WaitCapMs = value;
    }

    public void SetWaitCapMs(int ms) => World.WaitCapMs = ms;

    public void Disconnect() => World.Disconnect();

    public int ProcessId => Environment.ProcessId;

    public string Counters => World.Counters;

    public void Exit()
    {
        World.Note("[control] Virtual Server's process exits (restart)");
        World.ExitRequested.Set();
    }

    public string CallLog => World.CallLog();

    public int CallCount(string fragment) =>
        World.CallLog().Split('\n').Count(l => l.Contains(fragment, StringComparison.OrdinalIgnoreCase));

    public void ClearLog() => World.ClearLog();

    public string Guests => string.Join(";", World.AllNames().Select(n =>
        n + "=" + GetState(n).ToString(CultureInfo.InvariantCulture)));

    public void SaveState(string path) => World.SaveTo(path);

    public void LoadState(string path) => World.LoadFrom(path);

    public void Note(string text) => World.Note(text);

    public void SetNode(string node)
    {
        World.Node = node;
        World.Note($"[control] this Virtual Server runs on node {node}");
    }

    public void PlaceGuest(string name, int state, string file, string nodes) => World.PlaceGuest(name, state, file, nodes);

    public void AddNetwork(string name, string file, string nodes) => World.AddNetwork(name, file, nodes);

    public void SetGuestFiles(string name, string hardDisks, string undoDisks, string networks) =>
        World.SetGuestFiles(name, hardDisks, undoDisks, networks);

    public void SetFile(string path, bool present)
    {
        World.SetFile(path, present);
        World.Note($"[control] {path} {(present ? "readable" : "not readable")} from this node");
    }

    public void RestoreRegistration() => Registration.Restore();

    public void BreakComClass() => Registration.BreakComClass();
}
