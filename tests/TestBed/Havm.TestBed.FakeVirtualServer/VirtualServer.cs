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
    object RegisterVirtualMachine(string configurationName, string configurationPath);
    object RegisterVirtualNetwork(string configurationName, string configurationPath);
    void UnregisterVirtualMachine(object virtualMachine);
    object VirtualNetworks { get; }
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
    object HardDiskConnections { get; }
    object NetworkAdapters { get; }
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

    /// <summary>With an empty name, registers the .vmc at the full path on this node (IVMVirtualServer::RegisterVirtualMachine).</summary>
    public object RegisterVirtualMachine(string configurationName, string configurationPath)
    {
        World.Enter("RegisterVirtualMachine", $"RegisterVirtualMachine(\"{configurationName}\", \"{configurationPath}\")", _generation);
        var guest = World.RegisterGuest(configurationPath);
        return NativeDispatch.Wrap(new VirtualMachine(guest.Name, _generation))!;
    }

    /// <summary>With an empty name, registers the .vnc at the full path on this node (IVMVirtualServer::RegisterVirtualNetwork).</summary>
    public object RegisterVirtualNetwork(string configurationName, string configurationPath)
    {
        World.Enter("RegisterVirtualNetwork", $"RegisterVirtualNetwork(\"{configurationName}\", \"{configurationPath}\")", _generation);
        var network = World.RegisterNetwork(configurationPath);
        return NativeDispatch.Wrap(new VirtualNetwork(network, _generation))!;
    }

    /// <summary>Forgets the guest on this node (IVMVirtualServer::UnregisterVirtualMachine takes the guest object); its files stay.</summary>
    public void UnregisterVirtualMachine(object virtualMachine)
    {
        var name = (string)virtualMachine.GetType().InvokeMember("Name", System.Reflection.BindingFlags.GetProperty, null, virtualMachine, null)!;
        World.Enter("UnregisterVirtualMachine", $"UnregisterVirtualMachine({name})", _generation);
        World.UnregisterGuest(name);
    }

    /// <summary>The networks registered on this node.</summary>
    public object VirtualNetworks
    {
        get
        {
            World.Enter("VirtualNetworks", "VirtualNetworks", _generation);
            var items = World.NetworksHere().Select(n => (object)new VirtualNetwork(n, _generation)).ToArray();
            return NativeDispatch.Wrap(new ObjectCollection("VirtualNetworks", items, _generation))!;
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

    /// <summary>One connection per virtual hard disk: HardDisk, and UndoHardDisk when the guest has an undo disk for it.</summary>
    public object HardDiskConnections
    {
        get
        {
            var g = Enter("HardDiskConnections");
            var (disks, undo) = World.Read(() => (g.HardDisks.ToArray(), g.UndoDisks.ToArray()));
            var items = disks.Select((d, i) => (object)new HardDiskConnection(d, i < undo.Length ? undo[i] : null, _generation)).ToArray();
            return NativeDispatch.Wrap(new ObjectCollection($"{_name}.HardDiskConnections", items, _generation))!;
        }
    }

    /// <summary>One adapter per network the guest uses (its VirtualNetwork).</summary>
    public object NetworkAdapters
    {
        get
        {
            var g = Enter("NetworkAdapters");
            var items = World.Read(() => g.Networks.ToArray()).Select(f => (object)new NetworkAdapter(f, _generation)).ToArray();
            return NativeDispatch.Wrap(new ObjectCollection($"{_name}.NetworkAdapters", items, _generation))!;
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

/// <summary>A 1-based collection of fake objects (VirtualNetworks, HardDiskConnections, NetworkAdapters).</summary>
public sealed class ObjectCollection : NativeDispatchObject
{
    private readonly string _label;
    private readonly object[] _items;
    private readonly int _generation;

    internal ObjectCollection(string label, object[] items, int generation)
    {
        _label = label;
        _items = items;
        _generation = generation;
    }

    public int Count
    {
        get
        {
            World.Enter("Count", $"{_label}.Count", _generation);
            return _items.Length;
        }
    }

    public object Item(int index)
    {
        World.Enter("Item", $"{_label}.Item({index})", _generation);
        if (index < 1 || index > _items.Length)
        {
            throw World.Error(unchecked((int)0x8002000B), "DISP_E_BADINDEX");
        }

        return NativeDispatch.Wrap(_items[index - 1])!;
    }
}

/// <summary>IVMVirtualNetwork: its name and .vnc.</summary>
public sealed class VirtualNetwork : NativeDispatchObject
{
    private readonly Network _network;
    private readonly int _generation;

    internal VirtualNetwork(Network network, int generation)
    {
        _network = network;
        _generation = generation;
    }

    public string Name
    {
        get
        {
            World.Enter("Name", $"VirtualNetwork.Name", _generation);
            return _network.Name;
        }
    }

    public string File
    {
        get
        {
            World.Enter("File", $"VirtualNetwork({_network.Name}).File", _generation);
            return _network.File;
        }
    }
}

/// <summary>IVMHardDiskConnection: HardDisk, and UndoHardDisk (HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND) when there is none).</summary>
public sealed class HardDiskConnection : NativeDispatchObject
{
    private readonly string _disk;
    private readonly string? _undo;
    private readonly int _generation;

    internal HardDiskConnection(string disk, string? undo, int generation)
    {
        _disk = disk;
        _undo = undo;
        _generation = generation;
    }

    public object HardDisk
    {
        get
        {
            World.Enter("HardDisk", "HardDiskConnection.HardDisk", _generation);
            return NativeDispatch.Wrap(new HardDisk(_disk, _generation))!;
        }
    }

    public object UndoHardDisk
    {
        get
        {
            World.Enter("UndoHardDisk", "HardDiskConnection.UndoHardDisk", _generation);
            return _undo is null
                ? throw World.Error(unchecked((int)0x80070002), "The undo disk for this connection was not found.")
                : NativeDispatch.Wrap(new HardDisk(_undo, _generation))!;
        }
    }
}

/// <summary>IVMHardDisk: its file.</summary>
public sealed class HardDisk : NativeDispatchObject
{
    private readonly string _file;
    private readonly int _generation;

    internal HardDisk(string file, int generation)
    {
        _file = file;
        _generation = generation;
    }

    public string File
    {
        get
        {
            World.Enter("File", $"HardDisk.File", _generation);
            return _file;
        }
    }
}

/// <summary>IVMNetworkAdapter: the virtual network it is attached to.</summary>
public sealed class NetworkAdapter : NativeDispatchObject
{
    private readonly string _networkFile;
    private readonly int _generation;

    internal NetworkAdapter(string networkFile, int generation)
    {
        _networkFile = networkFile;
        _generation = generation;
    }

    public object VirtualNetwork
    {
        get
        {
            World.Enter("VirtualNetwork", "NetworkAdapter.VirtualNetwork", _generation);
            return NativeDispatch.Wrap(new VirtualNetwork(World.NetworkOf(_networkFile), _generation))!;
        }
    }
}
