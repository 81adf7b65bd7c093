using Havm.Core.Ports;

namespace Havm.Core.Lifecycle;

/// <summary>
/// What the last Online learned about the guest here, as one immutable snapshot (a stop decides on one snapshot,
/// never on fields changing under it). <see cref="LastOnline"/> holds the current one.
/// </summary>
/// <param name="LastOnlineNodeAtStart">LastOnlineNode as it stood when the Online began (empty: none, or no Online yet).</param>
/// <param name="FoundRunning">The Online found the guest running and did not start it (Havm.vbs's choice: Terminate saves it).</param>
/// <param name="Stale">The Online found a stale instance here: it is never saved, not even by Terminate.</param>
/// <param name="StartedHere">The Online started or restored the guest from the current disk (or found it doing so).</param>
/// <param name="WroteLastOnlineNode">The Online wrote this node into LastOnlineNode.</param>
/// <param name="DiscardClaimed">The one discard of an unrestorable saved state a run may make was made.</param>
/// <param name="PendingStart">The start or restore task, while it may still run (Terminate cancels it).</param>
internal sealed record OnlineFindings(
    string LastOnlineNodeAtStart,
    bool FoundRunning,
    bool Stale,
    bool StartedHere,
    bool WroteLastOnlineNode,
    bool DiscardClaimed,
    IVsTask? PendingStart)
{
    /// <summary>Before any Online in this process, or at the start of one.</summary>
    public static readonly OnlineFindings None = new(string.Empty, false, false, false, false, false, null);

    /// <summary>
    /// Whether LastOnlineNode, as read now, names another node that had the guest after the instance here began: the
    /// instance here is then stale and is never saved.
    /// </summary>
    public bool NamesLaterOwner(string lastOnlineNode, string thisNode)
    {
        var now = lastOnlineNode.Trim();
        if (now.Length == 0 || string.Equals(now, thisNode, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Only an instance this run started from the current disk, before it could write LastOnlineNode, is not stale
        // while LastOnlineNode still names the node it took over from. Any other instance here is older.
        return WroteLastOnlineNode || !StartedHere || !string.Equals(now, LastOnlineNodeAtStart.Trim(), StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>
/// The current <see cref="OnlineFindings"/>: written by Online (and Close, Terminate's cancel), read by any entry point
/// on any thread. Each change replaces the snapshot under a lock held only for the swap.
/// </summary>
internal sealed class LastOnline
{
    private readonly object _gate = new();
    private OnlineFindings _current = OnlineFindings.None;

    /// <summary>The snapshot as it is now.</summary>
    public OnlineFindings Current
    {
        get { lock (_gate) { return _current; } }
    }

    /// <summary>Online step 0: nothing learned yet.</summary>
    public void Reset() => Note(_ => OnlineFindings.None);

    /// <summary>Replaces the snapshot with <paramref name="change"/> applied to it.</summary>
    public void Note(Func<OnlineFindings, OnlineFindings> change)
    {
        lock (_gate)
        {
            _current = change(_current);
        }
    }

    /// <summary>Claims the one discard of an unrestorable saved state a run may make; false when already made.</summary>
    public bool TryClaimDiscard()
    {
        lock (_gate)
        {
            if (_current.DiscardClaimed)
            {
                return false;
            }

            _current = _current with { DiscardClaimed = true };
            return true;
        }
    }
}
