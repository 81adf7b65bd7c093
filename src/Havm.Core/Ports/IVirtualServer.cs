using Havm.Core.Model;

namespace Havm.Core.Ports;

/// <summary>
/// Virtual Server 2005 R2 (<c>VirtualServer.Application</c>) and its Windows service, as Havm.Core sees them.
/// Every call returns within its <see cref="Deadline"/>; an answer that could not be had in time, or whose
/// call failed, says so (<see cref="VsAnswer{T}"/>) instead of throwing. Thread-safe.
/// </summary>
public interface IVirtualServer
{
    /// <summary>
    /// Whether a connection to <c>VirtualServer.Application</c> is held, so that the next call does not create the
    /// object (creating the object of a stopped local server starts the service: behaviour.md section 4, "Virtual
    /// Server is asked through the Service Control Manager first"). No call into Virtual Server; cheap.
    /// </summary>
    bool IsConnected { get; }

    /// <summary>The "Virtual Server" service's state, from the Service Control Manager.</summary>
    ServiceState QueryService(Deadline deadline);

    /// <summary>Starts the stopped service and waits for it to run, within the deadline.</summary>
    ServiceStartResult StartService(Deadline deadline);

    /// <summary>
    /// Finds a registered guest by name (case-insensitive). A successful answer with a null value means
    /// Virtual Server does not know the guest.
    /// </summary>
    VsAnswer<IGuest?> FindGuest(string name, Deadline deadline);

    /// <summary>
    /// <c>RegisterVirtualMachine("", <paramref name="configurationFile"/>)</c>: registers the guest described by an
    /// existing .vmc file (full path). A file that is missing or unreadable fails with its Win32 HRESULT
    /// (0x80070002 ERROR_FILE_NOT_FOUND, 0x80070003 ERROR_PATH_NOT_FOUND, 0x80070005 ERROR_ACCESS_DENIED). A change:
    /// not made when <paramref name="guard"/> is superseded.
    /// </summary>
    VsAnswer<bool> RegisterGuest(string configurationFile, Deadline deadline, ChangeGuard guard);

    /// <summary>
    /// <c>UnregisterVirtualMachine</c> of the guest named <paramref name="name"/>: Virtual Server forgets it (its files
    /// stay). Online undoes with it a registration that brought in a guest of another name. A change: not made when
    /// <paramref name="guard"/> is superseded.
    /// </summary>
    VsAnswer<bool> UnregisterGuest(string name, Deadline deadline, ChangeGuard guard);

    /// <summary><c>RegisterVirtualNetwork("", <paramref name="configurationFile"/>)</c>: registers a virtual network from its .vnc file.</summary>
    VsAnswer<bool> RegisterNetwork(string configurationFile, Deadline deadline, ChangeGuard guard);

    /// <summary>The configuration files (.vnc, full paths) of the virtual networks Virtual Server knows (<c>VirtualNetworks[i].File</c>).</summary>
    VsAnswer<string[]> NetworkFiles(Deadline deadline);

    /// <summary>The names of the guests Virtual Server knows.</summary>
    VsAnswer<string[]> GuestNames(Deadline deadline);

    /// <summary>Drops the connection; the next call makes a fresh one (after a Virtual Server restart).</summary>
    void Reconnect();

    /// <summary>Releases every COM object held (Close); the next call connects again.</summary>
    void Release();
}
