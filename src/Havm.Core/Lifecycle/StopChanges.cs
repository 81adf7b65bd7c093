using Havm.Core.Model;

namespace Havm.Core.Lifecycle;

/// <summary>
/// The changes a stop makes to a running or paused guest: save, shut down, turn off, as <see cref="StopPolicy"/>
/// decides on a fresh state. After every change the guest's state decides, never the task's word alone.
/// </summary>
internal sealed class StopChanges
{
    private readonly GuestRun _run;
    private readonly bool _terminate;
    private readonly StopMessages _say;
    private readonly StopEnds _ends;
    private readonly Func<GuestState, bool, StopFacts> _facts;
    private bool _saveImpossible;

    /// <summary>The changes of one stop; <paramref name="facts"/> gives what the stop knows for a state and whether saving is impossible.</summary>
    public StopChanges(GuestRun run, StopReason reason, StopMessages say, StopEnds ends, Func<GuestState, bool, StopFacts> facts)
    {
        _run = run;
        _terminate = reason == StopReason.Terminate;
        _say = say;
        _ends = ends;
        _facts = facts;
    }

    /// <summary>A running or paused guest: decide on a fresh state and the guest's configuration, then change it.</summary>
    public Next Act(GuestState state)
    {
        // Read only when there is something to stop, and then read the state again: the answer may have been slow.
        var configuration = _run.Target.Guest.ReadConfiguration(_run.Deadline);
        _saveImpossible = configuration.IsOk && configuration.Value.UndoDisksDiscard;
        // Every guest-changing call acts on a fresh state: a failed read is retried (a save under way cannot be ruled
        // out without one), never answered with the older state.
        var fresh = _run.ReadState(state);
        if (fresh.End != WaitEnd.Done)
        {
            return _ends.AfterWait(fresh, _ends.DeadlinePassed);
        }

        if (fresh.State != state)
        {
            return Next.LookAgain(fresh.State);
        }

        var decision = StopPolicy.Decide(_facts(state, _saveImpossible));
        Explain(decision);
        switch (decision.Step)
        {
            case StopStep.Save:
                return Save(state);
            case StopStep.ShutDown:
                return new StopShutdown(_run, _say, _ends, Save, TurnOff).Run(state, _saveImpossible);
            case StopStep.TurnOff:
                return TurnOff(state);
            default:
                return Next.LookAgain(state); // not running or paused after all
        }
    }

    /// <summary>The log line that says why a running guest is stopped the way <paramref name="decision"/> says (none for the plain ways).</summary>
    private void Explain(StopDecision decision)
    {
        switch (decision.Why)
        {
            case StopWhy.LastOnlineNodeUnreadable:
                _run.Log(_say.LastOnlineNodeUnreadable());
                break;
            case StopWhy.Stale:
                _run.Log(_say.Stale());
                break;
            case StopWhy.HeartbeatFailure:
                // Spell the value the administrator set (any value other than 0 turns off), never a value nobody set.
                var raw = _run.Resource.ReadProperty(Configuration.PropertyNames.AdditionsIsAliveFailureRecoveryAction);
                _run.Log(_say.HeartbeatFailure(raw.Kind == PropertyValueKind.Number && raw.Number != 0 ? "=" + raw.Text : " other than 0"));
                break;
            case StopWhy.SaveImpossible:
                // Undo disks set to discard: Virtual Server refuses to save. Terminate turns off at once.
                _run.Log(_say.CannotBeSaved());
                break;
        }
    }

    private Next Save(GuestState state)
    {
        if (_run.Superseded)
        {
            return _run.Aborted();
        }

        _run.Log(_say.Saving());
        var save = _run.Target.Guest.Save(_run.Deadline, _run.Guard);
        if (!save.IsOk)
        {
            if (!save.FailedWith(HResults.AppShuttingDown))
            {
                return Refused("Save()", save, state);
            }

            // Virtual Server itself is saving it on the way down: wait for that save.
            _run.Log(_say.VirtualServerSavesIt());
            return _ends.AfterWait(_run.WaitForState(GuestStates.IsStopped, GuestState.Saving), _ => _ends.DeadlineWhileStopping(GuestState.Saving));
        }

        // A save was started: from here on, a service that dies leaves its outcome unknown.
        var task = _run.WaitForTask(save.Value, _run.Deadline);
        switch (task.End)
        {
            case WaitEnd.Superseded:
                return _run.Aborted();
            case WaitEnd.DeadlinePassed:
                return Next.End(_ends.DeadlineWhileStopping(GuestState.Saving));
        }

        return Settle("Save()", task.Status, StopStep.Save, GuestState.Saving);
    }

    /// <summary>
    /// A Save or shutdown refused. A refusal that may hide a stop under way, or VM_E_VM_NOT_RUNNING, means: look
    /// again. Otherwise Offline fails with the code and leaves the guest running (the host's Terminate retries);
    /// Terminate turns it off.
    /// </summary>
    private Next Refused<T>(string call, VsAnswer<T> answer, GuestState state)
    {
        if (answer.FailedWith(HResults.OperationAborted))
        {
            return _run.Aborted();
        }

        var now = _run.Target.Guest.ReadState(_run.Deadline);
        if (now.IsOk)
        {
            state = now.Value;
            if (!GuestStates.IsUp(state))
            {
                return Next.LookAgain(state);
            }

            // VM_E_VM_NOT_RUNNING from a guest that reads running: the state may lag the refusal (RunLimits.StateLag). A state
            // that moves on is looked at again; one that still reads running makes it a refusal like any other.
            if (answer.FailedWith(HResults.VmNotRunning))
            {
                if (!StillRunningAfterLag(state, out var lagged))
                {
                    return lagged;
                }

                state = lagged.State;
            }
        }

        if (!_terminate)
        {
            _run.Log(_say.RefusedLeftRunning(call, answer.ToString()));
            return Next.End(Outcomes.ForFailure(answer));
        }

        _run.Log(_say.RefusedTurningOff(call, answer.ToString()));
        return TurnOff(state);
    }

    /// <summary>
    /// Gives a guest that reads running <see cref="RunLimits.StateLag"/> to show a change Virtual Server reported: true when it
    /// still reads running with time left (<paramref name="next"/> carries that state); false with what the wait's
    /// end means otherwise (look again, or end, the deadline's code included).
    /// </summary>
    private bool StillRunningAfterLag(GuestState state, out Next next)
    {
        var settle = _run.Deadline.Remaining > RunLimits.StateLag ? Model.Deadline.After(_run.Parts.Clock, RunLimits.StateLag) : _run.Deadline;
        var waited = _run.WaitForState(s => !GuestStates.IsUp(s), state, settle);
        if (waited.End != WaitEnd.DeadlinePassed)
        {
            next = _ends.AfterWait(waited, _ends.DeadlinePassed);
            return false;
        }

        if (_run.Deadline.HasPassed)
        {
            next = Next.End(_ends.DeadlinePassed(waited.State));
            return false;
        }

        next = Next.LookAgain(waited.State);
        return true;
    }

    /// <summary>
    /// After a stop task ended (or was lost): the guest's state decides, never the task's word alone. A state that
    /// still reads running after <see cref="RunLimits.StateLag"/> means the stop did not take.
    /// </summary>
    private Next Settle(string call, VsTaskStatus? status, StopStep method, GuestState state)
    {
        if (!StillRunningAfterLag(state, out var lagged))
        {
            return lagged;
        }

        state = lagged.State;
        _run.Log(_say.DidNotStop(call, status, state, error: _terminate && method != StopStep.Save));
        if (method == StopStep.Save && _terminate)
        {
            return TurnOff(state);
        }

        if (method == StopStep.Save)
        {
            _run.Log(_say.LeftRunning());
        }

        return Next.End(Outcomes.ForTaskWithoutEffect(status));
    }

    private Next TurnOff(GuestState state)
    {
        if (_run.Superseded)
        {
            return _run.Aborted();
        }

        // The disk rule: without a fresh look, a save under way cannot be ruled out; a failed read is retried.
        var fresh = _run.ReadState(state);
        if (fresh.End != WaitEnd.Done)
        {
            return _ends.AfterWait(fresh, _ends.DeadlinePassed);
        }

        if (!GuestStates.IsUp(fresh.State))
        {
            // A save, merge or restore that began meanwhile is never cut off; look again.
            return Next.LookAgain(fresh.State);
        }

        _run.Log(_say.TurningOff());
        var off = _run.Target.Guest.TurnOff(_run.Deadline, _run.Guard);
        if (!off.IsOk)
        {
            if (off.FailedWith(HResults.VmNotRunning))
            {
                // A state that moved on is looked at again; one that still reads running after the state lag makes
                // it a refusal like any other, logged with its code (never a silent loop of turn-offs).
                var now = _run.Target.Guest.ReadState(_run.Deadline);
                if (now.IsOk && !GuestStates.IsUp(now.Value))
                {
                    return Next.LookAgain(now.Value);
                }

                if (now.IsOk && !StillRunningAfterLag(now.Value, out var lagged))
                {
                    return lagged;
                }
            }

            return _ends.Failed("TurnOff()", off);
        }

        var task = _run.WaitForTask(off.Value, _run.Deadline);
        switch (task.End)
        {
            case WaitEnd.Superseded:
                return _run.Aborted();
            case WaitEnd.DeadlinePassed:
                return Next.End(_ends.DeadlinePassed(GuestState.TurningOff));
        }

        return Settle("TurnOff()", task.Status, StopStep.TurnOff, GuestState.TurningOff);
    }
}
