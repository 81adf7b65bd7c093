using Havm.Core.Ports;

namespace Havm.Core.Lifecycle;

/// <summary>
/// Everything Havm.Net decides for one clustered guest: the seven Generic Script entry points. One instance per
/// resource, living as long as the host process; thread-safe (Terminate may run concurrently with Online, Offline,
/// LooksAlive and IsAlive). Never throws for a Virtual Server failure; a failing <see cref="IClusterResource"/> may throw.
/// </summary>
public sealed class GuestController
{
    /// <summary>Creates the controller for one resource.</summary>
    public GuestController(IVirtualServer virtualServer, IClock clock) => throw new NotImplementedException();

    /// <summary>Open: starts the Virtual Server service if stopped, creates Havm.vbs's properties. Win32 code.</summary>
    public int Open(IClusterResource resource) => throw new NotImplementedException();

    /// <summary>Online: brings the guest up on this node. Win32 code.</summary>
    public int Online(IClusterResource resource) => throw new NotImplementedException();

    /// <summary>LooksAlive: the guest's state only, within 250 ms.</summary>
    public bool LooksAlive(IClusterResource resource) => throw new NotImplementedException();

    /// <summary>IsAlive: state, heartbeat and the bounded "cannot tell", within 10 s.</summary>
    public bool IsAlive(IClusterResource resource) => throw new NotImplementedException();

    /// <summary>Offline: saves (or as OfflineAction says) the guest. Win32 code.</summary>
    public int Offline(IClusterResource resource) => throw new NotImplementedException();

    /// <summary>Terminate: leaves the guest not running, never cutting off a save. Win32 code (ignored by the host).</summary>
    public int Terminate(IClusterResource resource) => throw new NotImplementedException();

    /// <summary>Close: releases the COM objects held; keeps what the resource learned. Win32 code.</summary>
    public int Close(IClusterResource resource) => throw new NotImplementedException();
}
