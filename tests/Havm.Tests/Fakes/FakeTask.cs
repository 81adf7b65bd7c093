using Havm.Core.Model;
using Havm.Core.Ports;

namespace Havm.Tests.Fakes;

/// <summary>
/// A Virtual Server task, behaving as its <see cref="TaskScript"/> says. <c>WaitForCompletion</c> on a task that
/// does not complete advances the clock by the slice (so deadlines progress deterministically) and answers false.
/// Shares the server's lock and call log (<c>Guest1.Save.Wait</c>, <c>.ReadStatus</c>, <c>.Cancel</c>).
/// </summary>
public sealed class FakeTask : IVsTask
{
    private readonly FakeVirtualServer _server;
    private readonly FakeGuest _guest;
    private readonly int? _epoch;
    private bool _complete;
    private TaskResult _result;
    private HResult _error;
    private int _percent;
    private int _waits;
    private bool _cancelled;
    private TimeSpan _longestSlice;
    private bool _resultSeen;

    internal FakeTask(FakeVirtualServer server, FakeGuest guest, VsCall method, TaskScript script, GuestState stateBefore, GuestState stateOnSuccess, TimeSpan startedAt, int? epoch)
    {
        _server = server;
        _guest = guest;
        Method = method;
        Script = script;
        StateBefore = stateBefore;
        StateOnSuccess = stateOnSuccess;
        StartedAt = startedAt;
        _epoch = epoch;
    }

    /// <summary>The guest method that returned it.</summary>
    public VsCall Method { get; }

    /// <summary>The guest's state before the task began.</summary>
    public GuestState StateBefore { get; }

    public bool IsComplete
    {
        get
        {
            lock (_server.Sync)
            {
                _server.TickUnsafe();
                return _complete;
            }
        }
    }

    public TaskResult Result
    {
        get
        {
            lock (_server.Sync)
            {
                return _result;
            }
        }
    }

    /// <summary>How many <c>WaitForCompletion</c> calls were made.</summary>
    public int WaitCount
    {
        get
        {
            lock (_server.Sync)
            {
                return _waits;
            }
        }
    }

    /// <summary>Whether a <c>Cancel</c> took effect.</summary>
    public bool WasCancelled
    {
        get
        {
            lock (_server.Sync)
            {
                return _cancelled;
            }
        }
    }

    /// <summary>The longest slice Havm.Core asked <c>WaitForCompletion</c> for.</summary>
    public TimeSpan LongestSlice
    {
        get
        {
            lock (_server.Sync)
            {
                return _longestSlice;
            }
        }
    }

    internal TaskScript Script { get; }

    internal GuestState StateOnSuccess { get; }

    internal TimeSpan StartedAt { get; }

    internal bool IsCompleteUnsafe => _complete;

    internal int PercentUnsafe => _percent;

    /// <summary>Completes the task now, as the script says (or with <paramref name="result"/>).</summary>
    public void Complete(TaskResult? result = null)
    {
        lock (_server.Sync)
        {
            if (!_complete)
            {
                _guest.CompleteUnsafe(this, result);
            }
        }
    }

    public VsAnswer<bool> WaitForCompletion(TimeSpan slice, Deadline deadline)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slice, TimeSpan.Zero);
        Action<FakeTask>? hook = null;
        VsAnswer<bool> answer;
        lock (_server.Sync)
        {
            if (_guest.RefuseUnsafe<bool>(VsCall.TaskWait, CallName("Wait"), _epoch, deadline) is { } refused)
            {
                return refused;
            }

            if (slice > _longestSlice)
            {
                _longestSlice = slice;
            }

            if (_complete)
            {
                return VsAnswer<bool>.Ok(true);
            }

            _waits++;
            if (Script.CompletesAfterWaits is { } waits && _waits >= waits)
            {
                _guest.CompleteUnsafe(this, null);
                return VsAnswer<bool>.Ok(true);
            }

            _percent = Math.Min(99, _percent + Script.PercentPerWait);
            _server.Clock.Advance(slice);
            _server.TickUnsafe();
            answer = VsAnswer<bool>.Ok(_complete);
            if (!_complete)
            {
                hook = Script.OnWait;
            }
        }

        hook?.Invoke(this);
        return answer;
    }

    /// <summary>Whether a caller has read the status of this task once it was complete (so knows its result).</summary>
    public bool ResultSeen
    {
        get
        {
            lock (_server.Sync)
            {
                return _resultSeen;
            }
        }
    }

    public VsAnswer<VsTaskStatus> ReadStatus(Deadline deadline)
    {
        lock (_server.Sync)
        {
            var refused = _guest.RefuseUnsafe<VsTaskStatus>(VsCall.TaskReadStatus, CallName("ReadStatus"), _epoch, deadline);
            if (refused is null && _complete)
            {
                _resultSeen = true;
            }

            return refused
                ?? VsAnswer<VsTaskStatus>.Ok(new VsTaskStatus(
                    _complete,
                    _complete ? _result : TaskResult.Success,
                    _percent,
                    Script.IsCancelable && !_complete,
                    _complete ? _error : HResults.Ok));
        }
    }

    public VsAnswer<bool> Cancel(Deadline deadline)
    {
        lock (_server.Sync)
        {
            if (_guest.RefuseUnsafe<bool>(VsCall.TaskCancel, CallName("Cancel"), _epoch, deadline) is { } refused)
            {
                return refused;
            }

            if (_complete || !Script.IsCancelable)
            {
                return VsAnswer<bool>.Failed(HResults.Fail, "fake: not cancelable");
            }

            _cancelled = true;
            _guest.CompleteUnsafe(this, TaskResult.Cancelled);
            return VsAnswer<bool>.Ok(true);
        }
    }

    internal void MarkCompleteUnsafe(TaskResult result, HResult error, int percent)
    {
        _complete = true;
        _result = result;
        _error = error;
        _percent = percent;
    }

    private string CallName(string member) => _guest.Name + "." + Method + "." + member;
}
