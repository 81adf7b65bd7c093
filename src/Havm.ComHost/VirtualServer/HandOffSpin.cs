using System.Diagnostics;
using System.Threading;

namespace Havm.ComHost.VirtualServer;

/// <summary>
/// Whether an entry point looks for its answer from the worker before it blocks: a poll's call is answered within
/// about <see cref="Longest"/>, and an answer found while looking costs neither thread a kernel wait and wake-up (each
/// a wineserver round trip under Wine; measured in issue 11). Where answers take longer (a slower Virtual Server),
/// looking only burns CPU: after <see cref="MissesBeforeRest"/> looks in a row that did not find the answer, it looks
/// again only on every <see cref="RetryEvery"/>th wait, until one finds it. The looking never runs a call on the
/// entry point's thread and never outlasts its deadline. One per resource; thread-safe (two waiters racing only move
/// a count).
/// </summary>
internal sealed class HandOffSpin
{
    /// <summary>The longest look before blocking.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromTicks(2500); // 250 µs

    /// <summary>Looks in a row that found nothing before looking rests.</summary>
    public const int MissesBeforeRest = 4;

    /// <summary>While resting, one wait in this many looks all the same (answers may have become quick again).</summary>
    public const int RetryEvery = 16;

    private static readonly long LongestTicks = (long)(Longest.TotalSeconds * Stopwatch.Frequency);

    private int _misses;
    private int _rested;

    /// <summary>Whether looking rests now (the last looks found nothing).</summary>
    public bool Resting => _misses >= MissesBeforeRest;

    /// <summary>
    /// Looks, for at most <see cref="Longest"/>, until <paramref name="request"/> needs no wait, unless looking rests or
    /// <paramref name="deadline"/> is nearer than that. Yields the processor now and then, so that the worker it waits
    /// for can run on a busy machine.
    /// </summary>
    public void LookFor(IVsRequest request, Deadline deadline)
    {
        if ((Resting && Interlocked.Increment(ref _rested) % RetryEvery != 0) || deadline.Remaining <= Longest)
        {
            return;
        }

        var until = Stopwatch.GetTimestamp() + LongestTicks;
        for (var i = 1; !request.NeedsNoWait; i++)
        {
            if (Stopwatch.GetTimestamp() >= until)
            {
                _misses = _misses < MissesBeforeRest ? _misses + 1 : _misses;
                return;
            }

            if (i % 8 == 0)
            {
                _ = Thread.Yield();
            }
            else
            {
                Thread.SpinWait(20);
            }
        }

        _misses = 0;
    }
}
