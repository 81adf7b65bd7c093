using Havm.Core.Configuration;
using Havm.Core.Model;
using Havm.Core.Ports;

namespace Havm.Core.Lifecycle;

public sealed partial class GuestController
{
    /// <summary>How long a stop task's result may run ahead of the guest's state before the state is believed.</summary>
    private static readonly TimeSpan StateLag = TimeSpan.FromSeconds(5);

    /// <summary>Which entry point stops the guest.</summary>
    /// <summary>
    /// One Offline or Terminate: leaves the guest not running. The disk rule holds on every path: a guest that is
    /// saving, turning off or merging drives is waited for and never turned off; success is only ever returned after
    /// the guest was read Saved, Turned off or not registered, or the service was read stopped.
    /// </summary>
    private sealed class StopRun
    {
        private const int MaxRounds = 8;

        private readonly GuestController _owner;
        private readonly IClusterResource _resource;
        private readonly ResourceSettings _settings;
        private readonly Deadline _deadline;
        private readonly long? _epoch;
        private readonly StopReason _reason;
        private readonly string _name;
        private readonly TimeSpan _timeout;
        private GuestTarget? _target;
        private ChangeGuard? _guard;
        private bool _sawStart;
        private bool _saveImpossible;

        public StopRun(GuestController owner, IClusterResource resource, ResourceSettings settings, string name, Deadline deadline, long? epoch, StopReason reason)
        {
            _owner = owner;
            _resource = resource;
            _settings = settings;
            _deadline = deadline;
            _epoch = epoch;
            _reason = reason;
            _name = name;
            _timeout = reason == StopReason.Offline ? settings.OfflineTimeout : settings.TerminateTimeout;
        }

        private string TimeoutProperty => _reason == StopReason.Offline ? PropertyNames.OfflineTimeoutSeconds : PropertyNames.TerminateTimeoutSeconds;

        private bool IsTerminate => _reason == StopReason.Terminate;

        private GuestTarget Target => _target!;

        public int Run()
        {
            var seen = _owner._probe.LookFresh(_name, _deadline);
            while (seen.Presence == Presence.CannotTell && !seen.TimedOut && !_deadline.HasPassed)
            {
                // A flaky Virtual Server is asked again within the deadline: a stop must not give up at one failed look.
                if (Superseded())
                {
                    return Aborted();
                }

                _owner._clock.Sleep(_deadline.NextSlice(Waiter.Slice));
                seen = _owner._probe.LookFresh(_name, _deadline);
            }

            if (Superseded())
            {
                // A Terminate during the last pause between looks: what this look saw is the Terminate's to act on.
                return Aborted();
            }

            switch (seen.Presence)
            {
                case Presence.NotRegistered:
                    Log(seen.Reason + " on node " + _resource.NodeName + ": it is not running here");
                    return Win32Error.Success;
                case Presence.ServiceStopped when seen.Service == ServiceState.StopPending:
                    return AwaitServiceStop(GuestState.Invalid, out _) ?? Win32Error.FunctionFailed;
                case Presence.ServiceStopped:
                    Log(seen.Reason + ": guest '" + _name + "' is not running here");
                    return Win32Error.Success;
                case Presence.CannotTell:
                    Log("ERROR: cannot reach Virtual Server (" + seen.Reason + "): guest '" + _name + "' may still be running on node "
                        + _resource.NodeName + ". Check it in the Virtual Server console before it runs anywhere else");
                    return seen.TimedOut ? Win32Error.Timeout : Win32Error.FunctionFailed;
            }

            _target = new GuestTarget(_name, seen.Guest!);
            return Stop(seen.State);
        }

        private int Stop(GuestState state)
        {
            for (var round = 0; round < MaxRounds; round++)
            {
                if (Superseded())
                {
                    return Aborted();
                }

                var decision = StopPolicy.Decide(Facts(state, saveImpossible: false));
                int? done;
                switch (decision.Step)
                {
                    case StopStep.Stopped:
                        Log("guest '" + _name + "' is " + Describe.State(state));
                        return Win32Error.Success;
                    case StopStep.WaitForDefiniteState:
                        done = WaitForDefiniteState(ref state);
                        break;
                    case StopStep.WaitForStaleSave:
                        // A stale instance saving its memory: never cut off, and what it saves is never restored.
                        _owner.RememberStaleSave(_resource, _name);
                        done = WaitForStop(ref state);
                        break;
                    case StopStep.WaitForStop:
                        done = WaitForStop(ref state);
                        break;
                    case StopStep.CancelStart:
                    case StopStep.WaitForStart:
                        // Reading the disk's current files: this instance is never stale (behaviour.md section 4, step 2).
                        _sawStart = true;
                        done = decision.Step == StopStep.CancelStart ? CancelStart(ref state) : WaitForStart(ref state);
                        break;
                    default:
                        done = Act(ref state);
                        break;
                }

                if (done.HasValue)
                {
                    return done.Value;
                }
            }

            Log((IsTerminate ? "ERROR: " : string.Empty) + "guest '" + _name + "' kept changing state (now " + Describe.State(state)
                + "): giving up; it may still be running on node " + _resource.NodeName);
            return Win32Error.FunctionFailed;
        }

        /// <summary>Whether this instance is stale: Online found it so, or LastOnlineNode names a later owner.</summary>
        private bool IsStale() =>
            !_sawStart && (_owner._memory.StaleAtOnline || _owner._memory.NamesLaterOwner(_settings.LastOnlineNode, _resource.NodeName));

        /// <summary>What this stop knows now, for <see cref="StopPolicy"/>.</summary>
        private StopFacts Facts(GuestState state, bool saveImpossible)
        {
            var memory = _owner._memory;
            return new StopFacts(
                _reason, state, IsStale(), _settings.LastOnlineNodeKnown, _sawStart, memory.FoundRunningAtOnline, memory.HeartbeatFailed,
                _settings.SaveAfterHeartbeatFailure, _settings.OfflineAction, saveImpossible);
        }

        /// <summary>The log line that says why a running guest is stopped the way <paramref name="decision"/> says (none for the plain ways).</summary>
        private void Explain(StopDecision decision)
        {
            switch (decision.Why)
            {
                case StopWhy.LastOnlineNodeUnreadable:
                    Log("LastOnlineNode cannot be read, so this instance of guest '" + _name + "' may be stale: turning it off, never saving it");
                    break;
                case StopWhy.Stale:
                    Log("guest '" + _name + "' is a stale instance (LastOnlineNode names node " + _settings.LastOnlineNode.Trim()
                        + ", which brought it online after this one): turning it off, never saving it");
                    break;
                case StopWhy.HeartbeatFailure:
                    // Spell the value the administrator set (any value other than 0 turns off), never a value nobody set.
                    var raw = _resource.ReadProperty(PropertyNames.AdditionsIsAliveFailureRecoveryAction);
                    var value = raw.Kind == PropertyValueKind.Number && raw.Number != 0 ? "=" + raw.Text : " other than 0";
                    Log("guest '" + _name + "' failed its heartbeat and " + PropertyNames.AdditionsIsAliveFailureRecoveryAction + value + " (turn off): turning it off");
                    break;
                case StopWhy.SaveImpossible:
                    // Undo disks set to discard: Virtual Server refuses to save. Terminate turns off at once.
                    Log("guest '" + _name + "' cannot be saved (its undo disks are set to discard): "
                        + (IsTerminate ? "turning it off" : "shutting it down instead (turned off if the Additions cannot)"));
                    break;
            }
        }

        /// <summary>Saving, turning off or merging drives: wait for it to finish, whoever started it; never cut it off.</summary>
        private int? WaitForStop(ref GuestState state)
        {
            Log("guest '" + _name + "' is " + Describe.State(state) + ": waiting for it to finish (it is never turned off while it writes its files)");
            var waited = _owner._wait.ForState(Target, s => !IsStopping(s), _deadline, _epoch, ref state);
            var last = state;
            return AfterWait(waited, ref state, () => DeadlineWhileStopping(last));
        }

        private int? WaitForDefiniteState(ref GuestState state)
        {
            Log("guest '" + _name + "' reads " + Describe.State(state) + ": waiting for a state that says whether it runs");
            var waited = _owner._wait.ForState(Target, s => s is not (GuestState.Invalid or GuestState.DeleteMachine), _deadline, _epoch, ref state);
            var last = state;
            return AfterWait(waited, ref state, () => DeadlinePassed(last));
        }

        private int? WaitForStart(ref GuestState state)
        {
            Log("guest '" + _name + "' is " + Describe.State(state) + ": waiting for it to run before stopping it");
            var waited = _owner._wait.ForState(Target, s => s is not (GuestState.TurningOn or GuestState.Restoring), _deadline, _epoch, ref state);
            var last = state;
            return AfterWait(waited, ref state, () => DeadlinePassed(last));
        }

        /// <summary>What a wait's end means for a stop; null: look at the guest again (in <paramref name="state"/>).</summary>
        private int? AfterWait(WaitEnd end, ref GuestState state, Func<int> atDeadline)
        {
            switch (end)
            {
                case WaitEnd.Done:
                case WaitEnd.TaskLost:
                    return null;
                case WaitEnd.Superseded:
                    return Aborted();
                case WaitEnd.NotRegistered:
                    Log("guest '" + _name + "' is no longer registered in Virtual Server on node " + _resource.NodeName + ": it is not running here");
                    return Win32Error.Success;
                case WaitEnd.ServiceStopped:
                    return ServiceGone(state);
                case WaitEnd.ServiceStopping:
                    return AwaitServiceStop(state, out state);
                default:
                    return atDeadline();
            }
        }

        /// <summary>
        /// The service is stopping (node shutdown: Virtual Server saves or turns off its guests itself): wait for it to
        /// stop. Null with <paramref name="next"/> set when it runs again and the guest is there to look at.
        /// </summary>
        private int? AwaitServiceStop(GuestState lastSeen, out GuestState next)
        {
            next = lastSeen;
            Log("the Virtual Server service on node " + _resource.NodeName + " is stopping (node shutdown?): it saves or turns off guest '" + _name
                + "' itself; waiting for it to stop");
            var service = _owner._wait.ForServiceStop(_owner._virtualServer, _deadline, _epoch, out var superseded);
            if (superseded)
            {
                return Aborted();
            }

            switch (service)
            {
                case ServiceState.Stopped:
                case ServiceState.NotInstalled:
                    return ServiceGone(lastSeen);
                case ServiceState.Running:
                    var seen = _owner._probe.LookFresh(_name, _deadline);
                    if (seen.Presence == Presence.Found)
                    {
                        _target ??= new GuestTarget(_name, seen.Guest!);
                        Target.Guest = seen.Guest!;
                        next = seen.State;
                        return null;
                    }

                    if (seen.Presence == Presence.CannotTell)
                    {
                        Log((IsTerminate ? "ERROR: " : string.Empty) + "the Virtual Server service on node " + _resource.NodeName + " runs again, but guest '" + _name
                            + "' cannot be read (" + seen.Reason + "): it may still be running on node " + _resource.NodeName);
                        return seen.TimedOut ? Win32Error.Timeout : Win32Error.FunctionFailed;
                    }

                    Log(seen.Reason + ": guest '" + _name + "' is not running here");
                    return Win32Error.Success;
                default:
                    Log((IsTerminate ? "ERROR: " : string.Empty) + "the Virtual Server service on node " + _resource.NodeName + " is still stopping at "
                        + TimeoutProperty + "=" + Describe.WholeSeconds(_timeout) + ": it may still be writing guest '" + _name + "''s saved state");
                    return Win32Error.Timeout;
            }
        }

        /// <summary>The service stopped: no guest runs; a save or merge it cut off has an unknown outcome.</summary>
        private int ServiceGone(GuestState lastSeen)
        {
            if (lastSeen is GuestState.Saving or GuestState.MergingDrives)
            {
                Log("ERROR: the Virtual Server service on node " + _resource.NodeName + " stopped while guest '" + _name + "' was "
                    + Describe.State(lastSeen) + ": its outcome is unknown. Check the guest's files in the Virtual Server console before it starts anywhere");
                return Win32Error.FunctionFailed;
            }

            Log("the Virtual Server service on node " + _resource.NodeName + " is stopped: guest '" + _name + "' is not running here");
            return Win32Error.Success;
        }

        /// <summary>Terminate during a start or restore: cancel it when it can be (the guest goes back to saved, nothing lost), else wait, then save.</summary>
        private int? CancelStart(ref GuestState state)
        {
            var task = _owner._memory.PendingStart;
            var status = task?.ReadStatus(_deadline);
            if (task is not null && status is { IsOk: true } && status.Value.Value.IsCancelable && !status.Value.Value.IsComplete)
            {
                Log("guest '" + _name + "' is " + Describe.State(state) + ": cancelling the start (a restore goes back to its saved state)");
                var cancelled = task.Cancel(_deadline);
                if (cancelled.IsOk)
                {
                    _owner._memory.PendingStart = null;
                    var back = _owner._wait.ForState(Target, s => s is not (GuestState.TurningOn or GuestState.Restoring), _deadline, _epoch, ref state);
                    var last = state;
                    return AfterWait(back, ref state, () => DeadlinePassed(last));
                }

                Log("cancelling the start of guest '" + _name + "' failed: " + cancelled);
            }

            return WaitForStart(ref state);
        }

        private int? Act(ref GuestState state)
        {
            // Read only when there is something to stop, and then read the state again: the answer may have been slow.
            var configuration = Target.Guest.ReadConfiguration(_deadline);
            _saveImpossible = configuration.IsOk && configuration.Value.UndoDisksDiscard;
            // Every guest-changing call acts on a fresh state: a failed read is retried (a save under way cannot be
            // ruled out without one), never answered with the older state.
            var fresh = state;
            var read = _owner._wait.ForState(Target, _ => true, _deadline, _epoch, ref fresh);
            if (read != WaitEnd.Done)
            {
                state = fresh;
                var last = state;
                return AfterWait(read, ref state, () => DeadlinePassed(last));
            }

            if (fresh != state)
            {
                state = fresh;
                return null;
            }

            var decision = StopPolicy.Decide(Facts(state, _saveImpossible));
            Explain(decision);
            switch (decision.Step)
            {
                case StopStep.Save:
                    return Save(ref state);
                case StopStep.ShutDown:
                    return ShutDown(ref state);
                case StopStep.TurnOff:
                    return TurnOff(ref state);
                default:
                    return null; // not running or paused after all: look again
            }
        }

        private int? Save(ref GuestState state)
        {
            if (Superseded())
            {
                return Aborted();
            }

            Log("saving guest '" + _name + "'");
            var save = Target.Guest.Save(_deadline, Guard);
            if (!save.IsOk)
            {
                if (save.FailedWith(HResults.AppShuttingDown))
                {
                    // Virtual Server itself is saving it on the way down: wait for that save.
                    Log("Virtual Server is shutting down and saves guest '" + _name + "' itself: waiting for it");
                    state = GuestState.Saving;
                    var waited = _owner._wait.ForState(Target, s => IsStopped(s), _deadline, _epoch, ref state);
                    return AfterWait(waited, ref state, () => DeadlineWhileStopping(GuestState.Saving));
                }

                return Refused("Save()", save, ref state);
            }

            // A save was started: from here on, a service that dies leaves its outcome unknown.
            state = GuestState.Saving;
            var end = _owner._wait.ForTask(save.Value, _deadline, _epoch, out var status);
            switch (end)
            {
                case WaitEnd.Superseded:
                    return Aborted();
                case WaitEnd.DeadlinePassed:
                    return DeadlineWhileStopping(GuestState.Saving);
            }

            return Settle("Save()", status, StopStep.Save, ref state);
        }

        /// <summary>
        /// A Save or shutdown refused. A refusal that may hide a stop under way, or VM_E_VM_NOT_RUNNING, means: look
        /// again. Otherwise Offline fails with the code and leaves the guest running (the host's Terminate retries);
        /// Terminate turns it off.
        /// </summary>
        private int? Refused<T>(string call, VsAnswer<T> answer, ref GuestState state)
        {
            if (answer.FailedWith(HResults.OperationAborted))
            {
                return Aborted();
            }

            var now = Target.Guest.ReadState(_deadline);
            if (now.IsOk)
            {
                state = now.Value;
                if (state is not (GuestState.Running or GuestState.Paused))
                {
                    return null;
                }

                // VM_E_VM_NOT_RUNNING from a guest that reads running: the state may lag the refusal (StateLag). A state
                // that moves on is looked at again; one that still reads running makes it a refusal like any other.
                if (answer.FailedWith(HResults.VmNotRunning) && !StillRunningAfterLag(ref state, out var moved))
                {
                    return moved;
                }
            }

            if (!IsTerminate)
            {
                Log(call + " of guest '" + _name + "' was refused (" + answer + "), which does not prove it cannot be saved: it is left running on node "
                    + _resource.NodeName + " and Offline fails; the cluster's Terminate tries again");
                return Outcomes.ForFailure(answer);
            }

            Log(call + " of guest '" + _name + "' was refused (" + answer + "): turning it off (Terminate must leave it stopped)");
            return TurnOff(ref state);
        }

        /// <summary>
        /// Gives a guest that reads running <see cref="StateLag"/> to show a change Virtual Server reported: true when it
        /// still reads running with time left; false with <paramref name="outcome"/> otherwise (null: look again, or
        /// the wait's end, the deadline's code included).
        /// </summary>
        private bool StillRunningAfterLag(ref GuestState state, out int? outcome)
        {
            var settle = _deadline.Remaining > StateLag ? Deadline.After(_owner._clock, StateLag) : _deadline;
            var waited = _owner._wait.ForState(Target, s => s is not (GuestState.Running or GuestState.Paused), settle, _epoch, ref state);
            if (waited != WaitEnd.DeadlinePassed)
            {
                var last = state;
                outcome = AfterWait(waited, ref state, () => DeadlinePassed(last));
                return false;
            }

            outcome = _deadline.HasPassed ? DeadlinePassed(state) : null;
            return !_deadline.HasPassed;
        }

        /// <summary>
        /// After a stop task ended (or was lost): the guest's state decides, never the task's word alone. A state that
        /// still reads running after <see cref="StateLag"/> means the stop did not take.
        /// </summary>
        private int? Settle(string call, VsTaskStatus? status, StopStep method, ref GuestState state)
        {
            if (!StillRunningAfterLag(ref state, out var moved))
            {
                return moved;
            }

            var task = status is null ? "its task's result could not be read" : "its task ended with " + status;
            var error = IsTerminate && method != StopStep.Save ? "ERROR: " : string.Empty;
            Log(error + call + " of guest '" + _name + "' did not stop it: " + task + ", and the guest still reads " + Describe.State(state)
                + " on node " + _resource.NodeName);
            if (method == StopStep.Save && IsTerminate)
            {
                return TurnOff(ref state);
            }

            if (method == StopStep.Save)
            {
                Log("guest '" + _name + "' is left running on node " + _resource.NodeName + " and Offline fails; the cluster's Terminate tries again");
            }

            return Failure(status);
        }

        /// <summary>OfflineAction 2: the guest OS shuts down within the deadline less 30 s, else it is turned off (never saved half shut down).</summary>
        private int? ShutDown(ref GuestState state)
        {
            if (Superseded())
            {
                return Aborted();
            }

            Log("shutting down the operating system of guest '" + _name + "'");
            var shutdown = Target.Guest.ShutdownGuestOs(_deadline, Guard);
            if (shutdown.FailedWith(HResults.OperationAborted))
            {
                return Aborted();
            }

            if (!shutdown.IsOk)
            {
                if (_saveImpossible)
                {
                    Log("the guest OS shutdown of '" + _name + "' is not possible (" + shutdown + ") and it cannot be saved: turning it off");
                    return TurnOff(ref state);
                }

                // Never a turn-off: a refused shutdown falls back to a save.
                Log("the guest OS shutdown of '" + _name + "' is not possible (" + shutdown + "): saving it instead");
                return Save(ref state);
            }

            // The contract's "deadline less 30 s"; a deadline of 30 s or less keeps half of what is left for the turn-off.
            var reserve = _deadline.Remaining > ShutdownReserve ? ShutdownReserve : TimeSpan.FromTicks(_deadline.Remaining.Ticks / 2);
            var limit = _deadline.Less(reserve);

            // The task's result first: a shutdown the guest OS refused (the task fails) falls back to a save.
            var task = _owner._wait.ForTask(shutdown.Value, limit, _epoch, out var status);
            if (task == WaitEnd.Superseded)
            {
                return Aborted();
            }

            if (task == WaitEnd.Done && status is not null && (status.Result != TaskResult.Success || status.Error.IsFailure))
            {
                var now = Target.Guest.ReadState(_deadline);
                if (now.IsOk && now.Value is GuestState.Running or GuestState.Paused)
                {
                    state = now.Value;
                    Log("the guest OS shutdown of '" + _name + "' failed (" + status + ")" + (_saveImpossible ? " and it cannot be saved: turning it off" : ": saving it instead"));
                    return _saveImpossible ? TurnOff(ref state) : Save(ref state);
                }
            }

            var waited = _owner._wait.ForState(Target, s => s is not (GuestState.Running or GuestState.Paused), limit, _epoch, ref state);
            if (waited != WaitEnd.DeadlinePassed)
            {
                var last = state;
                return AfterWait(waited, ref state, () => DeadlinePassed(last));
            }

            // The task's word, if it can be had now: a shutdown that failed is a refusal (save), not a slow shutdown.
            var late = shutdown.Value.ReadStatus(_deadline);
            if (late.IsOk && late.Value.IsComplete && (late.Value.Result != TaskResult.Success || late.Value.Error.IsFailure) && !_saveImpossible)
            {
                Log("the guest OS shutdown of '" + _name + "' failed (" + late.Value + "): saving it instead");
                return Save(ref state);
            }

            Log("guest '" + _name + "' did not shut down in time: turning it off (a half shut-down guest is never saved)");
            return TurnOff(ref state);
        }

        private int? TurnOff(ref GuestState state)
        {
            if (Superseded())
            {
                return Aborted();
            }

            // The disk rule: without a fresh look, a save under way cannot be ruled out; a failed read is retried.
            var read = _owner._wait.ForState(Target, _ => true, _deadline, _epoch, ref state);
            if (read != WaitEnd.Done)
            {
                var last = state;
                return AfterWait(read, ref state, () => DeadlinePassed(last));
            }

            if (state is not (GuestState.Running or GuestState.Paused))
            {
                // A save, merge or restore that began meanwhile is never cut off; look again.
                return null;
            }

            Log("turning off guest '" + _name + "'");
            var off = Target.Guest.TurnOff(_deadline, Guard);
            if (!off.IsOk)
            {
                if (off.FailedWith(HResults.VmNotRunning))
                {
                    var now = Target.Guest.ReadState(_deadline);
                    state = now.IsOk ? now.Value : state;
                    return now.IsOk ? null : Failed("TurnOff()", off);
                }

                return Failed("TurnOff()", off);
            }

            state = GuestState.TurningOff;
            var end = _owner._wait.ForTask(off.Value, _deadline, _epoch, out var status);
            switch (end)
            {
                case WaitEnd.Superseded:
                    return Aborted();
                case WaitEnd.DeadlinePassed:
                    return DeadlinePassed(GuestState.TurningOff);
            }

            return Settle("TurnOff()", status, StopStep.TurnOff, ref state);
        }

        private int Failure(VsTaskStatus? status) =>
            status is null || status.Result == TaskResult.Success ? Win32Error.FunctionFailed : Math.Max(Outcomes.ForTask(status.Result), Win32Error.InvalidFunction);

        private int DeadlineWhileStopping(GuestState state)
        {
            var what = state == GuestState.Saving ? "save still in progress" : Describe.State(state) + " still in progress";
            Log((IsTerminate ? "ERROR: " : string.Empty) + what + " for guest '" + _name + "' at " + TimeoutProperty + "="
                + Describe.WholeSeconds(_timeout) + ": it is not turned off (that would lose its data); it may still be running on node " + _resource.NodeName);
            return Win32Error.Timeout;
        }

        private int DeadlinePassed(GuestState state)
        {
            if (IsStopping(state))
            {
                return DeadlineWhileStopping(state);
            }

            Log((IsTerminate ? "ERROR: " : string.Empty) + "guest '" + _name + "' is still " + Describe.State(state) + " at " + TimeoutProperty + "="
                + Describe.WholeSeconds(_timeout) + ": it may still be running on node " + _resource.NodeName);
            return Win32Error.Timeout;
        }

        private int Failed<T>(string call, VsAnswer<T> answer)
        {
            if (answer.FailedWith(HResults.OperationAborted))
            {
                return Aborted();
            }

            Log((IsTerminate ? "ERROR: " : string.Empty) + call + " for guest '" + _name + "' failed: " + answer
                + "; it may still be running on node " + _resource.NodeName);
            return Outcomes.ForFailure(answer);
        }

        private bool Superseded() => _owner._epoch.HasMoved(_epoch);

        /// <summary>Checked once more by the adapter right before each change reaches Virtual Server (Terminate: never superseded).</summary>
        private ChangeGuard Guard => _guard ??= _epoch is null ? ChangeGuard.Never : new ChangeGuard(Superseded);

        private int Aborted()
        {
            Log("superseded by Terminate: stopping without touching guest '" + _name + "' again");
            return Win32Error.OperationAborted;
        }

        private void Log(string line) => _resource.Log(_reason + ": " + line);
    }
}
