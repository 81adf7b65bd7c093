using Havm.Core.Model;
using Havm.Core.Ports;

namespace Havm.Simulator;

/// <summary>The simulator's clock: advances only when slept on or moved on by the replay.</summary>
internal sealed class SimClock : IClock
{
    public SimClock(TimeSpan start = default) => Now = start;

    public TimeSpan Now { get; private set; }

    public void Sleep(TimeSpan duration)
    {
        if (duration > TimeSpan.Zero)
        {
            Now += duration;
        }
    }

    public void AdvanceTo(TimeSpan time)
    {
        if (time > Now)
        {
            Now = time;
        }
    }
}

/// <summary>
/// One replay's guest: the trace's conditions over time, the heartbeat ticks the guest sends, and what Virtual
/// Server derives from them. Virtual Server expects one tick every 6 s (10 per 60 s block); HeartbeatPercentage is
/// the share received over the past minute; the heartbeat counts as stopped after 120 s without a tick
/// (platform-and-peers.md 2.4). A guest at a heartbeat rate of r % sends r % of the expected ticks, evenly.
/// Not thread-safe (a replay is single-threaded).
/// </summary>
internal sealed class GuestWorld
{
    public static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(6);
    public static readonly TimeSpan PercentageWindow = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan StoppedAfter = TimeSpan.FromSeconds(120);

    private static readonly TimeSpan History = TimeSpan.FromMinutes(3);
    private readonly List<TimeSpan> _ticks = new();

    public GuestWorld(Trace trace, SimClock clock)
    {
        Trace = trace;
        Clock = clock;
        ComputeTicks();
    }

    public Trace Trace { get; }

    public SimClock Clock { get; }

    /// <summary>A state the cluster put the guest in (Saved before Online, or what Terminate did); null: the trace's.</summary>
    public GuestState? Commanded { get; set; } = GuestState.Saved;

    /// <summary>The last command the cluster gave the guest (Startup, Save, TurnOff, ...), for the report.</summary>
    public string LastCommand { get; set; } = "none";

    public Conditions Now => Trace.At(Clock.Now);

    public IReadOnlyList<TimeSpan> Ticks => _ticks;

    public GuestState StateAt(TimeSpan time) => Commanded ?? Trace.At(time).State;

    /// <summary>Whether the guest runs inside a running Virtual Server at <paramref name="time"/> (an admin's pause or save included).</summary>
    public bool IsUp(TimeSpan time)
    {
        var c = Trace.At(time);
        return c.Service == ServiceState.Running && c.Registered
            && StateAt(time) is GuestState.Running or GuestState.TurningOn or GuestState.Restoring or GuestState.Paused or GuestState.Saving;
    }

    /// <summary>HeartbeatPercentage as Virtual Server computes it: ticks over the past minute, 10 % each.</summary>
    public int Percentage(TimeSpan time)
    {
        var count = _ticks.Count(t => t > time - PercentageWindow && t <= time);
        return Math.Min(100, count * 10);
    }

    /// <summary>IsHeartbeating: a tick within the last 120 s (after that Virtual Server declares the heartbeat stopped).</summary>
    public bool IsHeartbeating(TimeSpan time) => LastTick(time) is { } last && time - last < StoppedAfter;

    public TimeSpan? LastTick(TimeSpan time)
    {
        TimeSpan? last = null;
        foreach (var tick in _ticks)
        {
            if (tick > time)
            {
                break;
            }

            last = tick;
        }

        return last;
    }

    /// <summary>Whether the guest did disk or network I/O at any moment in [from, to].</summary>
    public bool IoDuring(TimeSpan from, TimeSpan to)
    {
        if (Trace.At(from).Io)
        {
            return true;
        }

        return Trace.Steps.Any(s => s.At > from && s.At <= to && s.Conditions.Io);
    }

    /// <summary>When the guest's current stretch in the Running state began (the trace's state; before 0:00 counts as running since 0:00 - 1 h).</summary>
    public TimeSpan RunningSince(TimeSpan time)
    {
        var since = TimeSpan.FromHours(-1);
        var running = Trace.Steps[0].Conditions.State == GuestState.Running;
        foreach (var step in Trace.Steps)
        {
            if (step.At > time)
            {
                break;
            }

            var now = step.Conditions.State == GuestState.Running;
            if (now && !running)
            {
                since = step.At;
            }

            running = now;
        }

        return since;
    }

    /// <summary>
    /// The stretches, second by second over the trace, in which the guest runs with its Additions answering and
    /// HeartbeatPercentage reads 0 (for checking that a trace has the shape it claims).
    /// </summary>
    public IReadOnlyList<(TimeSpan From, TimeSpan Length)> ZeroStretches()
    {
        var stretches = new List<(TimeSpan, TimeSpan)>();
        TimeSpan? start = null;
        for (var t = TimeSpan.Zero; t <= Trace.Length; t += TimeSpan.FromSeconds(1))
        {
            var c = Trace.At(t);
            var zero = c.State == GuestState.Running && c.Additions && Percentage(t) == 0;
            if (zero && start is null)
            {
                start = t;
            }
            else if (!zero && start is { } s)
            {
                stretches.Add((s, t - s));
                start = null;
            }
        }

        if (start is { } open)
        {
            stretches.Add((open, Trace.Length - open));
        }

        return stretches;
    }

    /// <summary>A heartbeat read as Virtual Server would answer it now (ignoring how its calls behave).</summary>
    public VsAnswer<T> HeartbeatRead<T>(Func<TimeSpan, T> value)
    {
        var c = Now;
        if (!c.Registered)
        {
            return VsAnswer<T>.Failed(HResults.VmUnknown);
        }

        if (StateAt(Clock.Now) != GuestState.Running)
        {
            return VsAnswer<T>.Failed(HResults.VmNotRunning);
        }

        return c.Additions ? VsAnswer<T>.Ok(value(Clock.Now)) : VsAnswer<T>.Failed(HResults.AdditionsNotAvailable);
    }

    private static bool Beating(Conditions c) =>
        c.State == GuestState.Running && c.Additions && c.Service == ServiceState.Running && c.Registered && c.HeartbeatRate > 0;

    private void ComputeTicks()
    {
        // Slots every 6 s on one grid; a guest at rate r earns r/100 of a tick per slot, and the Additions send one
        // at once when they start (or the rate rises from 0).
        var credit = 0.0;
        var wasBeating = false;
        for (var slot = -History; slot <= Trace.Length + PercentageWindow; slot += TickInterval)
        {
            var c = Trace.At(slot);
            var beating = Beating(c);
            if (!beating)
            {
                wasBeating = false;
                continue;
            }

            credit = wasBeating ? credit + (c.HeartbeatRate / 100.0) : 1.0;
            wasBeating = true;
            if (credit >= 1.0 - 1e-9)
            {
                _ticks.Add(slot);
                credit -= 1.0;
            }
        }
    }
}
