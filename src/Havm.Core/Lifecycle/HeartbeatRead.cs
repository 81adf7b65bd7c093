using Havm.Core.Health;
using Havm.Core.Model;
using Havm.Core.Ports;

namespace Havm.Core.Lifecycle;

/// <summary>One heartbeat read from the guest's Additions: a reading, or why there is none (a value: a poll allocates none).</summary>
internal readonly struct HeartbeatRead
{
    private HeartbeatRead(HeartbeatReading reading, string? failure, bool timedOut, bool featureNotAvailable)
    {
        Reading = reading;
        Failure = failure;
        TimedOut = timedOut;
        FeatureNotAvailable = featureNotAvailable;
    }

    public HeartbeatReading Reading { get; }

    /// <summary>Why nothing was read (null: read).</summary>
    public string? Failure { get; }

    public bool TimedOut { get; }

    /// <summary>VM_E_ADDITIONS_FEATURE_NOT_AVAIL: the Additions do not offer the heartbeat.</summary>
    public bool FeatureNotAvailable { get; }

    /// <summary>
    /// Reads the heartbeat: HeartbeatPercentage once a heartbeat was seen, IsHeartbeating before (behaviour.md
    /// section 3). VM_E_ADDITIONS_NOT_AVAIL is a reading (the Additions are not running), not a failure.
    /// </summary>
    public static HeartbeatRead From(IGuest guest, bool seenBefore, Deadline deadline)
    {
        if (seenBefore)
        {
            var percentage = guest.HeartbeatPercentage(deadline);
            return percentage.IsOk ? Read(HeartbeatReading.FromPercentage(percentage.Value)) : Failed("HeartbeatPercentage", percentage);
        }

        var beating = guest.IsHeartbeating(deadline);
        return beating.IsOk ? Read(HeartbeatReading.FromIsHeartbeating(beating.Value)) : Failed("IsHeartbeating", beating);
    }

    private static HeartbeatRead Read(HeartbeatReading reading) => new(reading, null, false, false);

    private static HeartbeatRead Failed<T>(string member, VsAnswer<T> answer) =>
        answer.FailedWith(HResults.AdditionsNotAvailable)
            ? Read(HeartbeatReading.AdditionsNotAvailable)
            : new(default, member + ": " + answer, answer.Kind == VsAnswerKind.TimedOut, answer.FailedWith(HResults.AdditionsFeatureNotAvailable));
}
