namespace Havm.ComHost.Services;

/// <summary>
/// The "Virtual Server" Windows service through the Service Control Manager (not WMI). Runs on the caller's thread;
/// no COM. A service that is stopping (node shutdown) is never started. Thread-safe (no state).
/// </summary>
internal sealed class ServiceControl
{
    /// <summary>The service whose process hosts every guest.</summary>
    private const string ServiceName = "Virtual Server";

    /// <summary>How often a starting service is polled.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly IClock _clock;
    private readonly IServiceControlManager _manager;

    public ServiceControl(IClock clock, IServiceControlManager manager)
    {
        _clock = clock;
        _manager = manager;
    }

    /// <summary>The service's state now.</summary>
    public ServiceState Query()
    {
        using var service = _manager.OpenService(ServiceName, ServiceMethods.QueryStatus, out var error);
        if (service is null)
        {
            return error == Win32Error.ServiceDoesNotExist ? ServiceState.NotInstalled : ServiceState.Unknown;
        }

        return ReadState(service, out _, out _);
    }

    /// <summary>Starts the stopped service and waits, polling, until it runs or the deadline passes.</summary>
    public ServiceStartResult Start(Deadline deadline)
    {
        using var service = _manager.OpenService(ServiceName, ServiceMethods.QueryStatus | ServiceMethods.StartAccess, out var error);
        if (service is null)
        {
            return error == Win32Error.ServiceDoesNotExist
                ? new ServiceStartResult(ServiceState.NotInstalled, false, error, "the \"Virtual Server\" service is not installed on this node")
                : new ServiceStartResult(ServiceState.Unknown, false, error, "cannot open the \"Virtual Server\" service: Win32 error " + Number(error));
        }

        var state = ReadState(service, out _, out var queryError);
        switch (state)
        {
            case ServiceState.Running:
                return new ServiceStartResult(state, false, Win32Error.Success, "running");
            case ServiceState.StartPending:
                return WaitUntilRunning(service, deadline, false);
            case ServiceState.Stopped:
                if (!service.TryStart(out var startError))
                {
                    if (startError != ServiceMethods.AlreadyRunning)
                    {
                        return new ServiceStartResult(state, false, startError, "StartService failed: Win32 error " + Number(startError));
                    }
                }

                return WaitUntilRunning(service, deadline, true);
            case ServiceState.StopPending:
                return new ServiceStartResult(state, false, Win32Error.ServiceNotActive, "stopping (the node may be shutting down): not started");
            case ServiceState.Paused:
                return new ServiceStartResult(state, false, Win32Error.ServiceNotActive, "paused: not started");
            case ServiceState.Unknown:
                return new ServiceStartResult(state, false, queryError, "cannot query the \"Virtual Server\" service: Win32 error " + Number(queryError));
            default:
                throw new InvalidOperationException("unexpected service state " + state);
        }
    }

    private ServiceStartResult WaitUntilRunning(IServiceConnection service, Deadline deadline, bool startedNow)
    {
        while (true)
        {
            var state = ReadState(service, out var status, out _);
            switch (state)
            {
                case ServiceState.Running:
                    return new ServiceStartResult(state, startedNow, Win32Error.Success, startedNow ? "started" : "finished starting");
                case ServiceState.StartPending:
                    if (deadline.HasPassed)
                    {
                        return new ServiceStartResult(state, startedNow, ServiceMethods.RequestTimeout, "still starting when the time ran out");
                    }

                    _clock.Sleep(deadline.NextSlice(PollInterval));
                    break;
                default:
                    var exitCode = ExitCode(status);
                    return new ServiceStartResult(state, startedNow, exitCode, "did not start (" + state + "): Win32 error " + Number(exitCode));
            }
        }
    }

    private static ServiceState ReadState(IServiceConnection service, out ServiceStatus status, out int error)
    {
        if (!service.TryQueryStatus(out status, out error))
        {
            return ServiceState.Unknown;
        }

        switch (status.CurrentState)
        {
            case ServiceMethods.Stopped:
                return ServiceState.Stopped;
            case ServiceMethods.StartPending:
                return ServiceState.StartPending;
            case ServiceMethods.StopPending:
                return ServiceState.StopPending;
            case ServiceMethods.Running:
                return ServiceState.Running;
            case ServiceMethods.ContinuePending:
            case ServiceMethods.PausePending:
            case ServiceMethods.Paused:
                return ServiceState.Paused;
            default:
                return ServiceState.Unknown;
        }
    }

    private static int ExitCode(ServiceStatus status)
    {
        var code = status.Win32ExitCode == ServiceMethods.ServiceSpecificError ? status.ServiceSpecificExitCode : status.Win32ExitCode;
        return code != Win32Error.Success ? code : Win32Error.ServiceNotActive;
    }

    private static string Number(int error) => error.ToString(CultureInfo.InvariantCulture);
}
