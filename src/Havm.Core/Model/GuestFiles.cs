namespace Havm.Core.Model;

/// <summary>
/// The files a guest uses besides its configuration file, as Virtual Server reports them: each virtual hard disk
/// (<c>HardDiskConnections[i].HardDisk.File</c>), each undo disk (<c>.UndoHardDisk.File</c>, when undo disks are on)
/// and the configuration file of each virtual network a network adapter is attached to
/// (<c>NetworkAdapters[i].VirtualNetwork.File</c>; an unplugged adapter has none). Source: Microsoft's Virtual Server
/// 2005 R2 COM reference (IVMHardDiskConnection, IVMHardDisk, IVMNetworkAdapter, IVMVirtualNetwork). Full paths.
/// </summary>
public sealed class GuestFiles
{
    /// <summary>Creates the list.</summary>
    public GuestFiles(string[] hardDisks, string[] undoDisks, string[] networks)
    {
        HardDisks = hardDisks;
        UndoDisks = undoDisks;
        Networks = networks;
    }

    /// <summary>The virtual hard disk files (.vhd).</summary>
    public string[] HardDisks { get; }

    /// <summary>The undo disk files (.vud), when undo disks are on.</summary>
    public string[] UndoDisks { get; }

    /// <summary>The configuration files (.vnc) of the virtual networks the adapters use, without repeats.</summary>
    public string[] Networks { get; }
}
