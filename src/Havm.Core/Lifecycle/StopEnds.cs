using Havm.Core.Model;

namespace Havm.Core.Lifecycle;

/// <summary>
/// How an Offline or Terminate ends when a wait or a call does not go its way: what each wait end means, the service
/// stopping under it, the deadline, a failed call. Every ending that may leave the guest running says so and names
/// the node.
/// </summary>
internal sealed class StopEnds
{
    private readonly GuestRun _run;
    private readonly StopMessages _say;

    public StopEnds(GuestRun run, StopMessages say)
    {
        _run = run;
        _say = say;
    }

    /// <summary>What a wait's end means for a stop: look at the guest again, or end with a code (<paramref name="atDeadline"/>'s at the deadline).</summary>
    public Next AfterWait(StateWait waited, Func<GuestState, int> atDeadline)
    {
        switch (waited.End)
        {
            case WaitEnd.Done:
            case WaitEnd.TaskLost:
                return Next.LookAgain(waited.State);
            case WaitEnd.Superseded:
                return _run.Aborted();
            case WaitEnd.NotRegistered:
                _run.Log(_say.NoLongerRegistered());
                return Next.End(Win32Error.Success);
            case WaitEnd.ServiceStopped:
                return Next.End(ServiceGone(waited.State));
            case WaitEnd.ServiceStopping:
                return AwaitServiceStop(waited.State);
            default:
                return Next.End(atDeadline(waited.State));
        }
    }

    /// <summary>
    /// The service is stopping (node shutdown: Virtual Server saves or turns off its guests itself): wait for it to
    /// stop. Looks again when it runs again and the guest is there.
    /// </summary>
    public Next AwaitServiceStop(GuestState lastSeen)
    {
        _run.Log(_say.ServiceStopping());
        var waited = _run.WaitForServiceStop();
        if (waited.Superseded)
        {
            return _run.Aborted();
        }

        switch (waited.Service)
        {
            case ServiceState.Stopped:
            case ServiceState.NotInstalled:
                return Next.End(ServiceGone(lastSeen));
            case ServiceState.Running:
                var seen = _run.Parts.Probe.LookFresh(_run.Name, _run.Deadline);
                if (seen.Presence == Presence.Found)
                {
                    _run.Found(seen.Guest!);
                    return Next.LookAgain(seen.State);
                }

                if (seen.Presence == Presence.CannotTell)
                {
                    _run.Log(_say.ServiceBackGuestUnreadable(seen.Reason));
                    return Next.End(seen.TimedOut ? Win32Error.Timeout : Win32Error.FunctionFailed);
                }

                _run.Log(_say.NotRunningHere(seen.Reason));
                return Next.End(Win32Error.Success);
            default:
                _run.Log(_say.ServiceStillStopping());
                return Next.End(Win32Error.Timeout);
        }
    }

    /// <summary>The service stopped: no guest runs; a save or merge it cut off has an unknown outcome.</summary>
    public int ServiceGone(GuestState lastSeen)
    {
        if (lastSeen is GuestState.Saving or GuestState.MergingDrives)
        {
            _run.Log(_say.ServiceStoppedDuring(lastSeen));
            return Win32Error.FunctionFailed;
        }

        _run.Log(_say.ServiceStopped());
        return Win32Error.Success;
    }

    /// <summary>The deadline passed while the guest writes its files: it is never turned off (ERROR_TIMEOUT).</summary>
    public int DeadlineWhileStopping(GuestState state)
    {
        _run.Log(_say.DeadlineWhileStopping(state));
        return Win32Error.Timeout;
    }

    /// <summary>The deadline passed with the guest in <paramref name="state"/> (ERROR_TIMEOUT).</summary>
    public int DeadlinePassed(GuestState state)
    {
        if (GuestStates.IsStopping(state))
        {
            return DeadlineWhileStopping(state);
        }

        _run.Log(_say.DeadlinePassed(state));
        return Win32Error.Timeout;
    }

    /// <summary>A call to the guest failed: superseded when the change guard refused it, else the call's code.</summary>
    public Next Failed<T>(string call, VsAnswer<T> answer) => _run.Failed(answer, _say.CallFailed(call, answer.ToString()));
}
