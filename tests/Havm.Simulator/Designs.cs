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
        var heartbeat = _cadence == DesignCadence.IsAliveOnly || Observe();
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
            _armed = false;
            _lowSince = null;
            _unavailableSince = null;
            return true;
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
                ? !world.IsHeartbeating(now)
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
}
