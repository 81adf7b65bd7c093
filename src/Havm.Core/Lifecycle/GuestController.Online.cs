using Havm.Core.Configuration;
using Havm.Core.Model;
using Havm.Core.Ports;

namespace Havm.Core.Lifecycle;

public sealed partial class GuestController
{
    /// <summary>One Online (behaviour.md section 4, steps 1 to 6), on the caller's thread, against one deadline.</summary>
    private sealed partial class OnlineRun
    {
        /// <summary>Enough rounds for the longest path (stopping, then discarding a bad saved state, then starting).</summary>
        private const int MaxRounds = 6;

        private readonly GuestController _owner;
        private readonly IClusterResource _resource;
        private readonly ResourceSettings _settings;
        private readonly Deadline _deadline;
        private readonly Deadline _waitDeadline;
        private readonly long _epoch;
        private readonly string _name;
        private GuestConfiguration? _configuration;
        private GuestFiles? _files;
        private string[]? _guestsBeforeRegistration;
        private GuestTarget? _target;
        private ChangeGuard? _guard;

        public OnlineRun(GuestController owner, IClusterResource resource, ResourceSettings settings, Deadline deadline, long epoch)
        {
            _owner = owner;
            _resource = resource;
            _settings = settings;
            _deadline = deadline;
            _waitDeadline = deadline.Less(ReserveFor(settings.OnlineTimeout));
            _epoch = epoch;
            _name = settings.VirtualMachineName.Trim();
        }

        private GuestTarget Target => _target!;

        public int Run()
        {
            var seen = _owner._probe.LookFresh(_name, _deadline);
            if (seen.Presence == Presence.NotRegistered && _settings.ConfigurationPath.Length > 0)
            {
                // Step 1: a node whose Virtual Server does not know the guest registers it from cluster storage.
                var registered = Register();
                if (registered.HasValue)
                {
                    return registered.Value;
                }

                seen = _owner._probe.LookFresh(_name, _deadline);
                if (seen.Presence == Presence.NotRegistered)
                {
                    return RegisteredAnotherGuest();
                }
            }

            switch (seen.Presence)
            {
                case Presence.NotRegistered:
                    return NotRegistered();
                case Presence.ServiceStopped:
                    Log("cannot start guest '" + _name + "': " + seen.Reason + " on node " + _resource.NodeName
                        + " (guests run inside it). Start it with: net start \"Virtual Server\"");
                    return seen.Service == ServiceState.NotInstalled ? Win32Error.ServiceDoesNotExist : Win32Error.ServiceNotActive;
                case Presence.CannotTell:
                    Log("cannot read guest '" + _name + "' from Virtual Server: " + seen.Reason);
                    return seen.TimedOut ? Win32Error.Timeout : Win32Error.FunctionFailed;
            }

            var guest = seen.Guest!;
            _target = new GuestTarget(_name, guest);
            if (seen.State is not (GuestState.Saved or GuestState.Saving) && _owner.HasStaleSave(_resource, _settings, _name))
            {
                // The stale saved state is gone (discarded in the Virtual Server console): nothing to guard any more.
                _owner.ForgetStaleSave(_resource, _name);
            }

            var configuration = guest.ReadConfiguration(_deadline);
            _configuration = configuration.IsOk ? configuration.Value : null;
            Log("guest '" + _name + "' is " + Describe.State(seen.State) + "; configuration file "
                + (_configuration is null ? "unknown (" + configuration + ")" : _configuration.ConfigurationFile));
            if (_configuration is not null && !FilePaths.Same(_configuration.ConfigurationFile, _settings.ConfigurationPath))
            {
                Log("guest '" + _name + "' is registered on node " + _resource.NodeName + " from " + _configuration.ConfigurationFile
                    + ", but VirtualMachineConfigurationPath is " + _settings.ConfigurationPath + ": two guests share the name. Unregister the wrong one in the "
                    + "Virtual Server console, or correct the property: cluster res \"" + _resource.Name + "\" /priv VirtualMachineConfigurationPath=\""
                    + _configuration.ConfigurationFile + "\"");
                return Win32Error.InvalidData;
            }

            InspectFiles();
            return Bring(seen.State);
        }

        private int Bring(GuestState state)
        {
            for (var round = 0; round < MaxRounds; round++)
            {
                if (Superseded())
                {
                    return Aborted();
                }

                switch (OnlinePolicy.Decide(new OnlineFacts(state, IsStale(), _owner.HasStaleSave(_resource, _settings, _name))))
                {
                    case OnlineStep.TurnOffStale:
                        return TurnOffStale(state);
                    case OnlineStep.FoundRunning:
                        return FoundRunning();
                    case OnlineStep.Resume:
                        return Resume();
                    case OnlineStep.WaitForRun:
                        // Reading the disk's current files: never stale. Not started by this run: wait for it to run.
                        _owner._memory.StartedHere();
                        var waited = _owner._wait.ForState(Target, s => s is not (GuestState.TurningOn or GuestState.Restoring), _waitDeadline, _epoch, ref state);
                        if (waited != WaitEnd.Done)
                        {
                            return WaitFailed(waited, "for guest '" + _name + "' (found " + Describe.State(state) + ", not started by this Online) to run");
                        }

                        if (state == GuestState.Running)
                        {
                            return Succeeded();
                        }

                        continue;
                    case OnlineStep.WaitForStaleSave:
                        // Marked before the wait: whoever sees the save end (this run, or a Terminate) never restores it.
                        _owner.RememberStaleSave(_resource, _name);
                        var staleSaved = WaitForStop(ref state, "a stale instance (LastOnlineNode names node " + _settings.LastOnlineNode.Trim() + ") is saving its memory");
                        if (staleSaved.HasValue)
                        {
                            return staleSaved.Value;
                        }

                        continue;
                    case OnlineStep.WaitForStop:
                        var stopped = WaitForStop(ref state, "waiting for it to finish before starting it");
                        if (stopped.HasValue)
                        {
                            return stopped.Value;
                        }

                        continue;
                    case OnlineStep.RefuseStaleSavedState:
                        var discarded = StaleSavedState(out state);
                        if (discarded.HasValue)
                        {
                            return discarded.Value;
                        }

                        continue;
                    case OnlineStep.Start:
                        var started = Start(state, out var next);
                        if (started.HasValue)
                        {
                            return started.Value;
                        }

                        state = next;
                        continue;
                    default:
                        Log("guest '" + _name + "' is " + Describe.State(state) + ": it cannot be started");
                        return Win32Error.FunctionFailed;
                }
            }

            Log("guest '" + _name + "' kept changing state (now " + Describe.State(state) + "): giving up");
            return Win32Error.FunctionFailed;
        }

        /// <summary>Saving, turning off or merging drives: never cut off; null when it finished (state in <paramref name="state"/>).</summary>
        private int? WaitForStop(ref GuestState state, string why)
        {
            Log("guest '" + _name + "' is " + Describe.State(state) + ": " + why);
            var waited = _owner._wait.ForState(Target, s => !IsStopping(s), _waitDeadline, _epoch, ref state);
            return waited == WaitEnd.Done ? null : WaitFailed(waited, "for guest '" + _name + "' to finish " + Describe.State(state));
        }

        /// <summary>
        /// A saved state written by a stale instance is never restored: discarded once when
        /// DiscardUnrestorableSavedState=1, else Online fails naming both nodes and the two ways out.
        /// </summary>
        private int? StaleSavedState(out GuestState next)
        {
            var other = _settings.LastOnlineNode.Trim();
            var done = DiscardOnce(
                "ERROR: the saved state of guest '" + _name + "' on node " + _resource.NodeName + " was written by a stale instance (the guest was last brought online on node "
                    + other + "): it is never restored. Two ways out: discard the saved state in the Virtual Server console, or let Havm.Net discard it once: "
                    + "cluster res \"" + _resource.Name + "\" /priv DiscardUnrestorableSavedState=1",
                "ERROR: the saved state of guest '" + _name + "' was written by a stale instance on node " + _resource.NodeName
                    + "; DiscardUnrestorableSavedState=1, so it was discarded and the guest cold-boots from its disks (last brought online on node " + other + ")",
                out next);
            if (done is null)
            {
                _owner.ForgetStaleSave(_resource, _name);
            }

            return done;
        }

        /// <summary>Startup() and its task. Null with <paramref name="next"/> set: look at the guest again in that state.</summary>
        private int? Start(GuestState from, out GuestState next)
        {
            next = from;
            if (Superseded())
            {
                return Aborted();
            }

            Log((from == GuestState.Saved ? "restoring" : "starting") + " guest '" + _name + "'");
            var startup = Target.Guest.Startup(_deadline, Guard);
            if (!startup.IsOk)
            {
                if (startup.FailedWith(HResults.VmRunning))
                {
                    // Someone else started it between our look and our call: look again rather than guess.
                    var now = Target.Guest.ReadState(_deadline);
                    next = now.IsOk ? now.Value : GuestState.Running;
                    return now.IsOk && now.Value is GuestState.TurnedOff or GuestState.Saved ? Failed("Startup()", startup) : null;
                }

                return HResults.IsUnrestorableSavedState(startup.Error) && startup.Kind == VsAnswerKind.Failed
                    ? Unrestorable(HResults.Describe(startup.Error), out next)
                    : Failed("Startup()", startup);
            }

            var task = startup.Value;
            _owner._memory.StartedHere();
            _owner._memory.PendingStart = task;
            var before = task.ReadStatus(_deadline);
            var percentBefore = before.IsOk ? before.Value.PercentCompleted : 0;
            var waited = _owner._wait.ForTask(task, _waitDeadline, _epoch, out var status);
            switch (waited)
            {
                case WaitEnd.Superseded:
                    return Aborted();
                case WaitEnd.DeadlinePassed:
                    return StillStarting(task, percentBefore);
            }

            if (waited == WaitEnd.Done)
            {
                _owner._memory.PendingStart = null;
                if (status is null)
                {
                    Log("the start task of guest '" + _name + "' completed, but its result could not be read: the guest's state decides");
                }
                else if (status.Result == TaskResult.IncompatibleSavedStateError || HResults.IsUnrestorableSavedState(status.Error))
                {
                    return Unrestorable(status.ToString(), out next);
                }
                else if (status.Result != TaskResult.Success)
                {
                    Log("starting guest '" + _name + "' failed: the task ended with " + status.Result + " (" + HResults.Describe(status.Error) + ")");
                    return Outcomes.ForTask(status.Result);
                }
            }

            // Step 3: the state decides; a task that ran ahead of it is waited for within the deadline.
            var state = from == GuestState.Saved ? GuestState.Restoring : GuestState.TurningOn;
            var running = _owner._wait.ForState(Target, s => s is not (GuestState.TurningOn or GuestState.Restoring), _waitDeadline, _epoch, ref state);
            switch (running)
            {
                case WaitEnd.Done when state == GuestState.Running:
                    return Succeeded();
                case WaitEnd.Done:
                    Log("the start of guest '" + _name + "' " + (status is null ? "was lost" : "reported " + status.Result) + ", but the guest is " + Describe.State(state));
                    return Win32Error.FunctionFailed;
                case WaitEnd.DeadlinePassed:
                    return StillStarting(task, percentBefore);
                default:
                    return WaitFailed(running, "for guest '" + _name + "' to run");
            }
        }

        /// <summary>Step 4: at the deadline, a start or restore that is still progressing is left to IsAlive.</summary>
        private int StillStarting(IVsTask task, int percentBefore)
        {
            var status = task.ReadStatus(_deadline);
            var state = Target.Guest.ReadState(_deadline);
            var progressing = status.IsOk && status.Value.Error == HResults.Ok
                && (!status.Value.IsComplete || status.Value.Result == TaskResult.Success)
                && status.Value.PercentCompleted > percentBefore
                && state.IsOk && state.Value is GuestState.TurningOn or GuestState.Restoring;
            if (progressing)
            {
                return Reported("guest '" + _name + "' is still " + Describe.State(state.Value) + " at the OnlineTimeoutSeconds deadline ("
                    + percentBefore + "% -> " + status.Value.PercentCompleted + "%): reporting online; IsAlive watches it");
            }

            Log("guest '" + _name + "' did not start within OnlineTimeoutSeconds=" + Describe.WholeSeconds(_settings.OnlineTimeout)
                + " (" + (state.IsOk ? Describe.State(state.Value) : state.ToString()) + "). " + TimeoutFix);
            return Win32Error.Timeout;
        }

        /// <summary>The fix for an Online that needs longer than OnlineTimeoutSeconds, as the log words it.</summary>
        private string TimeoutFix =>
            "If it needs longer, raise OnlineTimeoutSeconds and the resource's PendingTimeout together: cluster res \"" + _resource.Name
            + "\" /priv OnlineTimeoutSeconds=300 and cluster res \"" + _resource.Name + "\" /prop PendingTimeout=330000";

        private int? Unrestorable(string why, out GuestState next) =>
            DiscardOnce(
                "the saved state of guest '" + _name + "' cannot be restored (" + why + "). Two ways out: let Havm.Net discard it once and cold-boot the guest: "
                    + "cluster res \"" + _resource.Name + "\" /priv DiscardUnrestorableSavedState=1, or discard the saved state in the Virtual Server console",
                "ERROR: the saved state of guest '" + _name + "' could not be restored (" + why
                    + "); DiscardUnrestorableSavedState=1, so it was discarded and the guest cold-boots: the memory state it had is lost",
                out next);

        /// <summary>
        /// The one discard of a saved state that must not be restored a run may make (DiscardUnrestorableSavedState=1):
        /// null when discarded (<paramref name="next"/> Turned off: the guest cold-boots), else the code, with
        /// <paramref name="refusal"/> logged.
        /// </summary>
        private int? DiscardOnce(string refusal, string discardedLine, out GuestState next)
        {
            next = GuestState.Saved;
            if (!_settings.DiscardUnrestorableSavedState || !_owner._memory.TryClaimDiscard())
            {
                Log(refusal);
                return Win32Error.FunctionFailed;
            }

            if (Superseded())
            {
                return Aborted();
            }

            var discarded = Target.Guest.DiscardSavedState(_deadline, Guard);
            if (!discarded.IsOk)
            {
                return Failed("DiscardSavedState()", discarded);
            }

            Log(discardedLine);
            next = GuestState.TurnedOff;
            return null;
        }

        private int Resume()
        {
            if (Superseded())
            {
                return Aborted();
            }

            Log("guest '" + _name + "' is paused: resuming it");
            var resume = Target.Guest.Resume(_deadline, Guard);
            if (!resume.IsOk)
            {
                return Failed("Resume()", resume);
            }

            var waited = _owner._wait.ForTask(resume.Value, _waitDeadline, _epoch, out var status);
            if (waited is not (WaitEnd.Done or WaitEnd.TaskLost))
            {
                return WaitFailed(waited, "for guest '" + _name + "' to resume");
            }

            var state = GuestState.Paused;
            var settled = _owner._wait.ForState(Target, s => s != GuestState.Paused, Deadline.After(_owner._clock, StateLag).Earlier(_waitDeadline), _epoch, ref state);
            if (settled == WaitEnd.Done && state == GuestState.Running)
            {
                return Succeeded();
            }

            if (settled is not (WaitEnd.Done or WaitEnd.DeadlinePassed))
            {
                // Superseded, unregistered, the service gone: each wait end means what it means everywhere else.
                return WaitFailed(settled, "for guest '" + _name + "' to resume");
            }

            Log("resuming guest '" + _name + "' failed: " + (status?.ToString() ?? "no task result") + ", guest " + Describe.State(state));
            return status is null || status.Result == TaskResult.Success ? Win32Error.FunctionFailed : Math.Max(Outcomes.ForTask(status.Result), Win32Error.InvalidFunction);
        }

        /// <summary>Havm.vbs's choice, kept: a guest already running was not started here; fail so that Terminate saves it.</summary>
        private int FoundRunning()
        {
            _owner._memory.FoundRunningAtOnline = true;
            Log("guest '" + _name + "' was already running and was not started by this Online (it may have just failed): returning 1, "
                + "so that Terminate saves it and the restart policy restores it cleanly");
            return Win32Error.InvalidFunction;
        }

        private bool IsStale() =>
            _settings.LastOnlineNode.Trim().Length > 0
            && !string.Equals(_settings.LastOnlineNode.Trim(), _resource.NodeName, StringComparison.OrdinalIgnoreCase);

        /// <summary>The instance here is older than the one last brought online elsewhere: its memory no longer matches the disk.</summary>
        private int TurnOffStale(GuestState state)
        {
            _owner._memory.StaleAtOnline = true;
            Log("ERROR: guest '" + _name + "' is " + Describe.State(state) + " on node " + _resource.NodeName + ", but it was last brought online on node "
                + _settings.LastOnlineNode.Trim() + ": this instance is stale (its memory no longer matches the disk). Turning it off, never saving it");
            if (Superseded())
            {
                return Aborted();
            }

            var fresh = Target.Guest.ReadState(_deadline);
            if (fresh.IsOk && fresh.Value == GuestState.Saving)
            {
                // The stale instance is saving its memory meanwhile: what it saves is never restored.
                _owner.RememberStaleSave(_resource, _name);
            }

            if (fresh.IsOk && fresh.Value is not (GuestState.Running or GuestState.Paused))
            {
                Log("guest '" + _name + "' is " + Describe.State(fresh.Value) + " meanwhile: not turning it off");
                return Win32Error.InvalidFunction;
            }

            if (!fresh.IsOk)
            {
                Log("the state of the stale instance of guest '" + _name + "' cannot be read (" + fresh + "): not turning it off blind; Terminate stops it");
                return Win32Error.InvalidFunction;
            }

            var off = Target.Guest.TurnOff(_deadline, Guard);
            if (off.FailedWith(HResults.OperationAborted))
            {
                return Aborted();
            }

            if (off.IsOk)
            {
                var waited = _owner._wait.ForTask(off.Value, _deadline, _epoch, out _);
                if (waited == WaitEnd.Superseded)
                {
                    return Aborted();
                }
            }
            else
            {
                Log("turning off the stale instance of guest '" + _name + "' failed: " + off + "; Terminate stops it");
            }

            return Win32Error.InvalidFunction;
        }

        private int Succeeded() => Reported("guest '" + _name + "' is running on node " + _resource.NodeName);

        /// <summary>Every Online that returns 0 ends here: LastOnlineNode, the configuration warnings, the path properties, then <paramref name="line"/>.</summary>
        private int Reported(string line)
        {
            WriteLastOnlineNode();
            WarnAboutConfiguration(Target.Guest);
            LearnFiles();
            Log(line);
            return Win32Error.Success;
        }

        private void WriteLastOnlineNode()
        {
            _resource.WriteProperty(PropertyNames.LastOnlineNode, _resource.NodeName);
            _owner._memory.LastOnlineNodeWritten();
        }

        /// <summary>Step 6: once per process, what would make Offline or Virtual Server itself act against the cluster.</summary>
        private void WarnAboutConfiguration(IGuest guest)
        {
            var configuration = _configuration;
            if (configuration is null)
            {
                var read = guest.ReadConfiguration(_deadline);
                configuration = read.IsOk ? read.Value : null;
            }

            if (configuration is null)
            {
                return;
            }

            if (configuration.UndoDisksDiscard && _owner._memory.FirstWarning(_name + "/undo"))
            {
                Log("WARNING: guest '" + _name + "' has undo disks set to discard, so Offline cannot save it (Virtual Server refuses to save it): "
                    + "Offline will shut it down or turn it off. To keep its state across moves, set its undo disks to keep or commit in the Virtual Server console");
            }

            if (configuration.AutoStartAtLaunch != GuestConfiguration.AutoStartNever && _owner._memory.FirstWarning(_name + "/autostart"))
            {
                Log("WARNING: Virtual Server starts guest '" + _name + "' by itself when its service starts (AutoStartAtLaunch="
                    + configuration.AutoStartAtLaunch + "): a second copy could run beside the cluster's. Set 'Automatically turn on' to never in the Virtual Server console");
            }

            if (configuration.ShutdownActionOnQuit != GuestConfiguration.ShutdownActionSave && _owner._memory.FirstWarning(_name + "/onquit"))
            {
                Log("WARNING: when its service stops, Virtual Server does not save guest '" + _name + "' (ShutdownActionOnQuit="
                    + configuration.ShutdownActionOnQuit + "): set the action on Virtual Server stop to 'Save state' in the Virtual Server console");
            }
        }

        private int NotRegistered()
        {
            var names = _owner._virtualServer.GuestNames(_deadline);
            Log("guest '" + _name + "' is not registered in Virtual Server on node " + _resource.NodeName + ". Virtual Server knows "
                + (names.IsOk ? Describe.Capped(names.Value, 10) : "(could not list: " + names + ")")
                + ". Correct the name (cluster res \"" + _resource.Name + "\" /priv VirtualMachineName=\"name of the guest\"), or let Online register it "
                + "on every node from cluster storage: cluster res \"" + _resource.Name + "\" /priv VirtualMachineConfigurationPath=\"X:\\path\\guest.vmc\"");
            return Win32Error.NotFound;
        }

        private int WaitFailed(WaitEnd end, string what)
        {
            switch (end)
            {
                case WaitEnd.Superseded:
                    return Aborted();
                case WaitEnd.NotRegistered:
                    Log("guest '" + _name + "' was unregistered from Virtual Server on node " + _resource.NodeName + " while waiting " + what);
                    return Win32Error.NotFound;
                case WaitEnd.ServiceStopped:
                case WaitEnd.ServiceStopping:
                    Log("the Virtual Server service on node " + _resource.NodeName + " stopped while waiting " + what);
                    return Win32Error.ServiceNotActive;
            }

            Log("timed out after OnlineTimeoutSeconds=" + Describe.WholeSeconds(_settings.OnlineTimeout) + " waiting " + what
                + ". Raise OnlineTimeoutSeconds and the resource's PendingTimeout together if it needs longer");
            return Win32Error.Timeout;
        }

        private int Failed<T>(string call, VsAnswer<T> answer)
        {
            if (answer.FailedWith(HResults.OperationAborted))
            {
                return Aborted();
            }

            Log(call + " for guest '" + _name + "' failed: " + answer);
            return Outcomes.ForFailure(answer);
        }

        private bool Superseded() => _owner._epoch.HasMoved(_epoch);

        /// <summary>Checked once more by the adapter right before each change reaches Virtual Server.</summary>
        private ChangeGuard Guard => _guard ??= new ChangeGuard(Superseded);

        private int Aborted()
        {
            Log("superseded by Terminate: stopping without touching guest '" + _name + "' again");
            return Win32Error.OperationAborted;
        }

        private void Log(string line) => _resource.Log("Online: " + line);
    }
}
