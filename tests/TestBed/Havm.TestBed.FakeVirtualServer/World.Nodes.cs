using System.Globalization;

namespace Havm.TestBed.FakeVirtualServer;

/// <summary>A virtual network: its .vnc on the shared disk and the nodes whose Virtual Server has it registered.</summary>
public sealed class Network
{
    public string Name { get; set; } = "";
    public string File { get; set; } = "";
    public List<string> RegisteredOn { get; set; } = new();
}

/// <summary>
/// Nodes, the shared disk and registration. Each node's Virtual Server has its own registrations: a guest or a
/// network registered on node A is unknown on node B until registered there (Virtual Server keeps them in its
/// own per-machine configuration, which is why the guide registers the .vmc and .vnc on every node by hand).
/// The files live on the shared disk: one set, readable from every node.
/// </summary>
internal static partial class World
{
    /// <summary>HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND) and HRESULT_FROM_WIN32(ERROR_PATH_NOT_FOUND).</summary>
    private const int FileNotFound = unchecked((int)0x80070002), PathNotFound = unchecked((int)0x80070003);

    private static readonly List<Network> Networks = new();
    private static readonly HashSet<string> Files = new(StringComparer.OrdinalIgnoreCase);
    private static string _node = "";

    /// <summary>The node this Virtual Server runs on ("" until set: then only guests registered everywhere are known).</summary>
    public static string Node
    {
        get { lock (Gate) { return _node; } }
        set { lock (Gate) { _node = value; } }
    }

    /// <summary>Whether the guest is registered on this node. Call under the gate.</summary>
    private static bool IsHere(Guest g) => g.RegisteredOn.Count == 0 || g.RegisteredOn.Exists(n => SameName(n, _node));

    private static bool IsHere(Network n) => n.RegisteredOn.Exists(x => SameName(x, _node));

    private static bool SameName(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static List<string> NodeList(string nodes) =>
        nodes.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    /// <summary>A guest whose .vmc is <paramref name="file"/> on the shared disk, registered only on <paramref name="nodes"/> (";"-separated, "" = none).</summary>
    public static void PlaceGuest(string name, int state, string file, string nodes)
    {
        lock (Gate)
        {
            Guests.RemoveAll(g => SameName(g.Name, name));
            Guests.Add(new Guest { Name = name, State = state, File = file, RegisteredOn = NodeList(nodes) });
            Files.Add(file);
        }
    }

    /// <summary>A virtual network whose .vnc is <paramref name="file"/> on the shared disk, registered on <paramref name="nodes"/>.</summary>
    public static void AddNetwork(string name, string file, string nodes)
    {
        lock (Gate)
        {
            Networks.RemoveAll(n => SameName(n.File, file));
            Networks.Add(new Network { Name = name, File = file, RegisteredOn = NodeList(nodes) });
            Files.Add(file);
        }
    }

    /// <summary>The guest's virtual hard disks, undo disks and network (.vnc) files, each list ";"-separated.</summary>
    public static void SetGuestFiles(string name, string hardDisks, string undoDisks, string networks) =>
        Update(name, g =>
        {
            g.HardDisks = NodeList(hardDisks);
            g.UndoDisks = NodeList(undoDisks);
            g.Networks = NodeList(networks);
        });

    /// <summary>Makes a file readable (present) or not on the shared disk.</summary>
    public static void SetFile(string path, bool present)
    {
        lock (Gate)
        {
            if (present)
            {
                Files.Add(path);
            }
            else
            {
                Files.Remove(path);
            }
        }
    }

    /// <summary>RegisterVirtualMachine: the guest whose .vmc is <paramref name="path"/>, now registered on this node.</summary>
    public static Guest RegisterGuest(string path)
    {
        lock (Gate)
        {
            Readable(path);
            var guest = Guests.Find(g => SameName(g.File, path));
            if (guest is null)
            {
                // a .vmc nobody placed: a guest named after the file, turned off
                guest = new Guest { Name = Path.GetFileNameWithoutExtension(path.Replace('\\', '/')), File = path, RegisteredOn = new List<string>() };
                Guests.Add(guest);
            }

            if (IsHere(guest) || Guests.Exists(g => g != guest && SameName(g.Name, guest.Name) && IsHere(g)))
            {
                // Virtual Server refuses a second guest of one name; the fake answers E_FAIL (the real code is not documented).
                throw Error(Codes.EFail, $"A virtual machine named '{guest.Name}' is already registered.");
            }

            guest.RegisteredOn.Add(_node);
            Log.Append(CultureInfo.InvariantCulture, $"        -> guest '{guest.Name}' registered on node {_node}\n");
            return guest;
        }
    }

    /// <summary>UnregisterVirtualMachine: the guest is no longer registered on this node (one registered everywhere: everywhere else).</summary>
    public static void UnregisterGuest(string name)
    {
        lock (Gate)
        {
            var guest = Guests.Find(g => SameName(g.Name, name) && IsHere(g)) ?? throw Error(Codes.VmUnknown, $"The virtual machine '{name}' is unknown.");
            if (guest.RegisteredOn.Count == 0)
            {
                guest.RegisteredOn.Add("(elsewhere)");
            }

            guest.RegisteredOn.RemoveAll(n => SameName(n, _node));
            Log.Append(CultureInfo.InvariantCulture, $"        -> guest '{guest.Name}' unregistered on node {_node}\n");
        }
    }

    /// <summary>RegisterVirtualNetwork: the network whose .vnc is <paramref name="path"/>, now registered on this node.</summary>
    public static Network RegisterNetwork(string path)
    {
        lock (Gate)
        {
            Readable(path);
            var network = Networks.Find(n => SameName(n.File, path));
            if (network is null)
            {
                network = new Network { Name = Path.GetFileNameWithoutExtension(path.Replace('\\', '/')), File = path };
                Networks.Add(network);
            }

            if (IsHere(network))
            {
                throw Error(Codes.EFail, $"The virtual network '{network.Name}' is already registered.");
            }

            network.RegisteredOn.Add(_node);
            Log.Append(CultureInfo.InvariantCulture, $"        -> network '{network.Name}' registered on node {_node}\n");
            return network;
        }
    }

    /// <summary>The networks registered on this node (VirtualNetworks).</summary>
    public static Network[] NetworksHere()
    {
        lock (Gate)
        {
            return Networks.Where(IsHere).ToArray();
        }
    }

    /// <summary>The network whose .vnc is <paramref name="file"/>, or a stand-in named after the file.</summary>
    public static Network NetworkOf(string file)
    {
        lock (Gate)
        {
            return Networks.Find(n => SameName(n.File, file))
                ?? new Network { Name = Path.GetFileNameWithoutExtension(file.Replace('\\', '/')), File = file };
        }
    }

    /// <summary>Throws as RegisterVirtualMachine does for a file it cannot open: file or path not found. Call under the gate.</summary>
    private static void Readable(string path)
    {
        if (Files.Contains(path))
        {
            return;
        }

        var folder = Folder(path);
        bool folderExists = Files.Any(f => SameName(Folder(f), folder));
        throw Error(folderExists ? FileNotFound : PathNotFound, $"Cannot open '{path}'.");
    }

    private static string Folder(string path)
    {
        int slash = path.LastIndexOf('\\');
        return slash < 0 ? "" : path.Substring(0, slash);
    }
}
