namespace Havm.Simulator;

/// <summary>A policy to replay: a name for the report, a group for the plot, and how to make its monitor.</summary>
internal sealed record Policy(string Name, string Group, Func<ReplayContext, IMonitor> Create);

/// <summary>What one replay found.</summary>
internal enum Verdict
{
    /// <summary>Healthy trace, the cluster never acted.</summary>
    Ok,
    /// <summary>The cluster acted on a guest that had not failed (a healthy trace, or before a failure trace's failure).</summary>
    FalseFailover,
    /// <summary>Failure trace, the cluster acted after the failure.</summary>
    Detected,
    /// <summary>Failure trace, the cluster never acted.</summary>
    Missed,
}

/// <summary>One trace replayed under one policy.</summary>
internal sealed record Outcome(Trace Trace, Policy Policy, TimeSpan Phase, Verdict Verdict, TimeSpan? ActedAt, string Action, string Reason, IReadOnlyList<string> Log)
{
    /// <summary>For a detected failure: from the failure to the cluster's action.</summary>
    public TimeSpan? DetectionTime => Verdict == Verdict.Detected ? ActedAt - Trace.FailedAt : null;
}

/// <summary>
/// Drives a monitor at the cluster host's cadence on the fake clock (behaviour.md section 1; platform-and-peers.md
/// 1.3): Online at 0:00 less the phase, then LooksAlive every 5 s, IsAlive every 60 s, IsAlive at once after a LooksAlive
/// false. A real failure falls anywhere between two polls, so every trace is replayed at four phases of the host's poll
/// grid (<see cref="Phases"/>: Online 0, 15, 30 or 45 s before the trace's 0:00). The first
/// false IsAlive is the cluster's action: Terminate, then its restart policy (RestartAction 2: restart on this node up
/// to RestartThreshold 3 times in RestartPeriod 900 s, then fail over). The trace describes the guest only until the
/// cluster acts, so the replay stops there; every first action is a restart on the same node.
/// </summary>
internal static class Replay
{
    public static readonly TimeSpan LooksAliveInterval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan IsAliveInterval = TimeSpan.FromSeconds(60);

    /// <summary>How far before the trace's 0:00 the host brings the resource online, one replay each.</summary>
    public static readonly IReadOnlyList<TimeSpan> Phases = new[] { 0, 15, 30, 45 }.Select(s => TimeSpan.FromSeconds(s)).ToArray();

    /// <summary>The trace under the policy at every phase.</summary>
    public static IReadOnlyList<Outcome> RunAllPhases(Trace trace, Policy policy) => Phases.Select(p => Run(trace, policy, p)).ToList();

    /// <summary>Every call the host made, in order: (time, entry point, answer). Only kept when asked for (tests).</summary>
    public static Outcome Run(Trace trace, Policy policy, TimeSpan phase = default, List<(TimeSpan At, string Call, bool Answer)>? calls = null)
    {
        var context = new ReplayContext(trace, -phase);
        var clock = context.Clock;
        var monitor = policy.Create(context);
        var online = monitor.Online();
        if (online != 0)
        {
            return Act(trace, policy, phase, monitor, clock.Now, "Online returned " + online);
        }

        var nextLooks = clock.Now + LooksAliveInterval;
        var nextIs = clock.Now + IsAliveInterval;
        while (true)
        {
            var due = nextLooks < nextIs ? nextLooks : nextIs;
            if (due > trace.Length)
            {
                break;
            }

            clock.AdvanceTo(due);
            var isAliveDue = nextIs <= clock.Now;
            if (isAliveDue)
            {
                // The LooksAlive due at the same moment is covered by this IsAlive.
                nextIs = Next(nextIs, IsAliveInterval, clock.Now);
                nextLooks = Next(nextLooks, LooksAliveInterval, clock.Now);
                if (!Call(monitor.IsAlive, "IsAlive", clock, calls))
                {
                    return Act(trace, policy, phase, monitor, clock.Now, "IsAlive false");
                }

                continue;
            }

            nextLooks = Next(nextLooks, LooksAliveInterval, clock.Now);
            if (!Call(monitor.LooksAlive, "LooksAlive", clock, calls) && !Call(monitor.IsAlive, "IsAlive", clock, calls))
            {
                return Act(trace, policy, phase, monitor, clock.Now, "LooksAlive false, then IsAlive false");
            }
        }

        return new Outcome(trace, policy, phase, trace.IsHealthy ? Verdict.Ok : Verdict.Missed, null, string.Empty, string.Empty, monitor.Log);
    }

    private static bool Call(Func<bool> entryPoint, string name, SimClock clock, List<(TimeSpan, string, bool)>? calls)
    {
        var at = clock.Now;
        var answer = entryPoint();
        calls?.Add((at, name, answer));
        return answer;
    }

    /// <summary>The next due time after <paramref name="now"/> on the poll's own grid (a call that ran long skips the polls it overlapped).</summary>
    private static TimeSpan Next(TimeSpan due, TimeSpan interval, TimeSpan now)
    {
        do
        {
            due += interval;
        }
        while (due <= now);
        return due;
    }

    private static Outcome Act(Trace trace, Policy policy, TimeSpan phase, IMonitor monitor, TimeSpan at, string reason)
    {
        var action = monitor.Terminate();
        var verdict = trace.FailedAt is { } failed && at >= failed ? Verdict.Detected : Verdict.FalseFailover;
        return new Outcome(trace, policy, phase, verdict, at, action, reason, monitor.Log);
    }
}
