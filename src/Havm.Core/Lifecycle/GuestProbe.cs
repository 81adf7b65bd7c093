using Havm.Core.Model;
using Havm.Core.Ports;

namespace Havm.Core.Lifecycle;

/// <summary>
/// Finds the guest and reads its state (behaviour.md section 3): a failed read is tried once more on a fresh
/// connection; a guest unknown to Virtual Server is looked up once more on a fresh connection; when Virtual Server
/// cannot answer, the Service Control Manager tells "service stopped" (the guest cannot be running) from
/// "cannot tell". Stateless; thread-safe.
/// </summary>
internal sealed class GuestProbe
{
    private readonly IVirtualServer _virtualServer;

    public GuestProbe(IVirtualServer virtualServer) => _virtualServer = virtualServer;

    public Observation Look(string name, Deadline deadline)
    {
        var first = LookOnce(name, deadline);
        if (first.Presence == Presence.Found || deadline.HasPassed || (first.Presence == Presence.CannotTell && first.TimedOut))
        {
            return WhenUnreadable(first, deadline);
        }

        // A kept connection may be stale (Virtual Server restarted, or a guest registered since): ask a fresh one.
        _virtualServer.Reconnect();
        return WhenUnreadable(LookOnce(name, deadline), deadline);
    }

    private Observation LookOnce(string name, Deadline deadline)
    {
        var found = _virtualServer.FindGuest(name, deadline);
        if (!found.IsOk)
        {
            return Observation.CannotTell(found.Kind == VsAnswerKind.TimedOut, "FindVirtualMachine(\"" + name + "\"): " + found);
        }

        if (found.Value is null)
        {
            return Observation.NotRegistered(name);
        }

        var state = found.Value.ReadState(deadline);
        if (state.IsOk)
        {
            return Observation.Found(found.Value, state.Value);
        }

        return state.FailedWith(HResults.VmUnknown)
            ? Observation.NotRegistered(name)
            : Observation.CannotTell(state.Kind == VsAnswerKind.TimedOut, "State of '" + name + "': " + state);
    }

    /// <summary>Guests live in the service's process: with the service down, "cannot tell" and "not registered" both mean "not running".</summary>
    private Observation WhenUnreadable(Observation observation, Deadline deadline)
    {
        if (observation.Presence is Presence.Found)
        {
            return observation;
        }

        var service = _virtualServer.QueryService(deadline);
        return service is ServiceState.NotInstalled or ServiceState.Stopped or ServiceState.StopPending
            ? Observation.ServiceStopped(service)
            : observation;
    }
}
