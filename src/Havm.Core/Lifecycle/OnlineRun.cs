using Havm.Core.Model;

namespace Havm.Core.Lifecycle;

/// <summary>
/// One Online (behaviour.md section 4, steps 1 to 6), on the caller's thread, against one deadline. It finds the
/// guest (registering it from cluster storage when this node does not know it), then each round asks
/// <see cref="OnlinePolicy"/> what the state seen calls for and does it; starts and resumes are
/// <see cref="OnlineStart"/>'s, what a success reports is <see cref="OnlineReport"/>'s.
/// </summary>
internal sealed class OnlineRun
{
    /// <summary>Enough rounds for the longest path (stopping, then discarding a bad saved state, then starting).</summary>
    private const int MaxRounds = 6;

    private readonly GuestRun _run;
    private readonly OnlineMessages _say;
    private readonly Deadline _waitDeadline;
    private readonly OnlineReport _report;
    private readonly OnlineEnds _ends;
    private readonly OnlineStart _start;

    /// <summary>This run saw the guest turning on or restoring: reading the disk's current files, never stale (step 2).</summary>
    private bool _sawStart;

    public OnlineRun(GuestRun run)
    {
        _run = run;
        _say = new OnlineMessages(run);
        // Waits leave time for the reads that decide what to return at the deadline.
        _waitDeadline = run.Deadline.Less(RunLimits.ReserveFor(run.Settings.OnlineTimeout));
        _report = new OnlineReport(run, _say);
        _ends = new OnlineEnds(run, _say);
        _start = new OnlineStart(run, _say, _ends, _report, _waitDeadline);
    }

    /// <summary>Runs the Online; returns its Win32 code.</summary>
    public int Run()
    {
        var probe = _run.Parts.Probe;
        var seen = probe.LookFresh(_run.Name, _run.Deadline);
        if (seen.Presence == Presence.NotRegistered && _run.Settings.ConfigurationPath.Length > 0)
        {
            // Step 1: a node whose Virtual Server does not know the guest registers it from cluster storage.
            var registration = new OnlineRegistration(_run, _say.TimeoutFix);
            var registered = registration.Register();
            if (registered.Ends)
            {
                return registered.Code;
            }

            seen = probe.LookFresh(_run.Name, _run.Deadline);
            if (seen.Presence == Presence.NotRegistered)
            {
                return registration.RegisteredAnotherGuest();
            }
        }

        switch (seen.Presence)
        {
            case Presence.NotRegistered:
                return NotRegistered();
            case Presence.ServiceStopped:
                _run.Log(_say.ServiceNotRunning(seen.Reason));
                return seen.Service == ServiceState.NotInstalled ? Win32Error.ServiceDoesNotExist : Win32Error.ServiceNotActive;
            case Presence.CannotTell:
                _run.Log(_say.CannotRead(seen.Reason));
                return seen.TimedOut ? Win32Error.Timeout : Win32Error.FunctionFailed;
        }

        _run.Found(seen.Guest!);
        var staleSaves = _run.Parts.StaleSaves;
        if (SavedStateGone(seen.State) && staleSaves.Holds(_run.Resource, _run.Settings, _run.Name))
        {
            // The stale saved state is gone (discarded in the Virtual Server console): nothing to guard any more.
            staleSaves.Forget(_run.Resource, _run.Name);
        }

        var configuration = seen.Guest!.ReadConfiguration(_run.Deadline);
        var known = _report.Configuration = configuration.IsOk ? configuration.Value : null;
        _run.Log(_say.Found(seen.State, known is null ? "unknown (" + configuration + ")" : known.ConfigurationFile));
        if (known is not null && !FilePaths.Same(known.ConfigurationFile, _run.Settings.ConfigurationPath))
        {
            _run.Log(_say.NameShared(known.ConfigurationFile));
            return Win32Error.InvalidData;
        }

        _report.InspectFiles();
        return _run.Rounds(seen.State, MaxRounds, Round, GaveUp);
    }

    private Next Round(GuestState state)
    {
        var staleSave = _run.Parts.StaleSaves.Holds(_run.Resource, _run.Settings, _run.Name);
        switch (OnlinePolicy.Decide(new OnlineFacts(state, IsStale(), staleSave)))
        {
            case OnlineStep.TurnOffStale:
                return Next.End(TurnOffStale(state));
            case OnlineStep.FoundRunning:
                return Next.End(FoundRunning());
            case OnlineStep.Resume:
                return Next.End(_start.Resume());
            case OnlineStep.WaitForRun:
                return WaitForRun(state);
            case OnlineStep.WaitForStaleSave:
                // Marked before the wait: whoever sees the save end (this run, or a Terminate) never restores it.
                _run.Parts.StaleSaves.Remember(_run.Resource, _run.Name);
                return WaitForStop(state, _say.StaleSaving());
            case OnlineStep.WaitForStop:
                return WaitForStop(state, OnlineMessages.FinishBeforeStart);
            case OnlineStep.RefuseStaleSavedState:
                return _start.StaleSavedState();
            case OnlineStep.Start:
                return _start.Start(state);
            default:
                _run.Log(_say.CannotStart(state));
                return Next.End(Win32Error.FunctionFailed);
        }
    }

    private int GaveUp(GuestState state)
    {
        _run.Log(_say.KeptChanging(state));
        return Win32Error.FunctionFailed;
    }

    /// <summary>Turning on or restoring, not started by this run: it reads the disk's current files (never stale); wait for it to run.</summary>
    private Next WaitForRun(GuestState state)
    {
        _sawStart = true;
        _run.Parts.LastOnline.Note(online => online with { StartedHere = true });
        var waited = _run.WaitForState(s => !GuestStates.IsStarting(s), state, _waitDeadline);
        if (waited.End != WaitEnd.Done)
        {
            return Next.End(_ends.WaitFailed(waited.End, _say.ToRunNotStartedHere(waited.State)));
        }

        return waited.State == GuestState.Running ? Next.End(_report.Succeeded()) : Next.LookAgain(waited.State);
    }

    /// <summary>Saving, turning off or merging drives: never cut off; looks again when it finished.</summary>
    private Next WaitForStop(GuestState state, string why)
    {
        _run.Log(_say.Waiting(state, why));
        var waited = _run.WaitForState(s => !GuestStates.IsStopping(s), state, _waitDeadline);
        return waited.End == WaitEnd.Done ? Next.LookAgain(waited.State) : Next.End(_ends.WaitFailed(waited.End, _say.ToFinish(waited.State)));
    }

    /// <summary>Havm.vbs's choice, kept: a guest already running was not started here; fail so that Terminate saves it.</summary>
    private int FoundRunning()
    {
        _run.Parts.LastOnline.Note(online => online with { FoundRunning = true });
        _run.Log(_say.FoundRunning());
        return Win32Error.InvalidFunction;
    }

    /// <summary>
    /// LastOnlineNode names another node: an instance here is older than the one last brought online there; never an
    /// instance this run saw turning on or restoring, whatever state it reaches after (paused, saving).
    /// </summary>
    private bool IsStale()
    {
        var last = _run.Settings.LastOnlineNode.Trim();
        return !_sawStart && last.Length > 0 && !string.Equals(last, _run.Resource.NodeName, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Whether <paramref name="state"/> proves the guest's saved state is gone (discarded or restored): any definite
    /// state but Saved and Saving. Invalid and DeleteMachine prove nothing: a stale save's mark is kept through them.
    /// </summary>
    private static bool SavedStateGone(GuestState state) =>
        state is not (GuestState.Saved or GuestState.Saving or GuestState.Invalid or GuestState.DeleteMachine);

    /// <summary>The instance here is stale (its memory no longer matches the disk): turned off, never saved; Online fails (1).</summary>
    private int TurnOffStale(GuestState state)
    {
        _run.Parts.LastOnline.Note(online => online with { Stale = true });
        _run.Log(_say.TurningOffStale(state));
        if (_run.Superseded)
        {
            return _run.Aborted().Code;
        }

        var guest = _run.Target.Guest;
        var fresh = guest.ReadState(_run.Deadline);
        if (!fresh.IsOk)
        {
            _run.Log(_say.StaleUnreadable(fresh.ToString()));
            return Win32Error.InvalidFunction;
        }

        if (fresh.Value == GuestState.Saving)
        {
            // The stale instance is saving its memory meanwhile: what it saves is never restored.
            _run.Parts.StaleSaves.Remember(_run.Resource, _run.Name);
        }

        if (!GuestStates.IsUp(fresh.Value))
        {
            _run.Log(_say.StaleChangedMeanwhile(fresh.Value));
            return Win32Error.InvalidFunction;
        }

        var off = guest.TurnOff(_run.Deadline, _run.Guard);
        if (off.FailedWith(HResults.OperationAborted))
        {
            return _run.Aborted().Code;
        }

        if (!off.IsOk)
        {
            _run.Log(_say.StaleTurnOffFailed(off.ToString()));
        }
        else if (_run.WaitForTask(off.Value, _run.Deadline).End == WaitEnd.Superseded)
        {
            return _run.Aborted().Code;
        }

        return Win32Error.InvalidFunction;
    }

    private int NotRegistered()
    {
        var names = _run.Parts.VirtualServer.GuestNames(_run.Deadline);
        _run.Log(_say.NotRegistered(names.IsOk ? Describe.Capped(names.Value, 10) : "(could not list: " + names + ")"));
        return Win32Error.NotFound;
    }
}
