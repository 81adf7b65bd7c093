using Havm.Core.Model;
using Havm.Core.Ports;

namespace Havm.Core.Lifecycle;

/// <summary>How a wait ended.</summary>
internal enum WaitEnd
{
    /// <summary>What was waited for happened (for a task: it completed).</summary>
    Done,
    /// <summary>The deadline passed first.</summary>
    DeadlinePassed,
    /// <summary>A Terminate began meanwhile (the termination epoch moved).</summary>
    Superseded,
    /// <summary>The guest is no longer registered in Virtual Server.</summary>
    NotRegistered,
    /// <summary>The "Virtual Server" service is stopped or not installed: no guest runs.</summary>
    ServiceStopped,
    /// <summary>The "Virtual Server" service is stopping (StopPending): it saves or turns off its guests itself.</summary>
    ServiceStopping,
    /// <summary>The task could not be waited on (Virtual Server lost it, or went away): watch the guest's state instead.</summary>
    TaskLost,
}

/// <summary>
/// Every wait of the lifecycle: in slices of at most 1 s, drawing on one deadline, and checking the termination epoch
/// in every slice. A state read that fails makes it look again through the probe (Service Control Manager, then a
/// fresh connection), so that a wait notices Virtual Server going away or restarting (behaviour.md section 4,
/// Offline, "While it waits"). Holds no lock while it waits.
/// </summary>
internal sealed class Waiter
{
    /// <summary>The longest single wait, so that a Terminate is noticed within a second.</summary>
    public static readonly TimeSpan Slice = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often a state wait reads the state: a change is acted on within about 100 ms (a failover should not wait
    /// for the next one-second slice). One state read is one Virtual Server call.
    /// </summary>
    public static readonly TimeSpan StatePoll = TimeSpan.FromMilliseconds(100);

    private readonly IClock _clock;
    private readonly TerminationEpoch _epoch;
    private readonly GuestProbe _probe;

    public Waiter(IClock clock, TerminationEpoch epoch, GuestProbe probe)
    {
        _clock = clock;
        _epoch = epoch;
        _probe = probe;
    }

    /// <summary>
    /// Polls the guest's state until <paramref name="until"/> holds. The result carries the last state read
    /// (<paramref name="last"/> when no read succeeded).
    /// </summary>
    public StateWait ForState(GuestTarget target, Func<GuestState, bool> until, Deadline deadline, long? epoch, GuestState last)
    {
        while (true)
        {
            if (_epoch.HasMoved(epoch))
            {
                return new StateWait(WaitEnd.Superseded, last);
            }

            var state = target.Guest.ReadState(deadline);
            if (state.IsOk)
            {
                last = state.Value;
                if (until(last))
                {
                    return new StateWait(WaitEnd.Done, last);
                }
            }
            else
            {
                var seen = _probe.LookFresh(target.Name, deadline);
                switch (seen.Presence)
                {
                    case Presence.Found:
                        target.Guest = seen.Guest!;
                        last = seen.State;
                        if (until(last))
                        {
                            return new StateWait(WaitEnd.Done, last);
                        }

                        break;
                    case Presence.NotRegistered:
                        return new StateWait(WaitEnd.NotRegistered, last);
                    case Presence.ServiceStopped:
                        return new StateWait(seen.Service == ServiceState.StopPending ? WaitEnd.ServiceStopping : WaitEnd.ServiceStopped, last);
                }
            }

            if (deadline.HasPassed)
            {
                // A Terminate during the last slice still supersedes: the caller stops with 995, not with the deadline's code.
                return new StateWait(_epoch.HasMoved(epoch) ? WaitEnd.Superseded : WaitEnd.DeadlinePassed, last);
            }

            _clock.Sleep(deadline.NextSlice(StatePoll));
        }
    }

    /// <summary>Waits for a task to complete; the result carries its status once complete (null: unreadable).</summary>
    public TaskWait ForTask(IVsTask task, Deadline deadline, long? epoch)
    {
        while (true)
        {
            if (_epoch.HasMoved(epoch))
            {
                return new TaskWait(WaitEnd.Superseded, null);
            }

            var before = _clock.Now;
            var complete = task.WaitForCompletion(deadline.NextSlice(Slice), deadline);
            if (complete.IsOk && complete.Value)
            {
                var read = task.ReadStatus(deadline);
                return new TaskWait(WaitEnd.Done, read.IsOk ? read.Value : null);
            }

            if (deadline.HasPassed)
            {
                // A Terminate during the last slice still supersedes: the caller stops with 995, not with the deadline's code.
                return new TaskWait(_epoch.HasMoved(epoch) ? WaitEnd.Superseded : WaitEnd.DeadlinePassed, null);
            }

            if (complete.Kind == VsAnswerKind.Failed)
            {
                // A task object that fails (Virtual Server restarted, lost it): the guest's state tells the rest.
                return new TaskWait(WaitEnd.TaskLost, null);
            }

            var waited = _clock.Now - before;
            if (waited < Slice)
            {
                // An early-returning wait must not make the loop spin until the deadline.
                _clock.Sleep(deadline.NextSlice(Slice - waited));
            }
        }
    }

    /// <summary>
    /// Waits for the stopping "Virtual Server" service to reach Stopped (or to run again). Returns the service's
    /// last state: Stopped or NotInstalled (done), Running (it came back), or StopPending at the deadline or when
    /// superseded (then marked so).
    /// </summary>
    public ServiceWait ForServiceStop(IVirtualServer virtualServer, Deadline deadline, long? epoch)
    {
        while (true)
        {
            if (_epoch.HasMoved(epoch))
            {
                return new ServiceWait(ServiceState.StopPending, true);
            }

            var service = virtualServer.QueryService(deadline);
            if (service is ServiceState.Stopped or ServiceState.NotInstalled or ServiceState.Running)
            {
                return new ServiceWait(service, false);
            }

            if (deadline.HasPassed)
            {
                return new ServiceWait(service, _epoch.HasMoved(epoch));
            }

            _clock.Sleep(deadline.NextSlice(Slice));
        }
    }
}

/// <summary>The per-resource termination epoch: Terminate moves it; Online and Offline stop when it moved since they began.</summary>
internal sealed class TerminationEpoch
{
    private long _value;

    public long Current => Interlocked.Read(ref _value);

    public void Advance() => Interlocked.Increment(ref _value);

    /// <summary>Whether a Terminate began since <paramref name="seen"/> was read (null: the caller is Terminate itself).</summary>
    public bool HasMoved(long? seen) => seen.HasValue && Current != seen.Value;
}
