using Havm.Core.Model;
using Havm.Core.Ports;

namespace Havm.Core.Lifecycle;

/// <summary>
/// Online's changes to the guest (behaviour.md section 4, steps 3 to 5): start or restore it, resume it, and the
/// one discard of a saved state that must not be restored. The guest's state decides success, never a task alone.
/// </summary>
internal sealed class OnlineStart
{
    private readonly GuestRun _run;
    private readonly OnlineMessages _say;
    private readonly OnlineEnds _ends;
    private readonly OnlineReport _report;
    private readonly Deadline _waitDeadline;

    public OnlineStart(GuestRun run, OnlineMessages say, OnlineEnds ends, OnlineReport report, Deadline waitDeadline)
    {
        _run = run;
        _say = say;
        _ends = ends;
        _report = report;
        _waitDeadline = waitDeadline;
    }

    private IGuest Guest => _run.Target.Guest;

    /// <summary>Startup() and its task, from Turned off or Saved; then the state decides (step 3).</summary>
    public Next Start(GuestState from)
    {
        if (_run.Superseded)
        {
            return _run.Aborted();
        }

        _run.Log(_say.Starting(from));
        var startup = Guest.Startup(_run.Deadline, _run.Guard);
        if (!startup.IsOk)
        {
            if (startup.FailedWith(HResults.VmRunning))
            {
                // Someone else started it between our look and our call: look again rather than guess.
                var now = Guest.ReadState(_run.Deadline);
                return now.IsOk && GuestStates.IsStopped(now.Value) ? _ends.Failed("Startup()", startup) : Next.LookAgain(now.IsOk ? now.Value : GuestState.Running);
            }

            return HResults.IsUnrestorableSavedState(startup.Error) && startup.Kind == VsAnswerKind.Failed
                ? Unrestorable(HResults.Describe(startup.Error))
                : _ends.Failed("Startup()", startup);
        }

        var task = startup.Value;
        _run.Parts.LastOnline.Note(online => online with { StartedHere = true, PendingStart = task });
        var before = task.ReadStatus(_run.Deadline);
        var percentBefore = before.IsOk ? before.Value.PercentCompleted : 0;
        var waited = _run.WaitForTask(task, _waitDeadline);
        switch (waited.End)
        {
            case WaitEnd.Superseded:
                return _run.Aborted();
            case WaitEnd.DeadlinePassed:
                return Next.End(StillStarting(task, percentBefore));
            case WaitEnd.Done:
                _run.Parts.LastOnline.Note(online => online with { PendingStart = null });
                var status = waited.Status;
                if (status is null)
                {
                    _run.Log(_say.StartResultUnread());
                }
                else if (status.Result == TaskResult.IncompatibleSavedStateError || HResults.IsUnrestorableSavedState(status.Error))
                {
                    return Unrestorable(status.ToString());
                }
                else if (status.Result != TaskResult.Success)
                {
                    _run.Log(_say.StartFailed(status));
                    return Next.End(Outcomes.ForTask(status.Result));
                }

                break;
        }

        // Step 3: the state decides; a task that ran ahead of it is waited for within the deadline.
        var running = _run.WaitForState(s => !GuestStates.IsStarting(s), from == GuestState.Saved ? GuestState.Restoring : GuestState.TurningOn, _waitDeadline);
        switch (running.End)
        {
            case WaitEnd.Done when running.State == GuestState.Running:
                return Next.End(_report.Succeeded());
            case WaitEnd.Done:
                _run.Log(_say.StartEndedElsewhere(waited.Status, running.State));
                return Next.End(Win32Error.FunctionFailed);
            case WaitEnd.DeadlinePassed:
                return Next.End(StillStarting(task, percentBefore));
            default:
                return Next.End(_ends.WaitFailed(running.End, _say.ToRun()));
        }
    }

    /// <summary>Paused: Resume() and its task; the state must read running within the state lag.</summary>
    public int Resume()
    {
        if (_run.Superseded)
        {
            return _run.Aborted().Code;
        }

        _run.Log(_say.Resuming());
        var resume = Guest.Resume(_run.Deadline, _run.Guard);
        if (!resume.IsOk)
        {
            return _ends.Failed("Resume()", resume).Code;
        }

        var waited = _run.WaitForTask(resume.Value, _waitDeadline);
        if (waited.End is not (WaitEnd.Done or WaitEnd.TaskLost))
        {
            return _ends.WaitFailed(waited.End, _say.ToResume());
        }

        var settle = Deadline.After(_run.Parts.Clock, RunLimits.StateLag).Earlier(_waitDeadline);
        var settled = _run.WaitForState(s => s != GuestState.Paused, GuestState.Paused, settle);
        if (settled.End == WaitEnd.Done && settled.State == GuestState.Running)
        {
            return _report.Succeeded();
        }

        if (settled.End is not (WaitEnd.Done or WaitEnd.DeadlinePassed))
        {
            // Superseded, unregistered, the service gone: each wait end means what it means everywhere else.
            return _ends.WaitFailed(settled.End, _say.ToResume());
        }

        _run.Log(_say.ResumeFailed(waited.Status, settled.State));
        return Outcomes.ForTaskWithoutEffect(waited.Status);
    }

    /// <summary>
    /// A saved state written by a stale instance is never restored: discarded once when
    /// DiscardUnrestorableSavedState=1, else Online fails naming both nodes and the two ways out.
    /// </summary>
    public Next StaleSavedState()
    {
        var done = DiscardOnce(_say.StaleSavedStateRefused(), _say.StaleSavedStateDiscarded());
        if (!done.Ends)
        {
            _run.Parts.StaleSaves.Forget(_run.Resource, _run.Name);
        }

        return done;
    }

    /// <summary>Step 4: at the deadline, a start or restore that is still progressing is left to IsAlive.</summary>
    private int StillStarting(IVsTask task, int percentBefore)
    {
        var status = task.ReadStatus(_run.Deadline);
        var state = Guest.ReadState(_run.Deadline);
        var progressing = status.IsOk && status.Value.Error == HResults.Ok
            && (!status.Value.IsComplete || status.Value.Result == TaskResult.Success)
            && status.Value.PercentCompleted > percentBefore
            && state.IsOk && GuestStates.IsStarting(state.Value);
        if (progressing)
        {
            return _report.Reported(_say.StillStarting(state.Value, percentBefore, status.Value.PercentCompleted));
        }

        _run.Log(_say.DidNotStart(state.IsOk ? Describe.State(state.Value) : state.ToString()));
        return Win32Error.Timeout;
    }

    private Next Unrestorable(string why) => DiscardOnce(_say.UnrestorableRefused(why), _say.UnrestorableDiscarded(why));

    /// <summary>
    /// The one discard of a saved state that must not be restored a run may make (DiscardUnrestorableSavedState=1):
    /// discarded, the guest is looked at again Turned off (it cold-boots); otherwise the run ends, with
    /// <paramref name="refusal"/> logged.
    /// </summary>
    private Next DiscardOnce(string refusal, string discarded)
    {
        if (!_run.Settings.DiscardUnrestorableSavedState || !_run.Parts.LastOnline.TryClaimDiscard())
        {
            _run.Log(refusal);
            return Next.End(Win32Error.FunctionFailed);
        }

        if (_run.Superseded)
        {
            return _run.Aborted();
        }

        var discard = Guest.DiscardSavedState(_run.Deadline, _run.Guard);
        if (!discard.IsOk)
        {
            return _ends.Failed("DiscardSavedState()", discard);
        }

        _run.Log(discarded);
        return Next.LookAgain(GuestState.TurnedOff);
    }
}
