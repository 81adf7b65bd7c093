using Havm.Core.Model;

namespace Havm.Simulator;

/// <summary>How Virtual Server's COM calls behave for a while.</summary>
internal enum VsBehaviour
{
    /// <summary>Calls answer at once.</summary>
    Ok,
    /// <summary>Calls do not answer until the hang ends (a caller's deadline may pass first).</summary>
    Hang,
    /// <summary>Calls fail with an HRESULT.</summary>
    Fail,
}

/// <summary>
/// What Virtual Server would report about the guest from one moment on: the guest's state, whether its Additions
/// answer, the share of expected heartbeats the guest sends, how Virtual Server's calls behave, the service's state,
/// whether the guest is registered, and whether the guest does disk or network I/O (read only by the vSphere model).
/// </summary>
internal sealed record Conditions(
    GuestState State,
    bool Additions,
    int HeartbeatRate,
    VsBehaviour Vs,
    HResult VsError,
    ServiceState Service,
    bool Registered,
    bool Io)
{
    /// <summary>A guest that has been running normally for a while: what every trace starts from.</summary>
    public static readonly Conditions Initial = new(GuestState.Running, true, 100, VsBehaviour.Ok, HResults.Ok, ServiceState.Running, true, true);
}

/// <summary>One <c>at</c> line: the conditions from <see cref="At"/> on.</summary>
internal sealed record TraceStep(TimeSpan At, Conditions Conditions, int Line);

/// <summary>One guest-behaviour trace: a name, healthy or failed at a moment, a length, and a timeline of conditions.</summary>
internal sealed class Trace
{
    public Trace(string name, TimeSpan? failedAt, TimeSpan length, IReadOnlyList<string> notes, IReadOnlyList<TraceStep> steps)
    {
        Name = name;
        FailedAt = failedAt;
        Length = length;
        Notes = notes;
        Steps = steps;
    }

    public string Name { get; }

    /// <summary>When the guest stopped serving its users; null for a healthy trace.</summary>
    public TimeSpan? FailedAt { get; }

    public bool IsHealthy => FailedAt is null;

    /// <summary>How long the replay runs.</summary>
    public TimeSpan Length { get; }

    public IReadOnlyList<string> Notes { get; }

    /// <summary>The timeline, in time order; the first step is at 0:00.</summary>
    public IReadOnlyList<TraceStep> Steps { get; }

    /// <summary>The conditions at <paramref name="time"/> (before 0:00: those at 0:00, as if the guest had run like that for a while).</summary>
    public Conditions At(TimeSpan time)
    {
        var current = Steps[0].Conditions;
        foreach (var step in Steps)
        {
            if (step.At > time)
            {
                break;
            }

            current = step.Conditions;
        }

        return current;
    }

    /// <summary>The first step after <paramref name="time"/> whose conditions satisfy <paramref name="test"/>; null when none.</summary>
    public TimeSpan? NextWhen(TimeSpan time, Func<Conditions, bool> test)
    {
        foreach (var step in Steps)
        {
            if (step.At > time && test(step.Conditions))
            {
                return step.At;
            }
        }

        return null;
    }

    /// <summary>m:ss (or h:mm:ss), as traces write times.</summary>
    public static string Clock(TimeSpan time)
    {
        var sign = time < TimeSpan.Zero ? "-" : string.Empty;
        var t = time.Duration();
        return t.TotalHours >= 1
            ? FormattableString.Invariant($"{sign}{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}")
            : FormattableString.Invariant($"{sign}{t.Minutes}:{t.Seconds:00}");
    }
}
