using System.Threading;
using Havm.ComHost.Interop;

namespace Havm.ComHost.VirtualServer;

/// <summary>
/// A call into Virtual Server and its answer, passed from an entry point's thread to the worker. The waiter gives up
/// at its deadline ("no answer in time"); a request given up before it started never runs, so a late Startup or
/// Save cannot surprise a later entry point. A waiter may look for its answer before it blocks (<see cref="HandOffSpin"/>).
/// </summary>
internal sealed class VsRequest<T> : IVsRequest
{
    private readonly object _gate = new();
    private readonly Func<VsConnection, VsAnswer<T>> _work;
    private volatile Stage _stage;
    private VsAnswer<T> _answer;

    public VsRequest(Func<VsConnection, VsAnswer<T>> work) => _work = work;

    private enum Stage
    {
        Pending,
        Running,
        Done,
        GivenUp,
    }

    /// <inheritdoc/>
    public bool Run(VsConnection connection)
    {
        lock (_gate)
        {
            if (_stage != Stage.Pending)
            {
                return false;
            }

            _stage = Stage.Running;
        }

        var answer = Execute(connection);
        var lost = answer.Kind == VsAnswerKind.Failed && HResults.IsConnectionLost(answer.Error);
        if (lost)
        {
            // Before the caller sees the failure: it then sees no connection, so its next look asks the Service
            // Control Manager before anything may create VirtualServer.Application again.
            connection.Drop();
        }

        lock (_gate)
        {
            _answer = answer;
            _stage = Stage.Done;
            Monitor.PulseAll(_gate);
        }

        return lost;
    }

    /// <inheritdoc/>
    public bool NeedsNoWait => _stage is Stage.Done or Stage.GivenUp;

    /// <inheritdoc/>
    public void GiveUp()
    {
        lock (_gate)
        {
            if (_stage == Stage.Pending)
            {
                _stage = Stage.GivenUp;
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>
    /// Waits for the answer until the deadline, first looking for it as <paramref name="spin"/> says (null: blocks at
    /// once); after the deadline, or once given up, "no answer in time".
    /// </summary>
    public VsAnswer<T> Await(Deadline deadline, HandOffSpin? spin = null)
    {
        spin?.LookFor(this, deadline);
        lock (_gate)
        {
            while (_stage != Stage.Done)
            {
                if (_stage == Stage.GivenUp)
                {
                    return VsAnswer<T>.TimedOut();
                }

                var left = deadline.Remaining;
                if (left <= TimeSpan.Zero)
                {
                    if (_stage == Stage.Pending)
                    {
                        _stage = Stage.GivenUp;
                    }

                    return VsAnswer<T>.TimedOut();
                }

                _ = Monitor.Wait(_gate, left);
            }

            return _answer;
        }
    }

    private VsAnswer<T> Execute(VsConnection connection)
    {
#pragma warning disable CA1031 // every failure of a call into Virtual Server is an answer (the binder's COMException carries the HRESULT)
        try
        {
            return _work(connection);
        }
        catch (Exception ex)
        {
            return VsAnswer<T>.Failed(ExceptionCode.Of(ex), ex.Message);
        }
#pragma warning restore CA1031
    }
}
