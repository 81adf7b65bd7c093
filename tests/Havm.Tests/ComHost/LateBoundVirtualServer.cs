using System.Runtime.InteropServices;

namespace Havm.Tests.ComHost;

/// <summary>
/// <c>VirtualServer.Application</c> as the late binder meets a plain .NET object (the runtime hands a .NET COM
/// server's objects over unwrapped, NOTES.md limit 10): reached through reflection, members named as Virtual Server
/// names them. Counts connections; any member can be made to hang or fail.
/// </summary>
public sealed class LateBoundVirtualServer
{
    private int _connections;

    public Dictionary<string, LateBoundGuest> Guests { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How many times a worker connected (created VirtualServer.Application).</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>When set, connecting fails with this HRESULT.</summary>
    public int? ConnectFails { get; set; }

    /// <summary>The connect function a worker is given.</summary>
    public object Connect()
    {
        Interlocked.Increment(ref _connections);
        if (ConnectFails is { } hr)
        {
            throw new COMException("cannot create VirtualServer.Application", hr);
        }

        return new Application(this);
    }

    public LateBoundGuest Add(string name, int state = 5)
    {
        var guest = new LateBoundGuest(name) { State = state };
        Guests.Add(name, guest);
        return guest;
    }

    /// <summary>One connection: what <c>CreateObject("VirtualServer.Application")</c> returned.</summary>
    public sealed class Application
    {
        private readonly LateBoundVirtualServer _server;

        public Application(LateBoundVirtualServer server) => _server = server;

        public object? FindVirtualMachine(string name)
        {
            _server.FindHang?.Block();
            return _server.Guests.TryGetValue(name, out var guest) ? guest : null;
        }

        public Collection VirtualMachines => new(_server.Guests.Values.ToArray());
    }

    /// <summary>When set, FindVirtualMachine hangs in it.</summary>
    public Hang? FindHang { get; set; }

    /// <summary>VMVirtualMachines: 1-based.</summary>
    public sealed class Collection
    {
        private readonly LateBoundGuest[] _items;

        public Collection(LateBoundGuest[] items) => _items = items;

        public int Count => _items.Length;

        public LateBoundGuest Item(int index) => _items[index - 1];
    }
}

/// <summary>VMVirtualMachine.</summary>
public sealed class LateBoundGuest
{
    public LateBoundGuest(string name) => Name = name;

    public string Name { get; }

    public Hang? StateHang { get; set; }

    public int? StateFails { get; set; }

    private int _state;

    public int State
    {
        get
        {
            StateHang?.Block();
            if (StateFails is { } hr)
            {
                throw new COMException("State failed", hr);
            }

            return _state;
        }

        set => _state = value;
    }

    private LateBoundGuestOs? _guestOs = new();

    public LateBoundGuestOs? GuestOS
    {
        get
        {
            GuestOsReads++;
            return _guestOs;
        }

        set => _guestOs = value;
    }

    /// <summary>How many times GuestOS was read (a member call to Virtual Server each).</summary>
    public int GuestOsReads { get; private set; }

    /// <summary>What the next Startup, Save, TurnOff or Resume returns (null: no task).</summary>
    public LateBoundTask? NextTask { get; set; } = new();

    public List<string> Calls { get; } = [];

    public Hang? StartupHang { get; set; }

    public string File { get; set; } = @"X:\Guests\Guest1\Guest1.vmc";

    public bool Undoable { get; set; }

    public int UndoAction { get; set; } = 1;

    public int AutoStartAtLaunch { get; set; }

    public int ShutdownActionOnQuit { get; set; }

    /// <summary>VMHardDiskConnections: each a <see cref="LateBoundDiskConnection"/>.</summary>
    public LateBoundItems HardDiskConnections { get; set; } = new();

    /// <summary>When set, reading NetworkAdapters fails with this HRESULT.</summary>
    public int? NetworkAdaptersFails { get; set; }

    /// <summary>VMNetworkAdapters: each a <see cref="LateBoundNetworkAdapter"/>.</summary>
    public LateBoundItems NetworkAdapters
    {
        get => NetworkAdaptersFails is { } hr ? throw new COMException("NetworkAdapters failed", hr) : _networkAdapters;
        set => _networkAdapters = value;
    }

    private LateBoundItems _networkAdapters = new();

    public LateBoundTask? Startup()
    {
        StartupHang?.Block();
        return Record(nameof(Startup));
    }

    public LateBoundTask? Save() => Record(nameof(Save));

    public LateBoundTask? TurnOff() => Record(nameof(TurnOff));

    public LateBoundTask? Resume() => Record(nameof(Resume));

    public void DiscardSavedState() => Calls.Add(nameof(DiscardSavedState));

    private LateBoundTask? Record(string call)
    {
        lock (Calls)
        {
            Calls.Add(call);
        }

        return NextTask;
    }
}

/// <summary>VMGuestOS (the Additions).</summary>
public sealed class LateBoundGuestOs
{
    public Hang? HeartbeatHang { get; set; }

    public bool IsHeartbeating { get; set; } = true;

    private int _percentage = 100;

    /// <summary>Every read of HeartbeatPercentage fails with this HRESULT (a GuestOS object gone stale).</summary>
    public int? Fails { get; set; }

    public int HeartbeatPercentage
    {
        get
        {
            HeartbeatHang?.Block();
            return Fails is { } hr ? throw new COMException("GuestOS failed", hr) : _percentage;
        }

        set => _percentage = value;
    }

    public LateBoundTask? Shutdown() => new();
}

/// <summary>IVMTask (no Error member: reading it fails with DISP_E_UNKNOWNNAME, as on an IVMTask without IVMTask2).</summary>
public class LateBoundTask
{
    public bool IsComplete { get; set; } = true;

    public int Result { get; set; }

    public int PercentCompleted { get; set; } = 100;

    public bool IsCancelable { get; set; }

    public int Waits { get; private set; }

    public int LastWaitMilliseconds { get; private set; }

    public bool Cancelled { get; private set; }

    public void WaitForCompletion(int milliseconds)
    {
        Waits++;
        LastWaitMilliseconds = milliseconds;
    }

    public void Cancel() => Cancelled = true;
}

/// <summary>IVMTask2's Error, as a signed or unsigned code.</summary>
public sealed class LateBoundTask2 : LateBoundTask
{
    public object? Error { get; set; }
}

/// <summary>A 1-based Virtual Server collection (<c>Count</c>, <c>Item(i)</c>).</summary>
public sealed class LateBoundItems
{
    private readonly object[] _items;

    public LateBoundItems(params object[] items) => _items = items;

    public int Count => _items.Length;

    public object Item(int index) => _items[index - 1];
}

/// <summary>An object with a <c>File</c> (VMHardDisk, VMVirtualNetwork).</summary>
public sealed class LateBoundFile
{
    public LateBoundFile(string file) => File = file;

    public string File { get; }
}

/// <summary>VMHardDiskConnection: its disk, and its undo disk (VM_E_HD_IMAGE_NOT_FOUND when undo disks are off).</summary>
public sealed class LateBoundDiskConnection
{
    private readonly LateBoundFile? _undo;

    public LateBoundDiskConnection(string disk, string? undo = null)
    {
        HardDisk = new LateBoundFile(disk);
        _undo = undo is null ? null : new LateBoundFile(undo);
    }

    public LateBoundFile HardDisk { get; }

    public LateBoundFile UndoHardDisk => _undo ?? throw new COMException("no undo disk", unchecked((int)0xA0040503));
}

/// <summary>VMNetworkAdapter: the virtual network it is attached to.</summary>
public sealed class LateBoundNetworkAdapter
{
    public LateBoundNetworkAdapter(string network) => VirtualNetwork = new LateBoundFile(network);

    public LateBoundFile VirtualNetwork { get; }
}
