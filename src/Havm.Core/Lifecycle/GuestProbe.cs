using Havm.Core.Model;
using Havm.Core.Ports;

namespace Havm.Core.Lifecycle;

/// <summary>
/// Finds the guest and reads its state (behaviour.md sections 3 and 4). Without a connection it asks the Service
/// Control Manager first, so that no look creates <c>VirtualServer.Application</c> of a stopped service (which
/// would start it); with a connection it asks Virtual Server directly and the Service Control Manager only when
/// Virtual Server does not answer. A failed read, or a guest unknown on a kept connection, is tried once more on
/// a fresh connection. The guest last found is kept while the connection lasts, so that a poll costs one state read;
/// it is looked up again after any failure. A state read that finds the kept guest as the last look found it gives
/// back that look's observation (a poll of a guest that does not change allocates nothing). Thread-safe.
/// </summary>
internal sealed class GuestProbe
{
    private readonly IVirtualServer _virtualServer;
    private readonly object _gate = new();
    private string? _keptName;
    private IGuest? _kept;
    private Observation? _lastFound;

    public GuestProbe(IVirtualServer virtualServer) => _virtualServer = virtualServer;

    /// <summary>A look for a poll: the kept guest's state when connected, else a lookup.</summary>
    public Observation Look(string name, Deadline deadline)
    {
        var kept = Kept(name);
        if (kept is not null && _virtualServer.IsConnected)
        {
            var state = kept.ReadState(deadline);
            if (state.IsOk)
            {
                return Found(kept, state.Value);
            }

            Forget();
        }

        var seen = LookUp(name, deadline);
        if (seen.Presence == Presence.Found)
        {
            Keep(name, seen);
        }

        return seen;
    }

    /// <summary>A look for Online, Offline and Terminate: always a lookup (it refreshes the kept guest).</summary>
    public Observation LookFresh(string name, Deadline deadline)
    {
        var seen = LookUp(name, deadline);
        if (seen.Presence == Presence.Found)
        {
            Keep(name, seen);
        }
        else
        {
            Forget();
        }

        return seen;
    }

    /// <summary>Drops the kept guest (a failed read, a reconnect, Close).</summary>
    public void Forget()
    {
        lock (_gate)
        {
            _keptName = null;
            _kept = null;
            _lastFound = null;
        }
    }

    private IGuest? Kept(string name)
    {
        lock (_gate)
        {
            return string.Equals(_keptName, name, StringComparison.OrdinalIgnoreCase) ? _kept : null;
        }
    }

    private void Keep(string name, Observation found)
    {
        lock (_gate)
        {
            _keptName = name;
            _kept = found.Guest;
            _lastFound = found;
        }
    }

    /// <summary>The kept guest found in <paramref name="state"/>: the last such observation when it says the same.</summary>
    private Observation Found(IGuest kept, GuestState state)
    {
        lock (_gate)
        {
            if (_lastFound is { } last && ReferenceEquals(last.Guest, kept) && last.State == state)
            {
                return last;
            }

            var found = Observation.Found(kept, state);
            if (ReferenceEquals(_kept, kept))
            {
                _lastFound = found;
            }

            return found;
        }
    }

    private Observation LookUp(string name, Deadline deadline)
    {
        var wasConnected = _virtualServer.IsConnected;
        var first = LookOnce(name, deadline);
        var final = first.Presence is Presence.Found or Presence.ServiceStopped
            || deadline.HasPassed
            || (first.Presence == Presence.CannotTell && first.TimedOut)
            || (first.Presence == Presence.NotRegistered && !wasConnected);
        if (final)
        {
            return first;
        }

        // A kept connection may be stale (Virtual Server restarted, or a guest registered since): ask a fresh one.
        Forget();
        _virtualServer.Reconnect();
        return LookOnce(name, deadline);
    }

    private Observation LookOnce(string name, Deadline deadline)
    {
        if (!_virtualServer.IsConnected && StoppedService(deadline) is { } stopped)
        {
            return stopped;
        }

        var found = _virtualServer.FindGuest(name, deadline);
        if (!found.IsOk)
        {
            return StoppedService(deadline)
                ?? Observation.CannotTell(found.Kind == VsAnswerKind.TimedOut, "FindVirtualMachine(\"" + name + "\"): " + found);
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

        // VM_E_VM_UNKNOWN from a guest just found proves nothing by itself (unregistered since, or a glitch): only
        // FindVirtualMachine answering "none" on a fresh connection means "not registered".
        return StoppedService(deadline)
            ?? Observation.CannotTell(state.Kind == VsAnswerKind.TimedOut, "State of '" + name + "': " + state);
    }

    /// <summary>Guests live in the service's process: a service that is not running (or stopping) means no guest runs.</summary>
    private Observation? StoppedService(Deadline deadline)
    {
        var service = _virtualServer.QueryService(deadline);
        return service is ServiceState.NotInstalled or ServiceState.Stopped or ServiceState.StopPending
            ? Observation.ServiceStopped(service)
            : null;
    }
}
