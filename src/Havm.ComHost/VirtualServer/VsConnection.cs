using System.Threading;
using Havm.ComHost.Interop;

namespace Havm.ComHost.VirtualServer;

/// <summary>
/// The Virtual Server objects a worker holds between calls: <c>VirtualServer.Application</c>, the guests by the name
/// they were looked up with, and the tasks handed out. Used only on its worker's thread. Dropped (every object
/// released) on Reconnect, on a lost connection, on Release and when the worker ends.
/// </summary>
internal sealed class VsConnection
{
    private readonly Func<object> _connect;
    private readonly Dictionary<string, object> _guests = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, object> _guestOses = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<TaskAdapter, object> _tasks = new();
    private volatile object? _application;

    public VsConnection(Func<object> connect) => _connect = connect;

    /// <summary>Whether VirtualServer.Application is held (read from any thread).</summary>
    public bool IsConnected => _application is not null;

    /// <summary>VirtualServer.Application, connected on first use.</summary>
    public object Application => _application ??= _connect();

    /// <summary><c>FindVirtualMachine</c>: the guest, or null when Virtual Server does not know it (it answers S_FALSE).</summary>
    public object? FindGuest(string name)
    {
        var guest = LateBinder.Call(Application, "FindVirtualMachine", name);
        Forget(name);

        if (guest is not null)
        {
            _guests.Add(name, guest);
        }

        return guest;
    }

    /// <summary>Releases the guest kept as <paramref name="name"/> and its kept <c>GuestOS</c> (looked up again, or unregistered).</summary>
    public void Forget(string name)
    {
        ForgetGuestOs(name);
        if (_guests.TryGetValue(name, out var guest))
        {
            _ = _guests.Remove(name);
            ComObjects.Release(guest);
        }
    }

    /// <summary>The guest looked up as <paramref name="name"/>, looked up again after a reconnect.</summary>
    /// <remarks>
    /// Never connects: only a lookup (<see cref="FindGuest"/>) may create <c>VirtualServer.Application</c>, after the
    /// core asked the Service Control Manager. A kept guest read without a connection fails with CO_E_OBJNOTCONNECTED.
    /// </remarks>
    public object Guest(string name) =>
        _guests.TryGetValue(name, out var guest)
            ? guest
            : _application is null
                ? throw new COMException("not connected to Virtual Server (the next lookup connects)", HResults.ObjectNotConnected.Signed)
                : FindGuest(name) ?? throw new COMException("guest \"" + name + "\" is not registered in Virtual Server", HResults.VmUnknown.Signed);

    /// <summary>
    /// A read through the guest's <c>GuestOS</c> (the Additions). The <c>GuestOS</c> object is kept for the next read
    /// (a heartbeat poll then costs one Virtual Server call, not two); a read through a kept one that fails is tried
    /// once more through a fresh one, so that a <c>GuestOS</c> gone stale (the guest restarted) costs no false answer.
    /// </summary>
    public T ReadGuestOs<T>(string guestName, Func<object, T> read)
    {
        if (_guestOses.TryGetValue(guestName, out var kept))
        {
            try
            {
                return read(kept);
            }
            catch (COMException ex) when (!IsAnAnswer(ex))
            {
                ForgetGuestOs(guestName);
            }
        }

        var guestOs = GuestOs(guestName);
        _guestOses.Add(guestName, guestOs);
        return read(guestOs);
    }

    /// <summary>
    /// Whether the Additions answered (not available, feature not available: a rebooting guest says so for minutes),
    /// rather than the kept object failing: an answer is not tried again through a fresh one.
    /// </summary>
    private static bool IsAnAnswer(COMException ex) =>
        ex.ErrorCode == HResults.AdditionsNotAvailable.Signed || ex.ErrorCode == HResults.AdditionsFeatureNotAvailable.Signed;

    /// <summary>A change through a fresh <c>GuestOS</c> (never repeated), released at once.</summary>
    public T WithGuestOs<T>(string guestName, Func<object, T> change)
    {
        var guestOs = GuestOs(guestName);
        try
        {
            return change(guestOs);
        }
        finally
        {
            ComObjects.Release(guestOs);
        }
    }

    private object GuestOs(string guestName) =>
        LateBinder.Get(Guest(guestName), "GuestOS") ?? throw new COMException("GuestOS is Nothing", HResults.AdditionsNotAvailable.Signed);

    private void ForgetGuestOs(string name)
    {
        if (_guestOses.TryGetValue(name, out var guestOs))
        {
            _ = _guestOses.Remove(name);
            ComObjects.Release(guestOs);
        }
    }

    /// <summary>The names of every guest Virtual Server knows (<c>VirtualMachines</c>, 1-based).</summary>
    public string[] GuestNames()
    {
        var machines = LateBinder.Get(Application, "VirtualMachines");
        try
        {
            var names = new string[Variants.ToInt(LateBinder.Get(machines, "Count"))];
            for (var i = 0; i < names.Length; i++)
            {
                var guest = LateBinder.Get(machines, "Item", i + 1);
                try
                {
                    names[i] = Variants.ToText(LateBinder.Get(guest, "Name"));
                }
                finally
                {
                    ComObjects.Release(guest);
                }
            }

            return names;
        }
        finally
        {
            ComObjects.Release(machines);
        }
    }

    /// <summary>
    /// The <c>File</c> of every item of a 1-based collection (<c>Count</c>, <c>Item(i)</c>) reached through
    /// <paramref name="item"/> (which may answer null: no file there); every object read is released.
    /// </summary>
    public static string[] Files(object collection, Func<object, object?> item)
    {
        var files = new List<string>();
        var count = Variants.ToInt(LateBinder.Get(collection, "Count"));
        for (var i = 1; i <= count; i++)
        {
            var element = LateBinder.Get(collection, "Item", i);
            try
            {
                var holder = element is null ? null : item(element);
                try
                {
                    var file = holder is null ? string.Empty : Variants.ToText(LateBinder.Get(holder, "File"));
                    if (file.Length > 0 && !files.Exists(f => string.Equals(f, file, StringComparison.OrdinalIgnoreCase)))
                    {
                        files.Add(file);
                    }
                }
                finally
                {
                    if (!ReferenceEquals(holder, element))
                    {
                        ComObjects.Release(holder);
                    }
                }
            }
            finally
            {
                ComObjects.Release(element);
            }
        }

        return files.ToArray();
    }

    /// <summary>The .vnc files of the virtual networks Virtual Server knows (<c>VirtualNetworks</c>).</summary>
    public string[] NetworkFiles()
    {
        var networks = LateBinder.Get(Application, "VirtualNetworks");
        try
        {
            return networks is null ? new string[0] : Files(networks, n => n);
        }
        finally
        {
            ComObjects.Release(networks);
        }
    }

    /// <summary>Keeps a task returned by Virtual Server; a call that returned none counts as completed at once.</summary>
    public IVsTask Keep(VirtualServerAdapter owner, object? task)
    {
        if (task is null)
        {
            return CompletedTask.Instance;
        }

        var adapter = new TaskAdapter(owner);
        _tasks.Add(adapter, task);
        return adapter;
    }

    /// <summary>The task object behind <paramref name="adapter"/>.</summary>
    public object Task(TaskAdapter adapter) =>
        _tasks.TryGetValue(adapter, out var task)
            ? task
            : throw new COMException("the task was released (Close or a reconnect to Virtual Server)", HResults.Abort.Signed);

    /// <summary>Releases every object; the next call connects again.</summary>
    public void Drop()
    {
        foreach (var task in _tasks.Values)
        {
            ComObjects.Release(task);
        }

        foreach (var guestOs in _guestOses.Values)
        {
            ComObjects.Release(guestOs);
        }

        foreach (var guest in _guests.Values)
        {
            ComObjects.Release(guest);
        }

        _tasks.Clear();
        _guestOses.Clear();
        _guests.Clear();
        ComObjects.Release(_application);
        _application = null;
    }
}
