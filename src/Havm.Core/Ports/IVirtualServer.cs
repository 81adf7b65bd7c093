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

    /// <summary>The names of the guests Virtual Server knows.</summary>
    VsAnswer<string[]> GuestNames(Deadline deadline);

    /// <summary>Drops the connection; the next call makes a fresh one (after a Virtual Server restart).</summary>
    void Reconnect();

    /// <summary>Releases every COM object held (Close); the next call connects again.</summary>
    void Release();
}
