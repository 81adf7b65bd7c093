using Havm.Core.Configuration;
using Havm.Core.Model;

namespace Havm.Core.Lifecycle;

/// <summary>Whether a stop is Offline's (the administrator's) or Terminate's (the cluster's, after a failure).</summary>
internal enum StopReason
{
    Offline,
    Terminate,
}

/// <summary>The next step of a stop, as <see cref="StopPolicy"/> decides it.</summary>
internal enum StopStep
{
    /// <summary>Saved or Turned off: done, success.</summary>
    Stopped,

    /// <summary>Invalid or being deleted: neither stopped nor running; wait for a state that says.</summary>
    WaitForDefiniteState,

    /// <summary>Saving, turning off or merging drives: wait for it to finish, never cut it off.</summary>
    WaitForStop,

    /// <summary>As <see cref="WaitForStop"/>, for a stale instance saving: what it saves is marked never to be restored.</summary>
    WaitForStaleSave,

    /// <summary>Turning on or restoring: Terminate cancels a cancelable start of Online's, else waits for it to run.</summary>
    CancelStart,

    /// <summary>Turning on or restoring: Offline waits for it to run, then stops it.</summary>
    WaitForStart,

    /// <summary>Running or paused: save.</summary>
    Save,

    /// <summary>Running or paused: turn off.</summary>
    TurnOff,

    /// <summary>Running or paused: shut the guest OS down (Offline only, OfflineAction=2 or a save that is impossible).</summary>
    ShutDown,
}

/// <summary>Why <see cref="StopPolicy"/> chose a way to stop a running guest: the log says it.</summary>
internal enum StopWhy
{
    /// <summary>The state decides by itself (waits, done).</summary>
    State,

    /// <summary>LastOnlineNode cannot be read and this process did not start the guest: it may be stale.</summary>
    LastOnlineNodeUnreadable,

    /// <summary>Online found it stale, or LastOnlineNode names a later owner.</summary>
    Stale,

    /// <summary>Offline does what OfflineAction says.</summary>
    OfflineAction,

    /// <summary>Terminate after a heartbeat failure with AdditionsIsAliveFailureRecoveryAction other than 0.</summary>
    HeartbeatFailure,

    /// <summary>Undo disks set to discard: Virtual Server refuses to save.</summary>
    SaveImpossible,

    /// <summary>Terminate's default: save.</summary>
    Default,
}

/// <summary>What a stop knows when it decides (one observation of the guest, what the run and the resource learned, the settings).</summary>
internal readonly struct StopFacts
{
    public StopFacts(
        StopReason reason,
        GuestState state,
        bool stale,
        bool lastOnlineNodeKnown,
        bool startedHere,
        bool foundRunningAtOnline,
        bool heartbeatFailed,
        bool saveAfterHeartbeatFailure,
        OfflineAction offlineAction,
        bool saveImpossible)
    {
        Reason = reason;
        State = state;
        Stale = stale;
        LastOnlineNodeKnown = lastOnlineNodeKnown;
        StartedHere = startedHere;
        FoundRunningAtOnline = foundRunningAtOnline;
        HeartbeatFailed = heartbeatFailed;
        SaveAfterHeartbeatFailure = saveAfterHeartbeatFailure;
        OfflineAction = offlineAction;
        SaveImpossible = saveImpossible;
    }

    public StopReason Reason { get; }

    public GuestState State { get; }

    /// <summary>This instance is stale (Online found it so, or LastOnlineNode names a later owner) and was not seen starting here.</summary>
    public bool Stale { get; }

    public bool LastOnlineNodeKnown { get; }

    /// <summary>This stop saw the guest turning on or restoring: it reads the disk's current files, so it is not stale.</summary>
    public bool StartedHere { get; }

    public bool FoundRunningAtOnline { get; }

    public bool HeartbeatFailed { get; }

    public bool SaveAfterHeartbeatFailure { get; }

    public OfflineAction OfflineAction { get; }

    /// <summary>The guest's undo disks are set to discard (read right before acting; false until then).</summary>
    public bool SaveImpossible { get; }
}

/// <summary>A step and why it was chosen.</summary>
internal readonly struct StopDecision
{
    public StopDecision(StopStep step, StopWhy why)
    {
        Step = step;
        Why = why;
    }

    public StopStep Step { get; }

    public StopWhy Why { get; }

    public override string ToString() => Step + " (" + Why + ")";
}

/// <summary>
/// Offline's and Terminate's rules (behaviour.md section 4, Offline and Terminate), as one pure decision: the facts
/// in, the next step out; the stop's runner acts, waits, reads the state again and asks again. The rows are in the
/// contract's order; the first that matches decides. The two overriding rules hold in every row: a guest that
/// writes its files (saving, turning off, merging drives) or reads them (turning on, restoring) is never turned off
/// or shut down, and a possibly stale instance is never saved.
/// </summary>
internal static class StopPolicy
{
    /// <summary>The next step for <paramref name="facts"/>.</summary>
    public static StopDecision Decide(in StopFacts facts)
    {
        switch (facts.State)
        {
            case GuestState.Saved:
            case GuestState.TurnedOff:
                return new StopDecision(StopStep.Stopped, StopWhy.State);
            case GuestState.Invalid:
            case GuestState.DeleteMachine:
                return new StopDecision(StopStep.WaitForDefiniteState, StopWhy.State);
            case GuestState.Saving when facts.Stale:
                return new StopDecision(StopStep.WaitForStaleSave, StopWhy.Stale);
            case GuestState.Saving:
            case GuestState.TurningOff:
            case GuestState.MergingDrives:
                return new StopDecision(StopStep.WaitForStop, StopWhy.State);
            case GuestState.TurningOn:
            case GuestState.Restoring:
                return new StopDecision(facts.Reason == StopReason.Terminate ? StopStep.CancelStart : StopStep.WaitForStart, StopWhy.State);
            default:
                return Running(facts);
        }
    }

    /// <summary>Running or paused: how to stop it.</summary>
    private static StopDecision Running(in StopFacts facts)
    {
        if (!facts.LastOnlineNodeKnown && !facts.StartedHere)
        {
            return new StopDecision(StopStep.TurnOff, StopWhy.LastOnlineNodeUnreadable);
        }

        if (facts.Stale)
        {
            return new StopDecision(StopStep.TurnOff, StopWhy.Stale);
        }

        if (facts.Reason == StopReason.Offline)
        {
            return facts.OfflineAction switch
            {
                OfflineAction.TurnOff => new StopDecision(StopStep.TurnOff, StopWhy.OfflineAction),
                OfflineAction.ShutDown => new StopDecision(StopStep.ShutDown, StopWhy.OfflineAction),
                _ when facts.SaveImpossible => new StopDecision(StopStep.ShutDown, StopWhy.SaveImpossible),
                _ => new StopDecision(StopStep.Save, StopWhy.OfflineAction),
            };
        }

        // A guest this stop watched turn on or restore has restarted since its heartbeat failed: it is saved (the
        // contract's "Turning on or Restoring: wait for it to run, then save").
        if (!facts.FoundRunningAtOnline && facts.HeartbeatFailed && !facts.SaveAfterHeartbeatFailure && !facts.StartedHere)
        {
            return new StopDecision(StopStep.TurnOff, StopWhy.HeartbeatFailure);
        }

        return facts.SaveImpossible
            ? new StopDecision(StopStep.TurnOff, StopWhy.SaveImpossible)
            : new StopDecision(StopStep.Save, StopWhy.Default);
    }
}
