using Havm.Core.Configuration;
using Havm.Core.Health;
using Havm.Core.Model;
using Havm.Core.Ports;

namespace Havm.Core.Lifecycle;

/// <summary>
/// LooksAlive and IsAlive for one resource (behaviour.md section 3): the guest's state, its heartbeat, and the bounded
/// "cannot tell". Verdicts are logged when they change, and worded only then: a poll whose verdict did not change
/// allocates nothing. Thread-safe (what polls carry is in <see cref="PollMemory"/>).
/// </summary>
internal sealed class AliveCheck
{
    /// <summary>What LooksAlive keeps back from Virtual Server for the service query and its log line.</summary>
    private static readonly TimeSpan LooksAliveReserve = TimeSpan.FromMilliseconds(50);

    private readonly ResourceParts _parts;

    public AliveCheck(ResourceParts parts) => _parts = parts;

    private PollMemory Polls => _parts.Polls;

    /// <summary>LooksAlive on guest <paramref name="name"/> (empty: none), within <paramref name="timeout"/>.</summary>
    public bool LooksAlive(IClusterResource resource, string name, TimeSpan timeout)
    {
        var seen = name.Length == 0 ? null : _parts.Probe.Look(name, Deadline.After(_parts.Clock, timeout - LooksAliveReserve));
        var alive = seen is { Presence: Presence.Found } && GuestStates.CountsAsAlive(seen.State);
        if (seen is { Presence: Presence.Found } && (GuestStates.IsStarting(seen.State) || seen.State == GuestState.Paused))
        {
            // Seen by LooksAlive as much as by IsAlive: after a resume or restore the heartbeat must be seen again.
            Polls.Rearm();
        }

        if (seen is { Presence: Presence.CannotTell })
        {
            // "Cannot tell" is IsAlive's to decide; its line is written at most once per 5 minutes.
            if (Polls.LooksAliveCannotTellDue(_parts.Clock.Now, UncertaintyWindow.LogInterval))
            {
                resource.Log(PollMessages.LooksAliveCannotTell(seen.Reason));
            }

            return false;
        }

        var reason = seen is null ? PollMessages.BlankName : seen.Reason;
        if (Polls.LooksAliveChanged(new PollReport(alive, string.Empty, reason, string.Empty)))
        {
            resource.Log(PollMessages.Verdict("LooksAlive", alive, reason));
        }

        return alive;
    }

    /// <summary>IsAlive on guest <paramref name="name"/> (empty: none), within <paramref name="deadline"/>.</summary>
    public bool IsAlive(IClusterResource resource, string name, PollSettings settings, Deadline deadline)
    {
        var verdict = name.Length == 0
            ? Verdict.Of(false, PollMessages.BlankName)
            : Judge(name, _parts.Probe.Look(name, deadline), settings, deadline, resource);
        if (!verdict.CannotTell && Polls.IsAliveChanged(verdict.Report))
        {
            resource.Log(PollMessages.Verdict("IsAlive", verdict.Alive, verdict.Reason));
        }

        return verdict.Alive;
    }

    /// <summary>IsAlive's verdict on one look (behaviour.md section 3 and IsAlive).</summary>
    private Verdict Judge(string name, Observation seen, PollSettings settings, Deadline deadline, IClusterResource resource)
    {
        if (seen.Presence == Presence.CannotTell)
        {
            return CannotTell(seen.Reason, resource);
        }

        if (seen.Presence != Presence.Found)
        {
            return Definite(false, seen.Reason);
        }

        switch (seen.State)
        {
            case GuestState.Running:
                return settings.UseAdditionsIsAlive ? JudgeHeartbeat(name, seen.Guest!, settings, deadline, resource) : Definite(true, PollMessages.NotUsed);
            case GuestState.TurningOn:
            case GuestState.Restoring:
                Polls.Rearm();
                return Definite(true, seen.Reason);
            case GuestState.Paused:
                Polls.Rearm();
                return Definite(Verdict.Of(true, seen.Reason, tail: PollMessages.AdministratorsAction));
            case GuestState.Saving:
                return Definite(Verdict.Of(true, seen.Reason, tail: PollMessages.AdministratorsAction));
            default:
                return Definite(false, seen.Reason);
        }
    }

    /// <summary>The heartbeat of a running guest; a failed read is tried once more on a fresh connection.</summary>
    private Verdict JudgeHeartbeat(string name, IGuest guest, PollSettings settings, Deadline deadline, IClusterResource resource)
    {
        var seenBefore = Polls.HasSeenHeartbeat;
        var reading = HeartbeatRead.From(guest, seenBefore, deadline);
        // A failed read is tried again on a fresh connection; an answer from the Additions themselves is not a failed read.
        if (reading.Failure is not null && !deadline.HasPassed && !reading.TimedOut && !(reading.FeatureNotAvailable && !seenBefore))
        {
            _parts.Probe.Forget();
            _parts.VirtualServer.Reconnect();
            var again = _parts.Probe.LookFresh(name, deadline);
            if (again.Presence != Presence.Found || again.State != GuestState.Running)
            {
                return Judge(name, again, settings, deadline, resource);
            }

            reading = HeartbeatRead.From(again.Guest!, seenBefore, deadline);
        }

        if (reading.Failure is not null)
        {
            // Additions without the heartbeat feature: nothing to enforce (Havm.vbs's "no heartbeat seen" case).
            return !seenBefore && reading.FeatureNotAvailable
                ? Definite(true, PollMessages.HeartbeatNotOffered(reading.Failure))
                : CannotTell(reading.Failure, resource);
        }

        var verdict = Polls.Observe(reading.Reading, settings.HeartbeatThreshold, settings.HeartbeatMissesBeforeFailure);
        return Definite(Verdict.Of(verdict.IsAlive, verdict.Reason, verdict.Topic, head: PollMessages.Running));
    }

    /// <summary>A definite verdict: it ends any "cannot tell" (only such a verdict does).</summary>
    private Verdict Definite(bool alive, string reason) => Definite(Verdict.Of(alive, reason));

    private Verdict Definite(Verdict verdict)
    {
        Polls.Definite();
        return verdict;
    }

    private Verdict CannotTell(string why, IClusterResource resource)
    {
        var alive = Polls.CannotTell(out var logIt);
        if (logIt)
        {
            resource.Log(alive ? PollMessages.CannotTellCountingAlive(why) : PollMessages.StillCannotTell(why));
        }

        return Verdict.CannotTellYet(alive);
    }

    /// <summary>
    /// An alive-or-dead answer and why, in parts: <see cref="Reason"/> is worded only for a line that is written, and
    /// <see cref="Report"/> (the reason without its counters) decides whether one is.
    /// </summary>
    private readonly struct Verdict
    {
        private readonly string _head;
        private readonly string _reason;
        private readonly string _topic;
        private readonly string _tail;

        private Verdict(bool alive, string head, string reason, string topic, string tail, bool cannotTell)
        {
            Alive = alive;
            _head = head;
            _reason = reason;
            _topic = topic;
            _tail = tail;
            CannotTell = cannotTell;
        }

        public bool Alive { get; }

        /// <summary>A "cannot tell" answer (its line is written by the uncertainty window, at most once per 5 minutes).</summary>
        public bool CannotTell { get; }

        /// <summary>Why, for the log line.</summary>
        public string Reason => _head + _reason + _tail;

        /// <summary>The verdict and its reason without counters: what decides whether it is worth a new line.</summary>
        public PollReport Report => new(Alive, _head, _topic, _tail);

        /// <summary>A verdict for <paramref name="reason"/>, which without its counters is <paramref name="topic"/> (null: the reason itself).</summary>
        public static Verdict Of(bool alive, string reason, string? topic = null, string head = "", string tail = "") =>
            new(alive, head, reason, topic ?? reason, tail, cannotTell: false);

        /// <summary>"Cannot tell": <paramref name="alive"/> while the uncertainty window lasts (never logged as a verdict).</summary>
        public static Verdict CannotTellYet(bool alive) => new(alive, string.Empty, string.Empty, string.Empty, string.Empty, cannotTell: true);
    }
}
