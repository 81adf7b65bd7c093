using Havm.Core.Model;
using Havm.Core.Ports;

namespace Havm.Core.Lifecycle;

/// <summary>Where the guest stands, as far as Virtual Server and its service can tell (behaviour.md section 3).</summary>
internal enum Presence
{
    /// <summary>Registered; its state was read.</summary>
    Found,
    /// <summary>Virtual Server does not know the guest, even after a fresh connection.</summary>
    NotRegistered,
    /// <summary>The "Virtual Server" service is not running (or not installed): no guest can run.</summary>
    ServiceStopped,
    /// <summary>No definite answer: a call failed or timed out.</summary>
    CannotTell,
}

/// <summary>One look at the guest.</summary>
internal sealed class Observation
{
    private Observation(Presence presence, IGuest? guest, GuestState state, ServiceState service, bool timedOut, string reason)
    {
        Presence = presence;
        Guest = guest;
        State = state;
        Service = service;
        TimedOut = timedOut;
        Reason = reason;
    }

    public Presence Presence { get; }

    /// <summary>The guest, when <see cref="Presence"/> is <see cref="Presence.Found"/>.</summary>
    public IGuest? Guest { get; }

    public GuestState State { get; }

    /// <summary>The service's state, when it was queried.</summary>
    public ServiceState Service { get; }

    /// <summary>For <see cref="Presence.CannotTell"/>: no answer in time (rather than an error).</summary>
    public bool TimedOut { get; }

    /// <summary>Why, for the log.</summary>
    public string Reason { get; }

    public static Observation Found(IGuest guest, GuestState state) =>
        new(Presence.Found, guest, state, ServiceState.Running, false, "state " + Describe.State(state));

    public static Observation NotRegistered(string name) =>
        new(Presence.NotRegistered, null, GuestState.Invalid, ServiceState.Running, false, "guest '" + name + "' is not registered in Virtual Server");

    public static Observation ServiceStopped(ServiceState service) =>
        new(Presence.ServiceStopped, null, GuestState.Invalid, service, false, "the Virtual Server service is " + Describe.Service(service));

    public static Observation CannotTell(bool timedOut, string reason) =>
        new(Presence.CannotTell, null, GuestState.Invalid, ServiceState.Unknown, timedOut, reason);
}
