using Havm.Core.Configuration;
using Havm.Core.Model;
using Havm.Core.Ports;

namespace Havm.Core.Lifecycle;

public sealed partial class GuestController
{
    /// <summary>Which entry point stops the guest.</summary>
    private enum StopReason
    {
        Offline,
        Terminate,
    }

    /// <summary>How a running guest is to be stopped.</summary>
    private enum StopMethod
    {
        Save,
        TurnOff,
        ShutDown,
    }

    /// <summary>
    /// One Offline or Terminate: leaves the guest not running. The disk rule holds on every path: a guest that is
    /// saving, turning off or merging drives is waited for and never turned off.
    /// </summary>
    private sealed class StopRun
    {
        private const int MaxRounds = 6;

        private readonly GuestController _owner;
        private readonly IClusterResource _resource;
        private readonly ResourceSettings _settings;
        private readonly Deadline _deadline;
        private readonly long? _epoch;
        private readonly StopReason _reason;
        private readonly string _name;
        private readonly TimeSpan _timeout;
        private bool _saveImpossible;

        public StopRun(GuestController owner, IClusterResource resource, ResourceSettings settings, Deadline deadline, long? epoch, StopReason reason)
        {
            _owner = owner;
            _resource = resource;
            _settings = settings;
            _deadline = deadline;
            _epoch = epoch;
            _reason = reason;
            _name = settings.VirtualMachineName;
            _timeout = reason == StopReason.Offline ? settings.OfflineTimeout : settings.TerminateTimeout;
        }

        private string TimeoutProperty => _reason == StopReason.Offline ? PropertyNames.OfflineTimeoutSeconds : PropertyNames.TerminateTimeoutSeconds;

        public int Run()
        {
            var seen = _owner._probe.Look(_name, _deadline);
            switch (seen.Presence)
            {
                case Presence.NotRegistered:
                case Presence.ServiceStopped:
                    Log(seen.Reason + ": guest '" + _name + "' is not running here");
                    return Win32Error.Success;
                case Presence.CannotTell:
                    Log("ERROR: cannot reach Virtual Server (" + seen.Reason + "): guest '" + _name + "' may still be running on node "
                        + _resource.NodeName + ". Check it in the Virtual Server console before it runs anywhere else");
                    return seen.TimedOut ? Win32Error.Timeout : Win32Error.FunctionFailed;
            }

            var configuration = seen.Guest!.ReadConfiguration(_deadline);
            _saveImpossible = configuration.IsOk && configuration.Value.UndoDisksDiscard;
            return Stop(seen.Guest!, seen.State);
        }

        private int Stop(IGuest guest, GuestState state)
        {
            for (var round = 0; round < MaxRounds; round++)
            {
                if (Superseded())
                {
                    return Aborted();
                }

                if (IsOff(state))
                {
                    Log("guest '" + _name + "' is " + Describe.State(state));
                    return Win32Error.Success;
                }

                int? done;
                switch (state)
                {
                    case GuestState.Saving:
                    case GuestState.TurningOff:
                    case GuestState.MergingDrives:
                        done = WaitForStop(guest, ref state);
                        break;
                    case GuestState.TurningOn:
                    case GuestState.Restoring:
                        done = _reason == StopReason.Terminate ? CancelStart(guest, ref state) : WaitForStart(guest, ref state);
                        break;
                    default:
                        done = Act(guest, ChooseMethod(), ref state);
                        break;
                }

                if (done.HasValue)
                {
                    return done.Value;
                }
            }

            Log("guest '" + _name + "' kept changing state (now " + Describe.State(state) + "): giving up");
            return Win32Error.FunctionFailed;
        }

        private StopMethod ChooseMethod()
        {
            if (_reason == StopReason.Offline)
            {
                return _settings.OfflineAction switch
                {
                    OfflineAction.TurnOff => StopMethod.TurnOff,
                    OfflineAction.ShutDown => StopMethod.ShutDown,
                    _ => StopMethod.Save,
                };
            }

            var memory = _owner._memory;
            if (memory.StaleAtOnline)
            {
                Log("guest '" + _name + "' is a stale instance (found by Online, LastOnlineNode names another node): turning it off, never saving it");
                return StopMethod.TurnOff;
            }

            if (!memory.FoundRunningAtOnline && memory.HeartbeatFailed && !_settings.SaveAfterHeartbeatFailure)
            {
                // Spell the value the administrator set (any value other than 0 turns off), never a value nobody set.
                var raw = _resource.ReadProperty(PropertyNames.AdditionsIsAliveFailureRecoveryAction);
                var value = raw.Kind == PropertyValueKind.Number && raw.Number != 0 ? "=" + raw.Text : " other than 0";
                Log("guest '" + _name + "' failed its heartbeat and " + PropertyNames.AdditionsIsAliveFailureRecoveryAction + value + " (turn off): turning it off");
                return StopMethod.TurnOff;
            }

            return StopMethod.Save;
        }

        /// <summary>Saving, turning off or merging drives: wait for it to finish, whoever started it; never cut it off.</summary>
        private int? WaitForStop(IGuest guest, ref GuestState state)
        {
            Log("guest '" + _name + "' is " + Describe.State(state) + ": waiting for it to finish (it is never turned off while it writes its files)");
            var waited = _owner._wait.ForState(guest, s => !IsStopping(s), _deadline, _epoch, ref state);
            return waited switch
            {
                WaitEnd.Done => null,
                WaitEnd.Superseded => Aborted(),
                _ => DeadlineWhileStopping(state),
            };
        }

        private int? WaitForStart(IGuest guest, ref GuestState state)
        {
            Log("guest '" + _name + "' is " + Describe.State(state) + ": waiting for it to run before stopping it");
            var waited = _owner._wait.ForState(guest, s => s is not (GuestState.TurningOn or GuestState.Restoring), _deadline, _epoch, ref state);
            return waited switch
            {
                WaitEnd.Done => null,
                WaitEnd.Superseded => Aborted(),
                _ => DeadlinePassed(state),
            };
        }

        /// <summary>Terminate during a start or restore: cancel it when it can be (the guest goes back to saved, nothing lost), else wait, then save.</summary>
        private int? CancelStart(IGuest guest, ref GuestState state)
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
                    var back = _owner._wait.ForState(guest, s => s is not (GuestState.TurningOn or GuestState.Restoring), _deadline, _epoch, ref state);
                    return back == WaitEnd.Done ? null : DeadlinePassed(state);
                }

                Log("cancelling the start of guest '" + _name + "' failed: " + cancelled);
            }

            return WaitForStart(guest, ref state);
        }

        private int? Act(IGuest guest, StopMethod method, ref GuestState state)
        {
            if (method == StopMethod.Save && _saveImpossible)
            {
                Log("guest '" + _name + "' cannot be saved (its undo disks are set to discard): shutting it down instead");
                method = StopMethod.ShutDown;
            }

            switch (method)
            {
                case StopMethod.Save:
                    return Save(guest, ref state);
                case StopMethod.ShutDown:
                    return ShutDown(guest, ref state);
                default:
                    return TurnOff(guest, ref state);
            }
        }

        private int? Save(IGuest guest, ref GuestState state)
        {
            if (Superseded())
            {
                return Aborted();
            }

            Log("saving guest '" + _name + "'");
            var save = guest.Save(_deadline);
            if (!save.IsOk)
            {
                if (save.FailedWith(HResults.AppShuttingDown))
                {
                    // Virtual Server itself is saving it on the way down: wait for that save.
                    Log("Virtual Server is shutting down and saves guest '" + _name + "' itself: waiting for it");
                    var waited = _owner._wait.ForState(guest, s => IsOff(s), _deadline, _epoch, ref state);
                    return waited switch
                    {
                        WaitEnd.Done => null,
                        WaitEnd.Superseded => Aborted(),
                        _ => DeadlineWhileStopping(GuestState.Saving),
                    };
                }

                // VM_E_VM_NOT_RUNNING is never a success by itself, and any refusal may hide a save under way: look again.
                var now = guest.ReadState(_deadline);
                if (!now.IsOk)
                {
                    return Failed("Save()", save);
                }

                state = now.Value;
                if (IsOff(state) || IsStopping(state) || save.FailedWith(HResults.VmNotRunning))
                {
                    return null;
                }

                if (save.Kind == VsAnswerKind.TimedOut)
                {
                    return Failed("Save()", save);
                }

                Log("Save() of guest '" + _name + "' was refused (" + save + "): it cannot be saved");
                _saveImpossible = true;
                return _reason == StopReason.Terminate ? TurnOff(guest, ref state) : ShutDown(guest, ref state);
            }

            var end = _owner._wait.ForTask(save.Value, _deadline, _epoch, out var status);
            switch (end)
            {
                case WaitEnd.Superseded:
                    return Aborted();
                case WaitEnd.DeadlinePassed:
                    return DeadlineWhileStopping(GuestState.Saving);
            }

            if (status is { Result: TaskResult.Success })
            {
                state = GuestState.Saved;
                Log("guest '" + _name + "' is saved");
                return Win32Error.Success;
            }

            Log("saving guest '" + _name + "' failed: " + (status?.ToString() ?? "no task result"));
            var after = guest.ReadState(_deadline);
            if (after.IsOk && (IsOff(after.Value) || IsStopping(after.Value)))
            {
                state = after.Value;
                return null;
            }

            if (_reason == StopReason.Terminate)
            {
                // Terminate must leave the guest stopped, and no save runs now: the only way left is the power switch.
                state = after.IsOk ? after.Value : state;
                return TurnOff(guest, ref state);
            }

            return status is null ? Win32Error.FunctionFailed : Math.Max(Outcomes.ForTask(status.Result), Win32Error.InvalidFunction);
        }

        /// <summary>OfflineAction 2: the guest OS shuts down within the deadline less 30 s, else it is turned off (never saved half shut down).</summary>
        private int? ShutDown(IGuest guest, ref GuestState state)
        {
            if (Superseded())
            {
                return Aborted();
            }

            Log("shutting down the operating system of guest '" + _name + "'");
            var shutdown = guest.ShutdownGuestOs(_deadline);
            if (!shutdown.IsOk)
            {
                if ((shutdown.FailedWith(HResults.AdditionsNotAvailable) || shutdown.FailedWith(HResults.AdditionsFeatureNotAvailable)) && !_saveImpossible)
                {
                    Log("the Additions of guest '" + _name + "' cannot shut it down (" + shutdown + "): saving it instead");
                    return Save(guest, ref state);
                }

                Log("the guest OS shutdown of '" + _name + "' is not possible (" + shutdown + "): turning it off");
                return TurnOff(guest, ref state);
            }

            var reserve = _deadline.Remaining > ShutdownReserve + ShutdownReserve ? ShutdownReserve : TimeSpan.FromTicks(_deadline.Remaining.Ticks / 2);
            var waited = _owner._wait.ForState(guest, s => s != GuestState.Running, _deadline.Less(reserve), _epoch, ref state);
            switch (waited)
            {
                case WaitEnd.Superseded:
                    return Aborted();
                case WaitEnd.Done:
                    return null;
            }

            Log("guest '" + _name + "' did not shut down in time: turning it off");
            return TurnOff(guest, ref state);
        }

        private int? TurnOff(IGuest guest, ref GuestState state)
        {
            if (Superseded())
            {
                return Aborted();
            }

            var fresh = guest.ReadState(_deadline);
            if (fresh.IsOk && (IsStopping(fresh.Value) || IsOff(fresh.Value)))
            {
                // The disk rule: a save or merge that began meanwhile is never cut off.
                state = fresh.Value;
                return null;
            }

            Log("turning off guest '" + _name + "'");
            var off = guest.TurnOff(_deadline);
            if (!off.IsOk)
            {
                if (off.FailedWith(HResults.VmNotRunning))
                {
                    var now = guest.ReadState(_deadline);
                    state = now.IsOk ? now.Value : state;
                    return now.IsOk ? null : Failed("TurnOff()", off);
                }

                return Failed("TurnOff()", off);
            }

            var end = _owner._wait.ForTask(off.Value, _deadline, _epoch, out var status);
            switch (end)
            {
                case WaitEnd.Superseded:
                    return Aborted();
                case WaitEnd.DeadlinePassed:
                    return DeadlinePassed(GuestState.TurningOff);
            }

            if (status is { Result: TaskResult.Success })
            {
                state = GuestState.TurnedOff;
                Log("guest '" + _name + "' is turned off");
                return Win32Error.Success;
            }

            Log("turning off guest '" + _name + "' failed: " + (status?.ToString() ?? "no task result"));
            return status is null ? Win32Error.FunctionFailed : Math.Max(Outcomes.ForTask(status.Result), Win32Error.InvalidFunction);
        }

        private int DeadlineWhileStopping(GuestState state)
        {
            var what = state == GuestState.Saving ? "save still in progress" : Describe.State(state) + " still in progress";
            Log((_reason == StopReason.Terminate ? "ERROR: " : string.Empty) + what + " for guest '" + _name + "' at " + TimeoutProperty + "="
                + Describe.WholeSeconds(_timeout) + ": it is not turned off (that would lose its data); it may still be running on node " + _resource.NodeName);
            return Win32Error.Timeout;
        }

        private int DeadlinePassed(GuestState state)
        {
            Log((_reason == StopReason.Terminate ? "ERROR: " : string.Empty) + "guest '" + _name + "' is still " + Describe.State(state) + " at " + TimeoutProperty + "="
                + Describe.WholeSeconds(_timeout) + ": it may still be running on node " + _resource.NodeName);
            return Win32Error.Timeout;
        }

        private int Failed<T>(string call, VsAnswer<T> answer)
        {
            Log((_reason == StopReason.Terminate ? "ERROR: " : string.Empty) + call + " for guest '" + _name + "' failed: " + answer
                + "; it may still be running on node " + _resource.NodeName);
            return Outcomes.ForFailure(answer);
        }

        private bool Superseded() => _owner._epoch.HasMoved(_epoch);

        private int Aborted()
        {
            Log("superseded by Terminate: stopping without touching guest '" + _name + "' again");
            return Win32Error.OperationAborted;
        }

        private void Log(string line) => _resource.Log(_reason + ": " + line);
    }
}
