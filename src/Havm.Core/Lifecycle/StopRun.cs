using Havm.Core.Model;

namespace Havm.Core.Lifecycle;

/// <summary>
/// One Offline or Terminate: leaves the guest not running. Each round asks <see cref="StopPolicy"/> what the state
/// seen calls for and does it: waits here, changes in <see cref="StopChanges"/>, endings in <see cref="StopEnds"/>.
/// The disk rule holds on every path: a guest that is saving, turning off or merging drives is waited for and never
/// turned off; success is only ever returned after the guest was read Saved, Turned off or not registered, or the
/// service was read stopped.
/// </summary>
internal sealed class StopRun
{
    /// <summary>Enough rounds for the longest path (a start to wait for, a refused save, a turn-off, a lagging state).</summary>
    private const int MaxRounds = 8;

    private readonly GuestRun _run;
    private readonly StopReason _reason;
    private readonly StopMessages _say;
    private readonly StopEnds _ends;
    private readonly StopChanges _changes;
    private bool _sawStart;

    public StopRun(GuestRun run, StopReason reason)
    {
        _run = run;
        _reason = reason;
        _say = new StopMessages(run, reason);
        _ends = new StopEnds(run, _say);
        _changes = new StopChanges(run, reason, _say, _ends, Facts);
    }

    /// <summary>Runs the stop; returns its Win32 code.</summary>
    public int Run()
    {
        var probe = _run.Parts.Probe;
        var seen = probe.LookFresh(_run.Name, _run.Deadline);
        while (seen.Presence == Presence.CannotTell && !seen.TimedOut && !_run.Deadline.HasPassed)
        {
            // A flaky Virtual Server is asked again within the deadline: a stop must not give up at one failed look.
            if (_run.Superseded)
            {
                return _run.Aborted().Code;
            }

            _run.Pause();
            seen = probe.LookFresh(_run.Name, _run.Deadline);
        }

        if (_run.Superseded)
        {
            // A Terminate during the last pause between looks: what this look saw is the Terminate's to act on.
            return _run.Aborted().Code;
        }

        switch (seen.Presence)
        {
            case Presence.NotRegistered:
                _run.Log(_say.NotRegisteredHere(seen.Reason));
                return Win32Error.Success;
            case Presence.ServiceStopped when seen.Service == ServiceState.StopPending:
                var afterStop = _ends.AwaitServiceStop(GuestState.Invalid);
                return afterStop.Ends ? afterStop.Code : Rounds(afterStop.State);
            case Presence.ServiceStopped:
                _run.Log(_say.NotRunningHere(seen.Reason));
                return Win32Error.Success;
            case Presence.CannotTell:
                _run.Log(_say.CannotReach(seen.Reason));
                return seen.TimedOut ? Win32Error.Timeout : Win32Error.FunctionFailed;
        }

        _run.Found(seen.Guest!);
        return Rounds(seen.State);
    }

    private int Rounds(GuestState state) => _run.Rounds(state, MaxRounds, Round, GaveUp);

    private Next Round(GuestState state)
    {
        var decision = StopPolicy.Decide(Facts(state, saveImpossible: false));
        switch (decision.Step)
        {
            case StopStep.Stopped:
                _run.Log(_say.IsStopped(state));
                return Next.End(Win32Error.Success);
            case StopStep.WaitForDefiniteState:
                _run.Log(_say.WaitingForDefiniteState(state));
                return _ends.AfterWait(_run.WaitForState(s => s is not (GuestState.Invalid or GuestState.DeleteMachine), state), _ends.DeadlinePassed);
            case StopStep.WaitForStaleSave:
                // A stale instance saving its memory: never cut off, and what it saves is never restored.
                _run.Parts.StaleSaves.Remember(_run.Resource, _run.Name);
                return WaitForStop(state);
            case StopStep.WaitForStop:
                return WaitForStop(state);
            case StopStep.CancelStart:
                // Reading the disk's current files: this instance is never stale (behaviour.md section 4, step 2).
                _sawStart = true;
                return CancelStart(state);
            case StopStep.WaitForStart:
                _sawStart = true;
                return WaitForStart(state);
            default:
                return _changes.Act(state);
        }
    }

    private int GaveUp(GuestState state)
    {
        _run.Log(_say.KeptChanging(state));
        return Win32Error.FunctionFailed;
    }

    /// <summary>What this stop knows now, for <see cref="StopPolicy"/>.</summary>
    private StopFacts Facts(GuestState state, bool saveImpossible)
    {
        var online = _run.Parts.LastOnline.Current;
        var settings = _run.Settings;
        // Stale: Online found it so, or LastOnlineNode names a later owner; never an instance seen starting from the disk.
        var stale = !_sawStart && (online.Stale || online.NamesLaterOwner(settings.LastOnlineNode, _run.Resource.NodeName));
        return new StopFacts(
            _reason, state, stale, settings.LastOnlineNodeKnown, _sawStart, online.FoundRunning, _run.Parts.Polls.HeartbeatFailed,
            settings.SaveAfterHeartbeatFailure, settings.OfflineAction, saveImpossible);
    }

    /// <summary>Saving, turning off or merging drives: wait for it to finish, whoever started it; never cut it off.</summary>
    private Next WaitForStop(GuestState state)
    {
        _run.Log(_say.WaitingForStop(state));
        return _ends.AfterWait(_run.WaitForState(s => !GuestStates.IsStopping(s), state), _ends.DeadlineWhileStopping);
    }

    private Next WaitForStart(GuestState state)
    {
        _run.Log(_say.WaitingForStart(state));
        return _ends.AfterWait(_run.WaitForState(s => s is not (GuestState.TurningOn or GuestState.Restoring), state), _ends.DeadlinePassed);
    }

    /// <summary>Terminate during a start or restore: cancel it when it can be (the guest goes back to saved, nothing lost), else wait, then save.</summary>
    private Next CancelStart(GuestState state)
    {
        var task = _run.Parts.LastOnline.Current.PendingStart;
        var status = task?.ReadStatus(_run.Deadline);
        if (task is not null && status is { IsOk: true } && status.Value.Value.IsCancelable && !status.Value.Value.IsComplete)
        {
            _run.Log(_say.CancellingStart(state));
            var cancelled = task.Cancel(_run.Deadline);
            if (cancelled.IsOk)
            {
                _run.Parts.LastOnline.Note(online => online with { PendingStart = null });
                return _ends.AfterWait(_run.WaitForState(s => s is not (GuestState.TurningOn or GuestState.Restoring), state), _ends.DeadlinePassed);
            }

            _run.Log(_say.CancelFailed(cancelled.ToString()));
        }

        return WaitForStart(state);
    }
}
