using Havm.Core.Model;

namespace Havm.Simulator;

/// <summary>When an unshipped design reads the heartbeat.</summary>
internal enum DesignCadence
{
    /// <summary>At every LooksAlive (5 s) and IsAlive.</summary>
    EveryPoll,
    /// <summary>At IsAlive only (60 s, or at once after a LooksAlive false).</summary>
    IsAliveOnly,
    /// <summary>Virtual Server's OnHeartbeatStopped event (120 s without a tick), reported at the next poll.</summary>
    HeartbeatStoppedEvent,
    /// <summary>
    /// At IsAlive only, as shipped, but "Additions not available" is a death once it was read for more than 10 of
    /// the last 15 minutes, not 10 minutes in a row (a crash loop whose Additions answer for a minute between
    /// crashes never makes 10 minutes in a row).
    /// </summary>
    AdditionsShareOfQuarterHour,
}

/// <summary>
/// A design the contract does not allow yet, measured only here: the real GuestController with the heartbeat
/// turned off (UseAdditionsIsAlive=0, so the state, "cannot tell" and service rules are exactly the shipped ones),
/// and beside it a heartbeat rule of the design's own. Shared rules with the shipped policy: armed once a heartbeat
/// was seen; re-armed after the guest left Running (pause, restore); "Additions not available" is neutral for
/// 10 minutes in a row, then counts as low. Dead when readings at or below the threshold have lasted the window.
/// </summary>
internal sealed class DesignMonitor : IMonitor
{
    /// <summary>The shipped grace for "Additions not available" (behaviour.md, IsAlive).</summary>
    private static readonly TimeSpan AdditionsUnavailableGrace = TimeSpan.FromMinutes(10);

    private readonly CoreMonitor _core;
    private readonly ReplayContext _context;
    private readonly DesignCadence _cadence;
    private readonly int _threshold;
    private readonly TimeSpan _window;
    private bool _armed;
    private TimeSpan? _lowSince;
    private TimeSpan? _unavailableSince;
    private readonly Queue<(TimeSpan At, bool Unavailable)> _quarterHour = new();

    public DesignMonitor(ReplayContext context, DesignCadence cadence, int threshold, TimeSpan window)
    {
        _context = context;
        _cadence = cadence;
        _threshold = threshold;
        _window = window;
        _core = new CoreMonitor(context, new Dictionary<string, int>
        {
            ["UseAdditionsIsAlive"] = 0,
            ["AdditionsIsAliveFailureRecoveryAction"] = 1,
        });
    }

    public IReadOnlyList<string> Log => _core.Log;

    public int Online() => _core.Online();

    public bool LooksAlive()
    {
        var alive = _core.LooksAlive();
        var heartbeat = _cadence is DesignCadence.IsAliveOnly or DesignCadence.AdditionsShareOfQuarterHour || Observe();
        return alive && heartbeat;
    }

    public bool IsAlive()
    {
        var alive = _core.IsAlive();
        return Observe() && alive;
    }

    public string Terminate() => _core.Terminate();

    private bool Observe()
    {
        var world = _context.World;
        var now = _context.Clock.Now;
        var c = world.Now;
        if (c.Vs != VsBehaviour.Ok || c.Service != ServiceState.Running || !c.Registered)
        {
            // No reading: the shipped "cannot tell" and state rules decide.
            return true;
        }

        if (world.StateAt(now) != GuestState.Running)
        {
            _quarterHour.Clear();
            _armed = false;
            _lowSince = null;
            _unavailableSince = null;
            return true;
        }

        if (_cadence == DesignCadence.AdditionsShareOfQuarterHour && _armed)
        {
            _quarterHour.Enqueue((now, !c.Additions));
            while (_quarterHour.Peek().At <= now - TimeSpan.FromMinutes(15))
            {
                _quarterHour.Dequeue();
            }

            var gone = TimeSpan.FromTicks(_quarterHour.Count(r => r.Unavailable) * Replay.IsAliveInterval.Ticks);
            if (!c.Additions)
            {
                return gone <= AdditionsUnavailableGrace;
            }
        }

        bool low;
        if (!c.Additions)
        {
            _unavailableSince ??= now;
            low = now - _unavailableSince.Value > AdditionsUnavailableGrace;
        }
        else
        {
            _unavailableSince = null;
            low = _cadence == DesignCadence.HeartbeatStoppedEvent
                ? EventWhileAdditionsAnswered(world, now)
                : world.Percentage(now) <= _threshold;
            if (!low)
            {
                _armed = true;
            }
        }

        if (!_armed || !low)
        {
            _lowSince = null;
            return true;
        }

        if (_cadence == DesignCadence.HeartbeatStoppedEvent)
        {
            // The event itself is the verdict: Virtual Server waited its 120 s.
            return false;
        }

        _lowSince ??= now;
        return now - _lowSince.Value < _window;
    }

    /// <summary>
    /// Virtual Server fires OnHeartbeatStopped once, 120 s after the last tick. It is a death when the Additions
    /// answered from then until now; one that fired while they were gone (a reboot) is left to the 10-minute grace.
    /// </summary>
    private static bool EventWhileAdditionsAnswered(GuestWorld world, TimeSpan now)
    {
        if (world.LastTick(now) is not { } last || now - last < GuestWorld.StoppedAfter)
        {
            return false;
        }

        var fired = last + GuestWorld.StoppedAfter;
        if (!world.Trace.At(fired).Additions)
        {
            return false;
        }

        var gone = world.Trace.NextWhen(fired, c => !c.Additions);
        return gone is null || gone > now;
    }
}
