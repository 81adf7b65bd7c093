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

    /// <summary>The service's state now; <see cref="ServiceState.Unknown"/> when it cannot be read.</summary>
    public ServiceState Query()
    {
        using var service = _manager.OpenService(ServiceName, ServiceMethods.QueryStatus, out var error);
        if (service is null)
        {
            return error == Win32Error.ServiceDoesNotExist ? ServiceState.NotInstalled : ServiceState.Unknown;
        }

        return StatusReading.Of(service).State;
    }

    /// <summary>
    /// Starts the stopped service and waits, polling every <see cref="PollInterval"/>, until it runs or the deadline
    /// passes. <see cref="ServiceStartResult.Win32Error"/> is 0 when it runs, else the failure's Win32 error: the
    /// OpenService, StartService or QueryServiceStatus error, ERROR_SERVICE_REQUEST_TIMEOUT (1053) when still
    /// starting at the deadline, the service's <c>dwWin32ExitCode</c> when it stopped again (ERROR_SERVICE_NOT_ACTIVE,
    /// 1062, when that is 0; ERROR_SERVICE_SPECIFIC_ERROR, 1066, with the service's own code in the detail), and
    /// ERROR_INVALID_DATA (13) for a state that is none of winsvc.h's.
    /// </summary>
    public ServiceStartResult Start(Deadline deadline)
    {
        using var service = _manager.OpenService(ServiceName, ServiceMethods.QueryStatus | ServiceMethods.StartAccess, out var error);
        if (service is null)
        {
            return error == Win32Error.ServiceDoesNotExist
                ? new ServiceStartResult(ServiceState.NotInstalled, false, error, "the \"Virtual Server\" service is not installed on this node")
                : new ServiceStartResult(ServiceState.Unknown, false, error, "cannot open the \"Virtual Server\" service: " + Win32(error));
        }

        var reading = StatusReading.Of(service);
        switch (reading.State)
        {
            case ServiceState.Running:
                return new ServiceStartResult(reading.State, false, Win32Error.Success, "running");
            case ServiceState.StartPending:
                return WaitUntilRunning(service, deadline, false);
            case ServiceState.Stopped:
                if (!service.TryStart(out var startError))
                {
                    if (startError != Win32Error.ServiceAlreadyRunning)
                    {
                        return new ServiceStartResult(reading.State, false, startError, "StartService failed: " + Win32(startError));
                    }
                }

                return WaitUntilRunning(service, deadline, true);
            case ServiceState.StopPending:
                return new ServiceStartResult(reading.State, false, Win32Error.ServiceNotActive, "stopping (the node may be shutting down): not started");
            case ServiceState.Paused:
                return new ServiceStartResult(reading.State, false, Win32Error.ServiceNotActive, "paused: not started");
            default:
                return new ServiceStartResult(ServiceState.Unknown, false, reading.Error, (reading.QueryFailed ? "cannot query" : "cannot tell the state of") + " the \"Virtual Server\" service: " + reading.Problem);
        }
    }

    /// <summary>
    /// Polls until the service runs. A query that fails meanwhile (a transient SCM error) is no verdict: the start is
    /// watched on until the deadline, and only a query still failing then is reported, with its own error.
    /// </summary>
    private ServiceStartResult WaitUntilRunning(IServiceConnection service, Deadline deadline, bool startedNow)
    {
        while (true)
        {
            var reading = StatusReading.Of(service);
            switch (reading.State)
            {
                case ServiceState.Running:
                    return new ServiceStartResult(reading.State, startedNow, Win32Error.Success, startedNow ? "started" : "finished starting");
                case ServiceState.StartPending:
                case ServiceState.Unknown when reading.QueryFailed:
                    if (deadline.HasPassed)
                    {
                        return reading.QueryFailed
                            ? new ServiceStartResult(ServiceState.Unknown, startedNow, reading.Error, "cannot tell whether it started: " + reading.Problem)
                            : new ServiceStartResult(reading.State, startedNow, Win32Error.ServiceRequestTimeout, "still starting when the time ran out");
                    }

                    _clock.Sleep(deadline.NextSlice(PollInterval));
                    break;
                case ServiceState.Unknown:
                    return new ServiceStartResult(ServiceState.Unknown, startedNow, reading.Error, "cannot tell whether it started: " + reading.Problem);
                default:
                    return StoppedAgain(reading.State, reading.Status, startedNow);
            }
        }
    }

    /// <summary>
    /// A start that ended in another state than Running. <c>dwWin32ExitCode</c> is the Win32 error, except that
    /// ERROR_SERVICE_SPECIFIC_ERROR (1066) says the code is the service's own <c>dwServiceSpecificExitCode</c>, which
    /// no Win32 message describes (winsvc.h SERVICE_STATUS); 0 is taken as ERROR_SERVICE_NOT_ACTIVE (1062).
    /// </summary>
    private static ServiceStartResult StoppedAgain(ServiceState state, ServiceStatus status, bool startedNow)
    {
        var prefix = "did not start (" + state + "): ";
        if (status.Win32ExitCode == Win32Error.ServiceSpecificError)
        {
            return new ServiceStartResult(
                state,
                startedNow,
                Win32Error.ServiceSpecificError,
                prefix + "service-specific error " + Number(status.ServiceSpecificExitCode) + " (" + Win32Error.NameOf(Win32Error.ServiceSpecificError) + "; see the \"Virtual Server\" service's own events)");
        }

        var code = status.Win32ExitCode != Win32Error.Success ? status.Win32ExitCode : Win32Error.ServiceNotActive;
        return new ServiceStartResult(state, startedNow, code, prefix + Win32(code));
    }

    /// <summary>"Win32 error 5 (ERROR_ACCESS_DENIED)", or without the name when Havm.Net does not name the code.</summary>
    private static string Win32(int error) =>
        "Win32 error " + Number(error) + (Win32Error.NameOf(error) is { } name ? " (" + name + ")" : string.Empty);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>One QueryServiceStatus: the state it gives, or why there is none.</summary>
    private readonly struct StatusReading
    {
        private StatusReading(ServiceState state, ServiceStatus status, int error, bool queryFailed)
        {
            State = state;
            Status = status;
            Error = error;
            QueryFailed = queryFailed;
        }

        /// <summary>The state; <see cref="ServiceState.Unknown"/> when the query failed or gave no winsvc.h state.</summary>
        public ServiceState State { get; }

        /// <summary>The SERVICE_STATUS read (default when the query failed).</summary>
        public ServiceStatus Status { get; }

        /// <summary>The query's Win32 error; ERROR_INVALID_DATA (13) for a state outside winsvc.h's 1..7; else 0.</summary>
        public int Error { get; }

        /// <summary>Whether QueryServiceStatus itself failed.</summary>
        public bool QueryFailed { get; }

        /// <summary>For the log: why <see cref="State"/> is Unknown.</summary>
        public string Problem => QueryFailed
            ? "QueryServiceStatus failed with " + Win32(Error)
            : "QueryServiceStatus answered dwCurrentState " + Number(Status.CurrentState) + ", none of winsvc.h's SERVICE_STOPPED (1) to SERVICE_PAUSED (7)";

        public static StatusReading Of(IServiceConnection service)
        {
            if (!service.TryQueryStatus(out var status, out var error))
            {
                // A failed call with no error set would otherwise read as a success.
                return new StatusReading(ServiceState.Unknown, status, error != Win32Error.Success ? error : Win32Error.FunctionFailed, true);
            }

            var state = status.CurrentState switch
            {
                ServiceMethods.Stopped => ServiceState.Stopped,
                ServiceMethods.StartPending => ServiceState.StartPending,
                ServiceMethods.StopPending => ServiceState.StopPending,
                ServiceMethods.Running => ServiceState.Running,
                ServiceMethods.ContinuePending or ServiceMethods.PausePending or ServiceMethods.Paused => ServiceState.Paused,
                _ => ServiceState.Unknown,
            };
            return new StatusReading(state, status, state == ServiceState.Unknown ? Win32Error.InvalidData : Win32Error.Success, false);
        }
    }
}
