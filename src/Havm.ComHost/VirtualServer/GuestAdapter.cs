using Havm.ComHost.Interop;

namespace Havm.ComHost.VirtualServer;

/// <summary>
/// <see cref="IGuest"/> for one guest (<c>VMVirtualMachine</c>): holds only its name; every call runs on the
/// resource's worker against the guest object the worker keeps.
/// </summary>
internal sealed class GuestAdapter : IGuest
{
    /// <summary>VMUndoAction's vmUndoAction_Discard: Save() is refused, it would corrupt the undo disks.</summary>
    private const int UndoActionDiscard = 0;

    private readonly VirtualServerAdapter _owner;
    private readonly string _key;

    public GuestAdapter(VirtualServerAdapter owner, string key)
    {
        _owner = owner;
        _key = key;
    }

    /// <inheritdoc/>
    public VsAnswer<GuestState> ReadState(Deadline deadline) =>
        _owner.Run(deadline, c => VsAnswer<GuestState>.Ok((GuestState)Variants.ToInt(LateBinder.Get(c.Guest(_key), "State"))));

    /// <inheritdoc/>
    public VsAnswer<IVsTask> Startup(Deadline deadline, ChangeGuard guard) => StartTask(deadline, guard, "Startup");

    /// <inheritdoc/>
    public VsAnswer<IVsTask> Save(Deadline deadline, ChangeGuard guard) => StartTask(deadline, guard, "Save");

    /// <inheritdoc/>
    public VsAnswer<IVsTask> TurnOff(Deadline deadline, ChangeGuard guard) => StartTask(deadline, guard, "TurnOff");

    /// <inheritdoc/>
    public VsAnswer<IVsTask> Resume(Deadline deadline, ChangeGuard guard) => StartTask(deadline, guard, "Resume");

    /// <inheritdoc/>
    public VsAnswer<IVsTask> ShutdownGuestOs(Deadline deadline, ChangeGuard guard) =>
        _owner.Run(deadline, c => guard.IsSuperseded
            ? Superseded<IVsTask>()
            : VsAnswer<IVsTask>.Ok(c.Keep(_owner, c.WithGuestOs(_key, os => LateBinder.Call(os, "Shutdown")))));

    /// <inheritdoc/>
    public VsAnswer<bool> DiscardSavedState(Deadline deadline, ChangeGuard guard) =>
        _owner.Run(deadline, c =>
        {
            if (guard.IsSuperseded)
            {
                return Superseded<bool>();
            }

            _ = LateBinder.Call(c.Guest(_key), "DiscardSavedState");
            return VsAnswer<bool>.Ok(true);
        });

    /// <inheritdoc/>
    public VsAnswer<bool> IsHeartbeating(Deadline deadline) =>
        _owner.Run(deadline, c => VsAnswer<bool>.Ok(c.ReadGuestOs(_key, os => Variants.ToBool(LateBinder.Get(os, "IsHeartbeating")))));

    /// <inheritdoc/>
    public VsAnswer<int> HeartbeatPercentage(Deadline deadline) =>
        _owner.Run(deadline, c => VsAnswer<int>.Ok(c.ReadGuestOs(_key, os => Variants.ToInt(LateBinder.Get(os, "HeartbeatPercentage")))));

    /// <inheritdoc/>
    /// <remarks>Each collection is released whatever fails after it was read, the other collection's read included.</remarks>
    public VsAnswer<GuestFiles> ReadFiles(Deadline deadline) =>
        _owner.Run(deadline, c =>
        {
            var guest = c.Guest(_key);
            return ComObjects.Using(LateBinder.Get(guest, "HardDiskConnections"), disks =>
                ComObjects.Using(LateBinder.Get(guest, "NetworkAdapters"), adapters =>
                    VsAnswer<GuestFiles>.Ok(new GuestFiles(
                        disks is null ? new string[0] : VsConnection.Files(disks, d => LateBinder.Get(d, "HardDisk")),
                        disks is null ? new string[0] : VsConnection.Files(disks, UndoDisk),
                        adapters is null ? new string[0] : VsConnection.Files(adapters, a => LateBinder.Get(a, "VirtualNetwork"))))));
        });

    /// <inheritdoc/>
    public VsAnswer<GuestConfiguration> ReadConfiguration(Deadline deadline) =>
        _owner.Run(deadline, c =>
        {
            var guest = c.Guest(_key);
            var undoDisksDiscard = Variants.ToBool(LateBinder.Get(guest, "Undoable"))
                && Variants.ToInt(LateBinder.Get(guest, "UndoAction")) == UndoActionDiscard;
            return VsAnswer<GuestConfiguration>.Ok(new GuestConfiguration(
                Variants.ToText(LateBinder.Get(guest, "File")),
                undoDisksDiscard,
                Variants.ToInt(LateBinder.Get(guest, "AutoStartAtLaunch")),
                Variants.ToInt(LateBinder.Get(guest, "ShutdownActionOnQuit"))));
        });

    /// <summary>A connection's undo disk, or null when undo disks are off (Virtual Server then answers VM_E_HD_IMAGE_NOT_FOUND).</summary>
    private static object? UndoDisk(object connection)
    {
        try
        {
            return LateBinder.Get(connection, "UndoHardDisk");
        }
        catch (COMException)
        {
            return null;
        }
    }

    /// <summary>On the worker, immediately before the call: a change a Terminate superseded meanwhile is not made.</summary>
    private static VsAnswer<T> Superseded<T>() => VsAnswer<T>.Failed(HResults.OperationAborted, "superseded by Terminate");

    private VsAnswer<IVsTask> StartTask(Deadline deadline, ChangeGuard guard, string method) =>
        _owner.Run(deadline, c => guard.IsSuperseded
            ? Superseded<IVsTask>()
            : VsAnswer<IVsTask>.Ok(c.Keep(_owner, LateBinder.Call(c.Guest(_key), method))));
}
