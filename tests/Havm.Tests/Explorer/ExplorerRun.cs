using Havm.Core.Configuration;
using Havm.Core.Lifecycle;
using Havm.Core.Model;
using Havm.Tests.Fakes;

namespace Havm.Tests.Explorer;

/// <summary>One explored history: where the guest starts, and the steps that follow.</summary>
public sealed record Scenario(GuestState Initial, string LastOnlineNode, bool ConfigurationPathSet, Step[] Steps)
{
    public override string ToString() =>
        "initial " + Initial + ", LastOnlineNode '" + LastOnlineNode + "', VirtualMachineConfigurationPath " + (ConfigurationPathSet ? "set" : "empty")
        + ", steps: " + string.Join(", ", Steps.Select(s => s.ToString()));
}

/// <summary>
/// Runs one <see cref="Scenario"/> against the real <see cref="GuestController"/> on the fakes, the way the cluster
/// host would call it, and checks the safety invariants after every step (README, "Safety"):
/// I1 no TurnOff or guest OS shutdown while the guest saves, turns off or merges drives;
/// I2 no Save of a stale instance and no restore of what a stale instance saved;
/// I3 Offline/Terminate return 0 only with the guest this run brought online stopped or unregistered, and a
///    Terminate that cannot stop it logs an error naming the node;
/// I4 every entry point returns within its deadline plus one wait slice (fake clock);
/// I5 no exception escapes an entry point (a failing Resource object may fail all but Terminate, as the COM host's
///    guard expects);
/// I6 LooksAlive and IsAlive log once per change, and "cannot tell" at most once per 5 minutes;
/// and no poll starts a stopped service (behaviour.md section 4, "Service Control Manager first").
/// I7 (abandoned workers) belongs to the COM host's worker and is checked by its own tests.
/// A concurrent Terminate is run inline at a chosen wait slice or guest-changing call: deterministic, no races.
/// </summary>
internal sealed class ExplorerRun
{
    private const string Node = FakeResource.DefaultNode;
    private const string OtherNode = "NODE-B";
    private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LooksAliveLimit = GuestController.LooksAliveTimeout + TimeSpan.FromMilliseconds(20);

    private readonly FakeClock _clock = new();
    private readonly FakeVirtualServer _server;
    private readonly FakeGuest _guest;
    private readonly FakeResource _store = new();
    private readonly FlakyResource _resource;
    private readonly List<string> _violations = [];
    private readonly Dictionary<string, string> _lastPollLine = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TimeSpan> _lastCannotTell = new(StringComparer.Ordinal);
    private GuestController _controller;
    private bool _online;
    private string? _identity;
    private int _terminateAt = -1;
    private int _hookEvents;
    private bool _inTerminate;
    private bool _armed;
    private bool _terminatedDuring;
    private TimeSpan _nested;
    private int _dataRuleViolationsSeen;
    private bool _threw;
    private bool _identityUnknown;
    private int _takeovers;
    private bool _onlineRan;
    private bool _shutdownAskedInOffline;
    private readonly Stack<string> _running = new();

    private ExplorerRun(Scenario scenario)
    {
        _server = new FakeVirtualServer(_clock) { ActivationStartsService = true };
        _guest = _server.AddGuest("Guest1", scenario.Initial);
        _guest.StaleSavesUnseen = true;
        _ = _server.AddGuest("Guest2", GuestState.Running);
        _store.Set(PropertyNames.VirtualMachineName, "Guest1");
        if (scenario.ConfigurationPathSet)
        {
            // Some histories start with the resource already knowing where the guest's files are.
            _store.Set(PropertyNames.VirtualMachineConfigurationPath, _guest.Configuration.ConfigurationFile);
        }
        if (scenario.LastOnlineNode.Length > 0)
        {
            _store.Set(PropertyNames.LastOnlineNode, scenario.LastOnlineNode);
            _guest.StaleInstance = scenario.LastOnlineNode == OtherNode
                && scenario.Initial is GuestState.Running or GuestState.Paused or GuestState.Saving;
        }

        _resource = new FlakyResource(_store);
        _controller = new GuestController(_server, _clock);
        _clock.OnSleep = Hook;
        _server.BeforeMutation = call =>
        {
            CheckStopRules(call);
            Hook();
        };
    }

    /// <summary>Runs the scenario; the violations found, each with the step that revealed it (empty: all held).</summary>
    public static IReadOnlyList<string> Execute(Scenario scenario) => Execute(scenario, null);

    /// <summary>As <see cref="Execute(Scenario)"/>, writing each step and the cluster log it produced to <paramref name="trace"/>.</summary>
    public static IReadOnlyList<string> Execute(Scenario scenario, Action<string>? trace) => Execute(scenario, trace, stopAtFirst: true);

    /// <summary>As <see cref="Execute(Scenario, Action{string})"/>; with <paramref name="stopAtFirst"/> false it goes on after a violation (the census).</summary>
    public static IReadOnlyList<string> Execute(Scenario scenario, Action<string>? trace, bool stopAtFirst)
    {
        var found = new List<string>();
        var run = new ExplorerRun(scenario);
        for (var i = 0; i < scenario.Steps.Length; i++)
        {
            var mark = run._store.LogCount;
            var calls = run._server.Mark();
            run.Apply(scenario.Steps[i]);
            if (trace is not null)
            {
                trace("--- step " + (i + 1) + ": " + scenario.Steps[i] + " (guest " + run._guest.State + ", service " + run._server.ServiceState + ")");
                trace("    calls: " + string.Join(" ", run._server.CallsSince(calls).Select(c => c.Name)));
                foreach (var line in run._store.LogSince(mark))
                {
                    trace("    log: " + line);
                }
            }

            run.CollectDataRuleViolations();
            found.AddRange(run._violations.Select(v => "step " + (i + 1) + " (" + scenario.Steps[i] + "): " + v));
            run._violations.Clear();
            if (stopAtFirst && found.Count > 0)
            {
                return found;
            }
        }

        return found;
    }

    private static bool IsUp(ServiceState state) => state is ServiceState.Running or ServiceState.Paused;

    private void Apply(Step step)
    {
        switch (step)
        {
            case HostOnline:
                BringOnline();
                break;
            case HostPoll poll:
                Poll(poll.LooksAlives);
                break;
            case HostOffline:
                TakeOffline();
                break;
            case HostFailure:
                Failure();
                break;
            case HostBareOpenClose when !_online:
                _ = Call("Open", () => _controller.Open(_resource), GuestController.OpenTimeout);
                _ = Call("Close", () => _controller.Close(_resource), TimeSpan.FromSeconds(2));
                break;
            case HostRecycle:
                // A recycled host process: the cluster fails the resource and terminates it from the new process.
                _controller = new GuestController(_server, _clock);
                _identity = null;
                _identityUnknown = false;
                _onlineRan = false;
                _lastPollLine.Clear();
                _lastCannotTell.Clear();
                Failure();
                break;
            case Pass pass:
                _clock.Advance(TimeSpan.FromSeconds(pass.Seconds));
                break;
            case TerminateDuring during:
                _terminateAt = during.At;
                break;
            case GuestBecomes becomes:
                // What a stale instance saves where Havm.Net cannot see it is not recognisable: not generated.
                var state = _guest.StaleInstance && becomes.State is GuestState.Saving or GuestState.Saved ? GuestState.TurnedOff : becomes.State;
                _guest.BecomesAfter(TimeSpan.FromSeconds(becomes.AfterSeconds), state);
                break;
            case CallFails fails:
                _server.Fail(fails.Call, ExplorerFaults.All[fails.Fault % ExplorerFaults.All.Count], fails.Times);
                break;
            case TaskBehaves task:
                Configure(task);
                break;
            case ServiceDoes service:
                Service(service);
                break;
            case Heartbeat heartbeat:
                _guest.AdditionsAvailable = heartbeat.Percentage >= 0;
                _guest.SetHeartbeat(Math.Max(0, heartbeat.Percentage));
                break;
            case Unregistered:
                // No instance runs here once Virtual Server has let the guest go.
                _guest.StaleInstance = false;
                _server.RemoveGuest("Guest1");
                break;
            case ResourceFails fails:
                _resource.FailNext(fails.Calls);
                break;
            case Renamed renamed:
                _store.Set(PropertyNames.VirtualMachineName, renamed.Name);
                if (renamed.Name.Trim().Length > 0 && !string.Equals(renamed.Name.Trim(), "Guest1", StringComparison.OrdinalIgnoreCase))
                {
                    // LastOnlineNode speaks of the guest the resource names: once it names another, Guest1's
                    // staleness can no longer be told from it (the explorer stops judging it).
                    _guest.StaleInstance = false;
                    _guest.StaleSavesUnseen = false;
                    _guest.ForgetStaleSavedState();
                }
                else
                {
                    // Named again: a takeover makes Guest1 stale again, and what it then saves unseen is not generated
                    // (without this, a save scheduled earlier was taken for one Havm.Net could have recognised).
                    _guest.StaleSavesUnseen = true;
                }

                break;
            case OtherNodeTookOver:
                // Each takeover by a node of its own: LastOnlineNode names a node, not a generation, so a second
                // takeover by the node it already names cannot be seen (README, "Safety", limits).
                _store.Set(PropertyNames.LastOnlineNode, OtherNode + "-" + (++_takeovers).ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (_guest.State is GuestState.Running or GuestState.Paused
                    && IsRegistered()
                    && string.Equals(TextOf(_store.Get(PropertyNames.VirtualMachineName)), "Guest1", StringComparison.OrdinalIgnoreCase))
                {
                    _guest.StaleInstance = true;
                }

                break;
            case SetProperty set:
                _store.Set(set.Name, set.Value);
                break;
            case UndoDisks undo:
                _guest.UndoDisksDiscard = undo.Discard;
                break;
        }
    }

    private void BringOnline()
    {
        if (_online)
        {
            return;
        }

        if (_guest.StaleInstance && _guest.State == GuestState.Saving && _server.ServiceState == ServiceState.Running)
        {
            // A stale instance saving its memory: let the save end while Online can watch it.
            _guest.BecomesAfterWhileWatched(TimeSpan.FromSeconds(3), GuestState.Saved);
        }

        _lastPollLine.Clear();
        var name = _store.Get(PropertyNames.VirtualMachineName);
        _ = Call("Open", () => _controller.Open(_resource), GuestController.OpenTimeout);
        _threw = false;
        if (name.Kind is PropertyValueKind.Text or PropertyValueKind.Number)
        {
            // A blank name at Online leaves the guest of the earlier run this resource's (Terminate still stops it).
            _identity = name.Text.Trim();
        }

        _onlineRan = true;
        var rc = Armed(() => Call("Online", () => _controller.Online(_resource), Timeout(NumberRules.OnlineTimeoutSeconds)));

        // An Online the Resource object failed may have stopped before it looked for the guest: which guest the
        // controller then acts on is not known from outside, so I3 is not judged until the next Online.
        _identityUnknown = _threw || (_identityUnknown && name.Kind is not (PropertyValueKind.Text or PropertyValueKind.Number));
        if (_terminatedDuring)
        {
            CheckSuperseded("Online", rc);
            _ = Call("Close", () => _controller.Close(_resource), TimeSpan.FromSeconds(2));
            return;
        }

        if (rc == Win32Error.Success)
        {
            _online = true;
            return;
        }

        Failure();
    }

    private void Poll(int looksAlives)
    {
        if (!_online)
        {
            return;
        }

        for (var i = 0; i < looksAlives; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(5));
            if (!Call("LooksAlive", () => _controller.LooksAlive(_resource), LooksAliveLimit) && !IsAlive())
            {
                return;
            }
        }

        _clock.Advance(TimeSpan.FromSeconds(5));
        _ = IsAlive();
    }

    private bool IsAlive()
    {
        if (Call("IsAlive", () => _controller.IsAlive(_resource), GuestController.IsAliveTimeout + Waiter.Slice))
        {
            return true;
        }

        Failure();
        return false;
    }

    private void TakeOffline()
    {
        if (!_online)
        {
            return;
        }

        var rc = Armed(() => Call("Offline", () => _controller.Offline(_resource), Timeout(NumberRules.OfflineTimeoutSeconds)));
        if (!_terminatedDuring)
        {
            CheckStopped("Offline", rc, _store.LogCount);
        }
        else
        {
            CheckSuperseded("Offline", rc);
        }

        _ = Call("Close", () => _controller.Close(_resource), TimeSpan.FromSeconds(2));
        _online = false;
        if (rc != Win32Error.Success && !_terminatedDuring)
        {
            Failure();
        }
    }

    private void Failure()
    {
        _ = Call("Open", () => _controller.Open(_resource), GuestController.OpenTimeout);
        var mark = _store.LogCount;
        var thrown = _resource.Thrown;
        var rc = Call("Terminate", () => _controller.Terminate(_resource), Timeout(NumberRules.TerminateTimeoutSeconds));

        // Before any Online in this process the guest is the property's: unknowable when the Resource object failed.
        if (_onlineRan || _resource.Thrown == thrown)
        {
            CheckStopped("Terminate", rc, mark);
        }
        _ = Call("Close", () => _controller.Close(_resource), TimeSpan.FromSeconds(2));
        _online = false;
    }

    /// <summary>Runs Online or Offline with the armed concurrent Terminate (if any).</summary>
    private int Armed(Func<int> entryPoint)
    {
        _terminatedDuring = false;
        _hookEvents = 0;
        _armed = _terminateAt >= 0;
        try
        {
            return entryPoint();
        }
        finally
        {
            _armed = false;
            _terminateAt = -1;
        }
    }

    /// <summary>
    /// I3, superseded: an Online or Offline that a Terminate overtook stops with 995 (behaviour.md section 5,
    /// Termination epoch), never with its own success or deadline code.
    /// </summary>
    private void CheckSuperseded(string entryPoint, int rc)
    {
        if (rc != Win32Error.OperationAborted)
        {
            _violations.Add("I3: " + entryPoint + " returned " + rc + " after a Terminate overtook it (995 expected)");
        }
    }

    /// <summary>A wait slice or a guest-changing call of the armed entry point: the chosen one runs Terminate inline.</summary>
    private void Hook()
    {
        if (!_armed || _inTerminate || ++_hookEvents != _terminateAt)
        {
            return;
        }

        _inTerminate = true;
        var start = _clock.Now;
        try
        {
            Failure();
            _terminatedDuring = true;
        }
        finally
        {
            _inTerminate = false;
            _nested += _clock.Now - start;
        }
    }

    /// <summary>
    /// The stop rules a mutation must follow: Terminate never asks for a guest OS shutdown; Offline turns a guest off
    /// only when OfflineAction is 0, the guest cannot be saved (undo disks), the instance is stale, or (OfflineAction
    /// 2) its shutdown ran out of time. Checked before the call, in the entry point that makes it.
    /// </summary>
    private void CheckStopRules(VsCall call)
    {
        var entryPoint = _running.Count > 0 ? _running.Peek() : "?";
        if (entryPoint == "Terminate" && call == VsCall.ShutdownGuestOs)
        {
            _violations.Add("I1: Terminate asked for a guest OS shutdown (it saves or turns off, never waits on the guest OS)");
        }

        if (entryPoint == "Offline" && call == VsCall.ShutdownGuestOs)
        {
            _shutdownAskedInOffline = true;
        }

        if (entryPoint == "Offline" && call == VsCall.TurnOff)
        {
            var action = _store.Get(PropertyNames.OfflineAction);
            var offlineAction = action.Kind == PropertyValueKind.Number && action.Number is 0 or 1 or 2 ? (int)action.Number : 1;
            var lastOnlineNode = TextOf(_store.Get(PropertyNames.LastOnlineNode));
            var stale = _guest.StaleInstance || (lastOnlineNode.Length > 0 && lastOnlineNode != Node);
            var shutdown = _guest.LastTask(VsCall.ShutdownGuestOs);
            // A shutdown whose failure Havm.Net read is a refusal (save); one it could not read ran out of time.
            var shutdownRanOut = _shutdownAskedInOffline && !(shutdown is { IsComplete: true, ResultSeen: true } && shutdown.Result != TaskResult.Success);
            var allowed = offlineAction == 0 || _guest.UndoDisksDiscard || stale || (offlineAction == 2 && shutdownRanOut);
            if (!allowed)
            {
                _violations.Add("I1: Offline turned the guest off with OfflineAction=" + offlineAction + " although saving it was not shown impossible");
            }
        }
    }

    private T Call<T>(string entryPoint, Func<T> call, TimeSpan limit)
    {
        _running.Push(entryPoint);
        if (entryPoint == "Offline")
        {
            _shutdownAskedInOffline = false;
        }

        try
        {
            return CallChecked(entryPoint, call, limit);
        }
        finally
        {
            _ = _running.Pop();
        }
    }

    private T CallChecked<T>(string entryPoint, Func<T> call, TimeSpan limit)
    {
        var start = _clock.Now;
        var nested = _nested;
        var mark = _store.LogCount;
        var activations = _server.ServiceStartsByActivation;
        var thrown = _resource.Thrown;
        T result = default!;
        try
        {
            result = call();
        }
        catch (ResourceFailure) when (entryPoint != "Terminate")
        {
            // The COM host's guard returns the entry point's failure value (1627, or false for a poll).
            _threw = true;
            result = typeof(T) == typeof(bool) ? (T)(object)false : (T)(object)Win32Error.FunctionFailed;
        }
#pragma warning disable CA1031 // an exception out of an entry point is exactly what I5 looks for
        catch (Exception e)
#pragma warning restore CA1031
        {
            _violations.Add("I5: " + entryPoint + " threw " + e.GetType().Name + ": " + e.Message);
        }

        var took = _clock.Now - start - (_nested - nested);
        var allowed = entryPoint == "LooksAlive" ? limit : limit + Waiter.Slice + Tolerance;
        if (took > allowed)
        {
            _violations.Add("I4: " + entryPoint + " took " + took.TotalSeconds + " s, more than " + allowed.TotalSeconds + " s");
        }

        if (entryPoint != "Open" && _server.ServiceStartsByActivation > activations)
        {
            _violations.Add("SCM first: " + entryPoint + " started the stopped Virtual Server service by connecting to it");
        }

        if (entryPoint is "LooksAlive" or "IsAlive" && _resource.Thrown != thrown)
        {
            // Lines the failing Resource object dropped leave no trace to compare with: start afresh.
            _lastPollLine.Remove(entryPoint);
        }
        else if (entryPoint is "LooksAlive" or "IsAlive")
        {
            CheckPollLog(entryPoint, mark);
        }

        return result;
    }

    /// <summary>I3: a stop that returns 0 left the guest stopped; a Terminate that could not stop it said so.</summary>
    private void CheckStopped(string entryPoint, int rc, int mark)
    {
        // After an Online, the guest it looked for (none when its name was blank); before any, the property's.
        var name = _onlineRan ? _identity ?? string.Empty : TextOf(_store.Get(PropertyNames.VirtualMachineName));
        if (_identityUnknown || name.Length == 0 || !string.Equals(name, "Guest1", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var state = _guest.State;
        var stopped = !IsUp(_server.ServiceState) && _server.ServiceState != ServiceState.StopPending
            || !IsRegistered()
            || state is GuestState.Saved or GuestState.TurnedOff;
        if (rc == Win32Error.Success && !stopped)
        {
            _violations.Add("I3: " + entryPoint + " returned 0 while guest Guest1 is " + state + " (service " + _server.ServiceState + ")");
        }

        if (entryPoint == "Terminate" && rc != Win32Error.Success && !stopped
            && !_store.LogSince(mark).Any(l => l.Contains("ERROR", StringComparison.Ordinal) && l.Contains(Node, StringComparison.Ordinal)))
        {
            _violations.Add("I3: Terminate returned " + rc + " with guest Guest1 " + state + " and logged no error naming node " + Node);
        }
    }

    /// <summary>I6: no poll line repeated without a change; "cannot tell" at most once per 5 minutes.</summary>
    private void CheckPollLog(string entryPoint, int mark)
    {
        foreach (var line in _store.LogSince(mark).Where(l => l.StartsWith(entryPoint + ":", StringComparison.Ordinal)))
        {
            if (line.Contains("cannot tell", StringComparison.Ordinal) && !line.Contains("reporting failure", StringComparison.Ordinal))
            {
                if (_lastCannotTell.TryGetValue(entryPoint, out var last) && _clock.Now - last < TimeSpan.FromMinutes(5))
                {
                    _violations.Add("I6: " + entryPoint + " logged 'cannot tell' again after " + (_clock.Now - last).TotalSeconds + " s: " + line);
                }

                _lastCannotTell[entryPoint] = _clock.Now;
                continue;
            }

            if (_lastPollLine.TryGetValue(entryPoint, out var previous) && previous == line)
            {
                _violations.Add("I6: " + entryPoint + " logged the same line again without a change: " + line);
            }

            _lastPollLine[entryPoint] = line;
        }
    }

    private void CollectDataRuleViolations()
    {
        var recorded = _server.Violations;
        _violations.AddRange(recorded.Skip(_dataRuleViolationsSeen));
        _dataRuleViolationsSeen = recorded.Count;
    }

    private bool IsRegistered() => _server.IsRegistered("Guest1");

    private static string TextOf(PropertyValue value) => value.Kind is PropertyValueKind.Text or PropertyValueKind.Number ? value.Text.Trim() : string.Empty;

    private TimeSpan Timeout(NumberRule rule)
    {
        var value = _store.Get(rule.Name);
        return TimeSpan.FromSeconds(value.Kind == PropertyValueKind.Number ? value.Number : rule.Default);
    }

    private void Configure(TaskBehaves task)
    {
        var script = task.Method switch
        {
            VsCall.Startup => _guest.OnStartup,
            VsCall.Save => _guest.OnSave,
            VsCall.TurnOff => _guest.OnTurnOff,
            VsCall.Resume => _guest.OnResume,
            _ => _guest.OnShutdown,
        };
        script.Reset();
        var seconds = TimeSpan.FromSeconds(Math.Max(1, task.Seconds));
        switch (task.Kind)
        {
            case TaskKind.Hangs:
                _ = script.NeverCompletes();
                break;
            case TaskKind.Slow:
                script.CompletesAfterWaits = null;
                script.CompletesAfter = seconds;
                break;
            case TaskKind.Fails:
                _ = script.EndsWith(TaskResult.UnexpectedError);
                break;
            case TaskKind.StateLags:
                script.StateLag = seconds;
                break;
            case TaskKind.Lies:
                script.StateOnSuccess = task.Method switch
                {
                    VsCall.Startup => GuestState.TurnedOff,
                    VsCall.Resume => GuestState.Paused,
                    _ => GuestState.Running,
                };
                break;
            case TaskKind.Cancelable:
                script.IsCancelable = true;
                script.CompletesAfterWaits = null;
                script.CompletesAfter = seconds;
                break;
        }
    }

    private void Service(ServiceDoes service)
    {
        var stale = _guest.StaleInstance;
        switch (service.Event)
        {
            case ServiceEvent.Restart:
                // Virtual Server saved its guests on the way down (a stale one is turned off: see GuestBecomes).
                if (_guest.State is GuestState.Running or GuestState.Paused)
                {
                    _guest.State = stale ? GuestState.TurnedOff : GuestState.Saved;
                }

                _server.RestartService();
                break;
            case ServiceEvent.Shutdown:
                if (_guest.State is GuestState.Running or GuestState.Paused || (stale && _guest.State == GuestState.Saving))
                {
                    _guest.State = stale ? GuestState.TurningOff : GuestState.Saving;
                    _guest.BecomesAfter(TimeSpan.FromSeconds(Math.Max(1, service.Seconds)), stale ? GuestState.TurnedOff : GuestState.Saved);
                }

                _server.ServiceState = ServiceState.StopPending;
                _server.ServiceBecomesAfter(TimeSpan.FromSeconds(Math.Max(1, service.Seconds) + 1), ServiceState.Stopped);
                break;
            case ServiceEvent.Stop:
                if (_guest.State is not (GuestState.Saved or GuestState.TurnedOff))
                {
                    _guest.State = GuestState.TurnedOff;
                }

                _server.ServiceState = ServiceState.Stopped;
                break;
            default:
                _server.ServiceState = ServiceState.Running;
                break;
        }
    }
}
