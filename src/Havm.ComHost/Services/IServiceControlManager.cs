namespace Havm.ComHost.Services;

/// <summary>
/// The Service Control Manager calls <see cref="ServiceControl"/> makes: <see cref="ServiceControlManager"/> on a
/// node, a stand-in in tests (the decisions around them need no SCM).
/// </summary>
internal interface IServiceControlManager
{
    /// <summary>Opens a service with <paramref name="access"/> (ServiceMethods.*); null and the Win32 error when it cannot.</summary>
    IServiceConnection? OpenService(string serviceName, uint access, out int error);
}

/// <summary>An open service handle (an SC_HANDLE), closed on Dispose.</summary>
internal interface IServiceConnection : IDisposable
{
    /// <summary>QueryServiceStatus; false and the Win32 error when it fails.</summary>
    bool TryQueryStatus(out ServiceStatus status, out int error);

    /// <summary>StartService without arguments; false and the Win32 error when it fails.</summary>
    bool TryStart(out int error);
}
