using Havm.Core.Model;

namespace Havm.Core.Lifecycle;

/// <summary>How an Online ends when a wait or a call does not go its way.</summary>
internal sealed class OnlineEnds
{
    private readonly GuestRun _run;
    private readonly OnlineMessages _say;

    public OnlineEnds(GuestRun run, OnlineMessages say)
    {
        _run = run;
        _say = say;
    }

    /// <summary>A wait that did not end as hoped, waiting <paramref name="what"/>: the code its end means.</summary>
    public int WaitFailed(WaitEnd end, string what)
    {
        switch (end)
        {
            case WaitEnd.Superseded:
                return _run.Aborted().Code;
            case WaitEnd.NotRegistered:
                _run.Log(_say.UnregisteredWhileWaiting(what));
                return Win32Error.NotFound;
            case WaitEnd.ServiceStopped:
            case WaitEnd.ServiceStopping:
                _run.Log(_say.ServiceStoppedWhileWaiting(what));
                return Win32Error.ServiceNotActive;
            default:
                _run.Log(_say.TimedOutWaiting(what));
                return Win32Error.Timeout;
        }
    }

    /// <summary>A call to the guest failed: superseded when the change guard refused it, else the call's code.</summary>
    public Next Failed<T>(string call, VsAnswer<T> answer) => _run.Failed(answer, _say.CallFailed(call, answer.ToString()));
}
