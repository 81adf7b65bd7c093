using Havm.Core.Model;
using Havm.Core.Ports;

namespace Havm.Core.Lifecycle;

/// <summary>How a wait ended.</summary>
internal enum WaitEnd
{
    /// <summary>What was waited for happened.</summary>
    Done,
    /// <summary>The deadline passed first.</summary>
    DeadlinePassed,
    /// <summary>A Terminate began meanwhile (the termination epoch moved).</summary>
    Superseded,
}

/// <summary>
/// Every wait of the lifecycle: in slices of at most 1 s, drawing on one deadline, and checking the termination epoch
/// in every slice. Holds no lock while it waits.
/// </summary>
internal sealed class Waiter
{
    /// <summary>The longest single wait, so that a Terminate is noticed within a second.</summary>
    public static readonly TimeSpan Slice = TimeSpan.FromSeconds(1);

    private readonly IClock _clock;
    private readonly TerminationEpoch _epoch;

    public Waiter(IClock clock, TerminationEpoch epoch)
    {
        _clock = clock;
        _epoch = epoch;
    }

    /// <summary>Polls the guest's state until <paramref name="until"/> holds; <paramref name="last"/> is the last state read.</summary>
    public WaitEnd ForState(IGuest guest, Func<GuestState, bool> until, Deadline deadline, long? epoch, ref GuestState last)
    {
        while (true)
        {
            if (_epoch.HasMoved(epoch))
            {
                return WaitEnd.Superseded;
            }

            var state = guest.ReadState(deadline);
            if (state.IsOk)
            {
                last = state.Value;
                if (until(last))
                {
                    return WaitEnd.Done;
                }
            }

            if (deadline.HasPassed)
            {
                return WaitEnd.DeadlinePassed;
            }

            _clock.Sleep(deadline.NextSlice(Slice));
        }
    }

    /// <summary>Waits for a task to complete; <paramref name="status"/> is its status once complete.</summary>
    public WaitEnd ForTask(IVsTask task, Deadline deadline, long? epoch, out VsTaskStatus? status)
    {
        status = null;
        while (true)
        {
            if (_epoch.HasMoved(epoch))
            {
                return WaitEnd.Superseded;
            }

            var before = _clock.Now;
            var complete = task.WaitForCompletion(deadline.NextSlice(Slice), deadline);
            if (complete.IsOk && complete.Value)
            {
                var read = task.ReadStatus(deadline);
                status = read.IsOk ? read.Value : null;
                return WaitEnd.Done;
            }

            if (deadline.HasPassed)
            {
                return WaitEnd.DeadlinePassed;
            }

            var waited = _clock.Now - before;
            if (waited < Slice)
            {
                // A failing or early-returning wait must not make the loop spin until the deadline.
                _clock.Sleep(deadline.NextSlice(Slice - waited));
            }
        }
    }
}

/// <summary>The per-resource termination epoch: Terminate moves it; Online and Offline stop when it moved since they began.</summary>
internal sealed class TerminationEpoch
{
    private long _value;

    public long Current => Interlocked.Read(ref _value);

    public void Advance() => Interlocked.Increment(ref _value);

    /// <summary>Whether a Terminate began since <paramref name="seen"/> was read (null: the caller is Terminate itself).</summary>
    public bool HasMoved(long? seen) => seen.HasValue && Current != seen.Value;
}
