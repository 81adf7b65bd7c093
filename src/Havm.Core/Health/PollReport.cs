namespace Havm.Core.Health;

/// <summary>
/// What decides whether a poll's verdict is worth a log line: alive or not, and its reason without counters, kept in
/// its parts (<see cref="Head"/> + <see cref="Topic"/> + <see cref="Tail"/>) and compared by value, so that a poll
/// whose verdict did not change words no line. Immutable.
/// </summary>
internal readonly struct PollReport
{
    public PollReport(bool alive, string head, string topic, string tail)
    {
        Alive = alive;
        Head = head;
        Topic = topic;
        Tail = tail;
    }

    public bool Alive { get; }

    /// <summary>What comes before the topic ("running, "), or empty.</summary>
    public string Head { get; }

    /// <summary>The reason without its counters.</summary>
    public string Topic { get; }

    /// <summary>What comes after the topic (": an administrator's action, not a failure"), or empty.</summary>
    public string Tail { get; }

    /// <summary>Whether both say the same: the same verdict and the same words.</summary>
    public bool Same(PollReport other) =>
        Alive == other.Alive
        && string.Equals(Head, other.Head, StringComparison.Ordinal)
        && string.Equals(Topic, other.Topic, StringComparison.Ordinal)
        && string.Equals(Tail, other.Tail, StringComparison.Ordinal);
}
