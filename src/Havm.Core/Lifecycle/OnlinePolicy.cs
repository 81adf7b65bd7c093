using Havm.Core.Model;

namespace Havm.Core.Lifecycle;

/// <summary>The next step of an Online, as <see cref="OnlinePolicy"/> decides it.</summary>
internal enum OnlineStep
{
    /// <summary>Running or paused, but a possibly stale instance: turn it off and fail (1); Terminate finishes it.</summary>
    TurnOffStale,

    /// <summary>Running, not started by this Online (it may have just failed): fail with 1 so that Terminate saves it (Havm.vbs).</summary>
    FoundRunning,

    /// <summary>Paused: resume it.</summary>
    Resume,

    /// <summary>Turning on or restoring, not started by this Online: wait for it to run.</summary>
    WaitForRun,

    /// <summary>A stale instance saving its memory: wait, and mark that saved state never to be restored.</summary>
    WaitForStaleSave,

    /// <summary>Saving, turning off or merging drives: wait for it to finish before starting it.</summary>
    WaitForStop,

    /// <summary>Saved by a stale instance: never restored (discarded once when DiscardUnrestorableSavedState=1, else fail).</summary>
    RefuseStaleSavedState,

    /// <summary>Turned off or saved: start (or restore) it.</summary>
    Start,

    /// <summary>Invalid or being deleted: it cannot be started.</summary>
    CannotStart,
}

/// <summary>What an Online knows when it decides: one observation of the guest and what the resource learned.</summary>
internal readonly struct OnlineFacts
{
    public OnlineFacts(GuestState state, bool stale, bool staleSavedState)
    {
        State = state;
        Stale = stale;
        StaleSavedState = staleSavedState;
    }

    public GuestState State { get; }

    /// <summary>LastOnlineNode names another node, so a guest running here is a stale instance (behaviour.md section 4, Online step 2).</summary>
    public bool Stale { get; }

    /// <summary>The guest's saved state on this node was written by a stale instance (memory or StaleSavedStateNode).</summary>
    public bool StaleSavedState { get; }
}

/// <summary>
/// Online's rules (behaviour.md section 4, Online steps 2 and 3) as one pure decision: the observed state and what
/// the resource learned in, the next step out; the Online runner acts, waits, and asks again with the new state.
/// Rows in the contract's order; the first that matches decides. A possibly stale instance is never resumed or
/// saved, and what a stale instance saved is never restored.
/// </summary>
internal static class OnlinePolicy
{
    /// <summary>The next step for <paramref name="facts"/>.</summary>
    public static OnlineStep Decide(in OnlineFacts facts)
    {
        switch (facts.State)
        {
            case GuestState.Running:
            case GuestState.Paused:
                return facts.Stale ? OnlineStep.TurnOffStale
                    : facts.State == GuestState.Running ? OnlineStep.FoundRunning
                    : OnlineStep.Resume;
            case GuestState.TurningOn:
            case GuestState.Restoring:
                return OnlineStep.WaitForRun;
            case GuestState.Saving when facts.Stale:
                return OnlineStep.WaitForStaleSave;
            case GuestState.Saving:
            case GuestState.TurningOff:
            case GuestState.MergingDrives:
                return OnlineStep.WaitForStop;
            case GuestState.Saved when facts.StaleSavedState:
                return OnlineStep.RefuseStaleSavedState;
            case GuestState.TurnedOff:
            case GuestState.Saved:
                return OnlineStep.Start;
            default:
                return OnlineStep.CannotStart;
        }
    }
}
