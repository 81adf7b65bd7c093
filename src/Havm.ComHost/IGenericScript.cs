namespace Havm.ComHost;

/// <summary>
/// The seven Generic Script entry points, each taking the script's <c>Resource</c> object. Dual, so that VBScript
/// binds late and other clients may bind early. No method ever raises an error to the caller.
/// </summary>
[ComVisible(true)]
[Guid(ComIds.InterfaceId)]
[InterfaceType(ComInterfaceType.InterfaceIsDual)]
public interface IGenericScript
{
    /// <summary>Open: a Win32 error code, 0 for success.</summary>
    int Open(object resource);

    /// <summary>Online: a Win32 error code, 0 for success.</summary>
    int Online(object resource);

    /// <summary>LooksAlive: whether the guest looks alive (the guest's state only).</summary>
    bool LooksAlive(object resource);

    /// <summary>IsAlive: whether the guest is alive (state and heartbeat).</summary>
    bool IsAlive(object resource);

    /// <summary>Offline: a Win32 error code, 0 for success.</summary>
    int Offline(object resource);

    /// <summary>Terminate: a Win32 error code, 0 for success (the host ignores it).</summary>
    int Terminate(object resource);

    /// <summary>Close: a Win32 error code, 0 for success.</summary>
    int Close(object resource);
}
