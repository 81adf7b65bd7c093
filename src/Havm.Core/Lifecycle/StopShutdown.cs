using Havm.Core.Model;

namespace Havm.Core.Lifecycle;

/// <summary>
/// OfflineAction 2 (behaviour.md section 4, Offline): the guest OS shuts down within the deadline less 30 s, else the
/// guest is turned off (a half shut-down guest is never saved); a shutdown that is refused or fails falls back to a
/// save, or to a turn-off when the guest cannot be saved (undo disks set to discard).
/// </summary>
internal sealed class StopShutdown
{
    /// <summary>What OfflineAction 2 leaves for a turn-off after a guest shutdown that does not finish (30 s).</summary>
    public static readonly TimeSpan ShutdownReserve = TimeSpan.FromSeconds(30);

    private readonly GuestRun _run;
    private readonly StopMessages _say;
    private readonly StopEnds _ends;
    private readonly Func<GuestState, Next> _save;
    private readonly Func<GuestState, Next> _turnOff;

    /// <summary>The shutdown of one stop; <paramref name="save"/> and <paramref name="turnOff"/> are the stop's own changes.</summary>
    public StopShutdown(GuestRun run, StopMessages say, StopEnds ends, Func<GuestState, Next> save, Func<GuestState, Next> turnOff)
    {
        _run = run;
        _say = say;
        _ends = ends;
        _save = save;
        _turnOff = turnOff;
    }

    /// <summary>OfflineAction 2: the guest OS shuts down within the deadline less 30 s, else it is turned off (never saved half shut down).</summary>
    public Next Run(GuestState state, bool saveImpossible)
    {
        if (_run.Superseded)
        {
            return _run.Aborted();
        }

        _run.Log(_say.ShuttingDown());
        var shutdown = _run.Target.Guest.ShutdownGuestOs(_run.Deadline, _run.Guard);
        if (shutdown.FailedWith(HResults.OperationAborted))
        {
            return _run.Aborted();
        }

        if (!shutdown.IsOk)
        {
            // Never a turn-off: a refused shutdown falls back to a save (unless the guest cannot be saved).
            _run.Log(_say.ShutdownImpossible(shutdown.ToString(), saveImpossible));
            return saveImpossible ? _turnOff(state) : _save(state);
        }

        // The contract's "deadline less 30 s"; a deadline of 30 s or less keeps half of what is left for the turn-off.
        var remaining = _run.Deadline.Remaining;
        var limit = _run.Deadline.Less(remaining > ShutdownReserve ? ShutdownReserve : TimeSpan.FromTicks(remaining.Ticks / 2));

        // The task's result first: a shutdown the guest OS refused (the task fails) falls back to a save.
        var task = _run.WaitForTask(shutdown.Value, limit);
        if (task.End == WaitEnd.Superseded)
        {
            return _run.Aborted();
        }

        if (task is { End: WaitEnd.Done, Status: { } status } && (status.Result != TaskResult.Success || status.Error.IsFailure))
        {
            var now = _run.Target.Guest.ReadState(_run.Deadline);
            if (now.IsOk && GuestStates.IsUp(now.Value))
            {
                _run.Log(_say.ShutdownFailed(status, saveImpossible));
                return saveImpossible ? _turnOff(now.Value) : _save(now.Value);
            }
        }

        var waited = _run.WaitForState(s => !GuestStates.IsUp(s), state, limit);
        if (waited.End != WaitEnd.DeadlinePassed)
        {
            return _ends.AfterWait(waited, _ends.DeadlinePassed);
        }

        // The task's word, if it can be had now: a shutdown that failed is a refusal (save), not a slow shutdown.
        var late = shutdown.Value.ReadStatus(_run.Deadline);
        if (late.IsOk && late.Value.IsComplete && (late.Value.Result != TaskResult.Success || late.Value.Error.IsFailure) && !saveImpossible)
        {
            _run.Log(_say.ShutdownFailed(late.Value, saveImpossible: false));
            return _save(waited.State);
        }

        _run.Log(_say.ShutdownTooSlow());
        return _turnOff(waited.State);
    }
}
