using System.Collections;
using System.Runtime.InteropServices;

namespace Havm.TestBed.FakeVirtualServer;

// The part of Virtual Server 2005 R2's automation API that Havm.vbs and Havm.Net use
// (platform-and-peers.md section 2), as dual interfaces like VS's own (VsComInterfaces.h).

[ComVisible(true), Guid("5E7A1C20-3B7E-4D55-9E0C-7A1B2C3D4E01"), InterfaceType(ComInterfaceType.InterfaceIsDual)]
public interface IVMVirtualServer
{
    object? FindVirtualMachine(string configurationName);
    object VirtualMachines { get; }
    string Version { get; }
}

[ComVisible(true), Guid("5E7A1C20-3B7E-4D55-9E0C-7A1B2C3D4E02"), InterfaceType(ComInterfaceType.InterfaceIsDual)]
public interface IVMVirtualMachineCollection
{
    int Count { get; }
    [DispId(0)] object Item(int index);
    [DispId(-4)] IEnumerator GetEnumerator();
}

[ComVisible(true), Guid("5E7A1C20-3B7E-4D55-9E0C-7A1B2C3D4E03"), InterfaceType(ComInterfaceType.InterfaceIsDual)]
public interface IVMVirtualMachine
{
    string Name { get; }
    int State { get; }
    string File { get; }
    bool Undoable { get; }
    int UndoAction { get; }
    int AutoStartAtLaunch { get; }
    int ShutdownActionOnQuit { get; }
    object GuestOS { get; }
    object Startup();
    object Save();
    object TurnOff();
    object Resume();
    void DiscardSavedState();
}

[ComVisible(true), Guid("5E7A1C20-3B7E-4D55-9E0C-7A1B2C3D4E04"), InterfaceType(ComInterfaceType.InterfaceIsDual)]
public interface IVMGuestOS
{
    bool IsHeartbeating { get; }
    int HeartbeatPercentage { get; }
    object Shutdown();
}

[ComVisible(true), Guid("5E7A1C20-3B7E-4D55-9E0C-7A1B2C3D4E05"), InterfaceType(ComInterfaceType.InterfaceIsDual)]
public interface IVMTask
{
    void WaitForCompletion(int timeout);
    bool IsComplete { get; }
    int Result { get; }
    int PercentCompleted { get; }
    bool IsCancelable { get; }
    void Cancel();
    int Error { get; }
    string ErrorDescription { get; }
}

/// <summary>
/// Carries IDispatch's IID so that the .NET COM host's class factory accepts CoCreateInstance(IID_IDispatch), as
/// the real (native) Virtual Server does; without it that call fails with E_NOINTERFACE. Never called directly.
/// </summary>
[ComImport, Guid("00020400-0000-0000-C000-000000000046"), InterfaceType(ComInterfaceType.InterfaceIsIDispatch)]
public interface ICreatableAsDispatch
{
}

/// <summary>"VirtualServer.Application": a healthy Virtual Server unless the control object says otherwise.</summary>
[ComVisible(true), Guid("5E7A1C20-3B7E-4D55-9E0C-7A1B2C3D4E10"), ProgId("VirtualServer.Application")]
[ClassInterface(ClassInterfaceType.None), ComDefaultInterface(typeof(IVMVirtualServer))]
public sealed class VirtualServerApplication : NativeDispatchObject, IVMVirtualServer, ICreatableAsDispatch
{
    private readonly int _generation;

    public VirtualServerApplication()
    {
        _generation = World.Generation;
        World.Enter("Create", "CreateObject(\"VirtualServer.Application\")", _generation);
    }

    public string Version
    {
        get
        {
            World.Enter("Version", "Version", _generation);
            return "1.1.603.0 EE R2 SP1 (Havm.Net test bed fake)";
        }
    }

    public object? FindVirtualMachine(string configurationName)
    {
        World.Enter("FindVirtualMachine", $"FindVirtualMachine(\"{configurationName}\")", _generation);
        var g = World.Find(configurationName);
        if (g is null)
        {
            World.Note("-> Nothing (not registered)");
            return null;
        }

        return NativeDispatch.Wrap(new VirtualMachine(g.Name, _generation));
    }

    public object VirtualMachines
    {
        get
        {
            World.Enter("VirtualMachines", "VirtualMachines", _generation);
            return NativeDispatch.Wrap(new VirtualMachineCollection(World.Names(), _generation))!;
        }
    }
}

[ComVisible(true), Guid("5E7A1C20-3B7E-4D55-9E0C-7A1B2C3D4E11"), ClassInterface(ClassInterfaceType.None)]
public sealed class VirtualMachineCollection : NativeDispatchObject, IVMVirtualMachineCollection
{
    private readonly string[] _names;
    private readonly int _generation;

    internal VirtualMachineCollection(string[] names, int generation)
    {
        _names = names;
        _generation = generation;
    }

    public int Count
    {
        get
        {
            World.Enter("Count", "VirtualMachines.Count", _generation);
            return _names.Length;
        }
    }

    public object Item(int index)
    {
        World.Enter("Item", $"VirtualMachines.Item({index})", _generation);
        if (index < 1 || index > _names.Length)
        {
            throw World.Error(unchecked((int)0x8002000B), "DISP_E_BADINDEX");
        }

        return NativeDispatch.Wrap(new VirtualMachine(_names[index - 1], _generation))!;
    }

    public IEnumerator GetEnumerator() =>
        _names.Select(n => NativeDispatch.Wrap(new VirtualMachine(n, _generation))).ToList().GetEnumerator();
}

[ComVisible(true), Guid("5E7A1C20-3B7E-4D55-9E0C-7A1B2C3D4E12"), ClassInterface(ClassInterfaceType.None)]
public sealed class VirtualMachine : NativeDispatchObject, IVMVirtualMachine
{
    private readonly string _name;
    private readonly int _generation;

    internal VirtualMachine(string name, int generation)
    {
        _name = name;
        _generation = generation;
    }

    private Guest Enter(string member)
    {
        World.Enter(member, $"{_name}.{member}", _generation);
        return World.Known(_name);
    }

    public string Name => Enter("Name").Name;

    public int State
    {
        get
        {
            var g = Enter("State");
            int s = World.Read(() => g.State);
            World.Note($"-> {s}");
            return s;
        }
    }

    public string File => Enter("File").File;
    public bool Undoable => Enter("Undoable").Undoable;
    public int UndoAction => Enter("UndoAction").UndoAction;
    public int AutoStartAtLaunch => Enter("AutoStartAtLaunch").AutoStartAtLaunch;
    public int ShutdownActionOnQuit => Enter("ShutdownActionOnQuit").ShutdownActionOnQuit;

    public object GuestOS
    {
        get
        {
            Enter("GuestOS");
            return NativeDispatch.Wrap(new GuestOperatingSystem(_name, _generation))!;
        }
    }

    public object Startup()
    {
        var g = Enter("Startup");
        return World.Read(() => g.State) switch
        {
            VmState.TurnedOff => Start("Startup", g, VmState.TurningOn, VmState.Running),
            VmState.Saved => Start("Startup", g, VmState.Restoring, VmState.Running),
            _ => throw World.Error(Codes.VmRunning, "Operation cannot be performed on a running virtual machine."),
        };
    }

    public object Save()
    {
        var g = Enter("Save");
        var (state, undoDiscard) = World.Read(() => (g.State, g.Undoable && g.UndoAction == 0));
        if (state is not (VmState.Running or VmState.Paused))
        {
            throw World.Error(Codes.VmNotRunning, "The virtual machine must be running for this operation.");
        }

        if (undoDiscard)
        {
            throw World.Error(Codes.EFail, "Saving would corrupt the undo disks (UndoAction = discard).");
        }

        return Start("Save", g, VmState.Saving, VmState.Saved);
    }

    public object TurnOff()
    {
        var g = Enter("TurnOff");
        // Like pulling the power: also allowed while the guest saves (the save is lost)
        if (World.Read(() => g.State) is not (VmState.Running or VmState.Paused or VmState.TurningOn or VmState.Restoring or VmState.Saving))
        {
            throw World.Error(Codes.VmNotRunning, "The virtual machine must be running for this operation.");
        }

        return Start("TurnOff", g, VmState.TurningOff, VmState.TurnedOff);
    }

    public object Resume()
    {
        var g = Enter("Resume");
        if (World.Read(() => g.State) != VmState.Paused)
        {
            throw World.Error(Codes.VmNotRunning, "The virtual machine is not paused.");
        }

        return Start("Resume", g, VmState.Paused, VmState.Running);
    }

    public void DiscardSavedState()
    {
        var g = Enter("DiscardSavedState");
        World.Update(_name, x =>
        {
            if (x.State != VmState.Saved)
            {
                throw World.Error(Codes.NoSavedState, "The virtual machine has no saved state.");
            }

            x.State = VmState.TurnedOff;
        });
        World.Note($"-> saved state of {g.Name} discarded");
    }

    private object Start(string method, Guest g, int transit, int target) =>
        NativeDispatch.Wrap(new VmTask(World.StartTask(method, g, transit, target, _generation)))!;
}

[ComVisible(true), Guid("5E7A1C20-3B7E-4D55-9E0C-7A1B2C3D4E13"), ClassInterface(ClassInterfaceType.None)]
public sealed class GuestOperatingSystem : NativeDispatchObject, IVMGuestOS
{
    private readonly string _name;
    private readonly int _generation;

    internal GuestOperatingSystem(string name, int generation)
    {
        _name = name;
        _generation = generation;
    }

    private Guest EnterRunning(string member, int additionsError)
    {
        World.Enter(member, $"{_name}.GuestOS.{member}", _generation);
        var g = World.Known(_name);
        var (state, additions) = World.Read(() => (g.State, g.AdditionsAvailable));
        if (state != VmState.Running)
        {
            throw World.Error(Codes.VmNotRunning, "The virtual machine must be running for this operation.");
        }

        if (!additions)
        {
            throw World.Error(additionsError, "Virtual Machine Additions are not available.");
        }

        return g;
    }

    public bool IsHeartbeating
    {
        get
        {
            var g = EnterRunning("IsHeartbeating", Codes.AdditionsNotAvailable);
            bool v = World.Read(() => g.IsHeartbeating);
            World.Note($"-> {v}");
            return v;
        }
    }

    public int HeartbeatPercentage
    {
        get
        {
            var g = EnterRunning("HeartbeatPercentage", Codes.AdditionsNotAvailable);
            int v = World.Read(() => g.HeartbeatPercentage);
            World.Note($"-> {v}");
            return v;
        }
    }

    public object Shutdown()
    {
        var g = EnterRunning("Shutdown", Codes.AdditionsFeatureNotAvailable);
        return NativeDispatch.Wrap(new VmTask(World.StartTask("Shutdown", g, VmState.TurningOff, VmState.TurnedOff, _generation)))!;
    }
}

[ComVisible(true), Guid("5E7A1C20-3B7E-4D55-9E0C-7A1B2C3D4E14"), ClassInterface(ClassInterfaceType.None)]
public sealed class VmTask : NativeDispatchObject, IVMTask
{
    private readonly FakeTask _task;

    internal VmTask(FakeTask task) => _task = task;

    private void Enter(string member, string? args = null) =>
        World.Enter(member, $"task{_task.Id}.{member}{args}", _task.Generation);

    public void WaitForCompletion(int timeout)
    {
        Enter("WaitForCompletion", $"({timeout})");
        World.Wait(_task, timeout);
    }

    public bool IsComplete
    {
        get
        {
            Enter("IsComplete");
            return World.Read(() => _task.Done);
        }
    }

    public int Result
    {
        get
        {
            Enter("Result");
            return World.Read(() => _task.Done ? _task.Result : 0);
        }
    }

    public int PercentCompleted
    {
        get
        {
            Enter("PercentCompleted");
            return World.Percent(_task);
        }
    }

    public bool IsCancelable
    {
        get
        {
            Enter("IsCancelable");
            return World.Read(() => !_task.Done && _task.Plan.Cancelable);
        }
    }

    public void Cancel()
    {
        Enter("Cancel");
        World.Cancel(_task);
    }

    public int Error
    {
        get
        {
            Enter("Error");
            return World.Read(() => _task.Error);
        }
    }

    public string ErrorDescription
    {
        get
        {
            Enter("ErrorDescription");
            return World.Read(() => _task.Error == 0 ? "" : $"fake task error 0x{_task.Error:X8}");
        }
    }
}
