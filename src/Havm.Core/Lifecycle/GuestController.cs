using Havm.Core.Configuration;
using Havm.Core.Health;
using Havm.Core.Model;
using Havm.Core.Ports;

namespace Havm.Core.Lifecycle;

/// <summary>
/// Everything Havm.Net decides for one clustered guest: the seven Generic Script entry points (behaviour.md
/// section 4). One instance per resource, living as long as the host process; thread-safe (Terminate may run
/// concurrently with Online, Offline, LooksAlive and IsAlive). Never throws for a Virtual Server failure; a failing
/// <see cref="IClusterResource"/> may throw (the COM host's guard turns that into the entry point's failure value).
/// </summary>
public sealed partial class GuestController
{
    /// <summary>LooksAlive's deadline.</summary>
    public static readonly TimeSpan LooksAliveTimeout = TimeSpan.FromMilliseconds(250);

    /// <summary>What LooksAlive keeps back from Virtual Server for the service query and its log line.</summary>
    private static readonly TimeSpan LooksAliveReserve = TimeSpan.FromMilliseconds(50);

    /// <summary>IsAlive's deadline.</summary>
    public static readonly TimeSpan IsAliveTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The most Open may spend starting the Virtual Server service.</summary>
    public static readonly TimeSpan OpenTimeout = TimeSpan.FromSeconds(30);

    /// <summary>What OfflineAction 2 leaves for a turn-off after a guest shutdown that does not finish.</summary>
    public static readonly TimeSpan ShutdownReserve = TimeSpan.FromSeconds(30);

    private readonly IVirtualServer _virtualServer;
    private readonly IClock _clock;
    private readonly GuestProbe _probe;
    private readonly Waiter _wait;
    private readonly TerminationEpoch _epoch = new();
    private readonly SettingsReader _settings = new();
    private readonly RunMemory _memory;
    private readonly ResourceNames _names = new();

    /// <summary>Creates the controller for one resource.</summary>
    public GuestController(IVirtualServer virtualServer, IClock clock)
    {
        _virtualServer = virtualServer;
        _clock = clock;
        _probe = new GuestProbe(virtualServer);
        _wait = new Waiter(clock, _epoch, _probe);
        _memory = new RunMemory(clock);
    }

    /// <summary>Open: starts the Virtual Server service if stopped, creates Havm.vbs's properties. Win32 code.</summary>
    public int Open(IClusterResource resource)
    {
        var start = _clock.Now;
        _memory.OpenStarted(start);
        var deadline = Deadline.After(_clock, OpenTimeout);
        var service = EnsureService(resource, deadline);
        var created = CreateHavmVbsProperties(resource);
        var took = Describe.Seconds(_clock.Now - start);
        if (service.Changed || created.Length > 0)
        {
            resource.Log("Open: entering on node " + resource.NodeName);
            resource.Log("Open: " + service.Note);
            if (created.Length > 0)
            {
                resource.Log("Open: created the private properties " + string.Join(", ", created));
            }

            resource.Log("Open: returning " + Describe.Code(Win32Error.Success) + " after " + took);
        }
        else
        {
            resource.Log("Open: " + service.Note + ", properties present; returning " + Describe.Code(Win32Error.Success) + " after " + took);
        }

        return Win32Error.Success;
    }

    /// <summary>Online: brings the guest up on this node. Win32 code.</summary>
    public int Online(IClusterResource resource) => Logged(resource, "Online", () =>
    {
        var epoch = _epoch.Current;
        _memory.StartRun();
        _names.Node = resource.NodeName;
        _names.Name = resource.Name;
        var settings = _settings.Read(resource);
        var deadline = Deadline.From(_clock, _memory.DeadlineOrigin(_clock.Now, OpenTimeout), settings.OnlineTimeout);
        if (!settings.HasVirtualMachineName)
        {
            // The guest of an earlier run stays this resource's: a Terminate after this failure still stops it.
            resource.Log("Online: the VirtualMachineName private property is blank. Set it to the guest's name in Virtual Server, on any node: "
                + "cluster res \"" + resource.Name + "\" /priv VirtualMachineName=\"name of the guest\"");
            return Win32Error.InvalidData;
        }

        _memory.BeginIdentity(settings.VirtualMachineName.Trim(), settings.LastOnlineNode);
        return new OnlineRun(this, resource, settings, deadline, epoch).Run();
    });

    /// <summary>LooksAlive: the guest's state only, within 250 ms.</summary>
    public bool LooksAlive(IClusterResource resource)
    {
        // A poll never fails over because the Resource object fails: it reads through, with the last good values.
        resource = new TolerantResource(resource, _names);
        var name = GuestFor(resource, ReadName(resource), "LooksAlive");
        var seen = name.Length == 0
            ? null
            : _probe.Look(name, Deadline.After(_clock, LooksAliveTimeout - LooksAliveReserve));
        var alive = seen is { Presence: Presence.Found } && CountsAsAlive(seen.State);
        if (seen is { Presence: Presence.Found, State: GuestState.Paused or GuestState.TurningOn or GuestState.Restoring })
        {
            // Seen by LooksAlive as much as by IsAlive: after a resume or restore the heartbeat must be seen again.
            _memory.Locked(() => _memory.Heartbeat.Rearm());
        }

        if (seen is { Presence: Presence.CannotTell })
        {
            // "Cannot tell" is IsAlive's to decide; its line is written at most once per 5 minutes.
            if (_memory.LooksAliveCannotTellDue(_clock.Now, UncertaintyWindow.LogInterval))
            {
                resource.Log("LooksAlive: false: cannot tell (IsAlive decides): " + seen.Reason);
            }

            return false;
        }

        var reason = seen is null ? "VirtualMachineName is blank" : seen.Reason;
        var report = (alive ? "true" : "false") + ": " + reason;
        if (_memory.LooksAliveChanged(report))
        {
            resource.Log("LooksAlive: " + report);
        }

        return alive;
    }

    /// <summary>IsAlive: state, heartbeat and the bounded "cannot tell", within 10 s.</summary>
    public bool IsAlive(IClusterResource resource)
    {
        resource = new TolerantResource(resource, _names);
        var settings = _settings.Read(resource);
        var deadline = Deadline.After(_clock, IsAliveTimeout);
        var name = GuestFor(resource, settings.VirtualMachineName, "IsAlive");
        var verdict = name.Length == 0
            ? new Verdict(false, "VirtualMachineName is blank")
            : Judge(name, _probe.Look(name, deadline), settings, deadline, resource);
        var answer = verdict.Alive ? "true" : "false";
        if (!verdict.CannotTell && _memory.IsAliveChanged(answer + ": " + verdict.Topic))
        {
            resource.Log("IsAlive: " + answer + ": " + verdict.Reason);
        }

        return verdict.Alive;
    }

    /// <summary>Offline: saves (or as OfflineAction says) the guest. Win32 code.</summary>
    public int Offline(IClusterResource resource) => Logged(resource, "Offline", () =>
    {
        var epoch = _epoch.Current;
        var settings = _settings.Read(resource);
        var deadline = Deadline.After(_clock, settings.OfflineTimeout);
        var name = GuestFor(resource, settings.VirtualMachineName, "Offline");
        if (name.Length == 0)
        {
            name = GuestByConfigurationFile(resource, settings, deadline, "Offline");
        }

        if (name.Length == 0)
        {
            resource.Log("Offline: VirtualMachineName is blank and no guest was brought online by this resource in this process: no guest to stop");
            return Win32Error.Success;
        }

        return new StopRun(this, resource, settings, name, deadline, epoch, StopReason.Offline).Run();
    });

    /// <summary>
    /// Terminate: leaves the guest not running, never cutting off a save. Win32 code (ignored by the host). A failing
    /// <c>Resource</c> object never stops it: settings it cannot read keep their last good value, else the default.
    /// </summary>
    public int Terminate(IClusterResource resource)
    {
        // First of all, so that a pending Online or Offline stops before touching the guest again.
        _epoch.Advance();
        var tolerant = new TolerantResource(resource, _names);
        return Logged(tolerant, "Terminate", () =>
        {
            var settings = _settings.Read(tolerant);
            var deadline = Deadline.From(_clock, _memory.DeadlineOrigin(_clock.Now, OpenTimeout), settings.TerminateTimeout);
            var name = GuestFor(tolerant, settings.VirtualMachineName, "Terminate");
            if (name.Length == 0 && !settings.VirtualMachineNameKnown)
            {
                tolerant.Log("Terminate: ERROR: VirtualMachineName cannot be read (the cluster's Resource object fails) and no guest was brought online by this "
                    + "resource in this process: the guest may still be running on node " + tolerant.NodeName + ". Check it in the Virtual Server console");
                return Win32Error.FunctionFailed;
            }

            if (name.Length == 0)
            {
                name = GuestByConfigurationFile(tolerant, settings, deadline, "Terminate");
            }

            if (name.Length == 0)
            {
                tolerant.Log("Terminate: VirtualMachineName is blank and no guest was brought online by this resource in this process: no guest to stop");
                return Win32Error.Success;
            }

            return new StopRun(this, tolerant, settings, name, deadline, null, StopReason.Terminate).Run();
        });
    }

    /// <summary>Close: releases the COM objects held; keeps what the resource learned. Win32 code.</summary>
    public int Close(IClusterResource resource) => Logged(resource, "Close", () =>
    {
        _memory.PendingStart = null;
        _probe.Forget();
        _virtualServer.Release();
        return Win32Error.Success;
    });

    /// <summary>
    /// A stop with a blank VirtualMachineName and no Online in this process (a recycled host): the guest registered
    /// from VirtualMachineConfigurationPath, which Online wrote, so that no stop reports "nothing to stop" while that
    /// guest runs (behaviour.md section 4). Empty when the property is empty, the service is not running (no guest
    /// runs then), or no registered guest has that file.
    /// </summary>
    private string GuestByConfigurationFile(IClusterResource resource, ResourceSettings settings, Deadline deadline, string entryPoint)
    {
        var path = settings.ConfigurationPath.Trim();
        if (path.Length == 0
            || (!_virtualServer.IsConnected && _virtualServer.QueryService(deadline) != ServiceState.Running))
        {
            return string.Empty;
        }

        var name = NameRegisteredFrom(path, deadline);
        if (name.Length > 0)
        {
            resource.Log(entryPoint + ": VirtualMachineName is blank: acting on guest '" + name + "', registered from VirtualMachineConfigurationPath "
                + path + ". To name it: cluster res \"" + resource.Name + "\" /priv VirtualMachineName=\"" + name + "\"");
        }

        return name;
    }

    /// <summary>The name of the guest Virtual Server registered from <paramref name="configurationFile"/>; empty when none (or it cannot tell).</summary>
    private string NameRegisteredFrom(string configurationFile, Deadline deadline)
    {
        var names = _virtualServer.GuestNames(deadline);
        foreach (var candidate in names.IsOk ? names.Value : new string[0])
        {
            var found = _virtualServer.FindGuest(candidate, deadline);
            if (!found.IsOk || found.Value is null)
            {
                continue;
            }

            var configuration = found.Value.ReadConfiguration(deadline);
            if (configuration.IsOk && FilePaths.Same(configuration.Value.ConfigurationFile, configurationFile))
            {
                return candidate;
            }
        }

        return string.Empty;
    }

    /// <summary>LooksAlive reads only the name: it runs every 5 s and must stay cheap.</summary>
    private static string? ReadName(IClusterResource resource)
    {
        var value = resource.ReadProperty(PropertyNames.VirtualMachineName);
        return value.Kind is PropertyValueKind.Text or PropertyValueKind.Number ? value.Text
            : value.Kind == PropertyValueKind.Unreadable ? null
            : string.Empty;
    }

    /// <summary>
    /// The guest an entry point acts on: the one the last Online in this process looked for, else the property's.
    /// A VirtualMachineName changed since is logged once (old, new, the command that restores it) and applies from
    /// the next Online (behaviour.md section 4).
    /// </summary>
    private string GuestFor(IClusterResource resource, string? property, string entryPoint)
    {
        var remembered = _memory.GuestName;
        if (remembered is null || property is null)
        {
            // No Online in this process: the property's guest; an unreadable property: the remembered one.
            return remembered ?? property?.Trim() ?? string.Empty;
        }

        var value = property.Trim();
        if (_memory.RenameToReport(value, out var restored))
        {
            resource.Log(restored
                ? entryPoint + ": VirtualMachineName is '" + remembered + "' again, the guest this resource brought online"
                : entryPoint + ": VirtualMachineName is now " + (value.Length == 0 ? "blank" : "'" + value + "'")
                    + ", but this resource brought guest '" + remembered + "' online: it goes on acting on '" + remembered
                    + "' until the next Online, where the new value applies. To keep '" + remembered + "': cluster res \"" + resource.Name
                    + "\" /priv VirtualMachineName=\"" + remembered + "\"");
        }

        return remembered;
    }

    /// <summary>A stale instance of the guest finished saving here: that saved state is never restored (memory and property).</summary>
    private void RememberStaleSave(IClusterResource resource, string name)
    {
        _memory.MarkStaleSavedState(name);
        resource.WriteProperty(PropertyNames.StaleSavedStateNode, resource.NodeName);
    }

    /// <summary>Whether the guest's saved state on this node was written by a stale instance (this process knows, or the property says so).</summary>
    private bool HasStaleSave(IClusterResource resource, ResourceSettings settings, string name) =>
        _memory.HasStaleSavedState(name)
        || string.Equals(settings.StaleSavedStateNode.Trim(), resource.NodeName, StringComparison.OrdinalIgnoreCase);

    /// <summary>The stale saved state is gone.</summary>
    private void ForgetStaleSave(IClusterResource resource, string name)
    {
        _memory.ClearStaleSavedState(name);
        resource.WriteProperty(PropertyNames.StaleSavedStateNode, string.Empty);
    }

    /// <summary>The time kept back from an entry point's waits for the reads that decide what to return at its deadline.</summary>
    private static TimeSpan ReserveFor(TimeSpan timeout) =>
        TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(2).Ticks, timeout.Ticks / 10));

    private static bool CountsAsAlive(GuestState state) =>
        state is GuestState.Running or GuestState.TurningOn or GuestState.Restoring or GuestState.Paused or GuestState.Saving;

    /// <summary>What a stop may call success: Saved or Turned off (behaviour.md section 4, Offline).</summary>
    private static bool IsStopped(GuestState state) => state is GuestState.Saved or GuestState.TurnedOff;


    private static bool IsStopping(GuestState state) =>
        state is GuestState.Saving or GuestState.TurningOff or GuestState.MergingDrives;

    private int Logged(IClusterResource resource, string entryPoint, Func<int> body)
    {
        var start = _clock.Now;
        resource.Log(entryPoint + ": entering on node " + resource.NodeName);
        var result = body();
        resource.Log(entryPoint + ": returning " + Describe.Code(result) + " after " + Describe.Seconds(_clock.Now - start));
        return result;
    }

    private ServiceNote EnsureService(IClusterResource resource, Deadline deadline)
    {
        var state = _virtualServer.QueryService(deadline);
        switch (state)
        {
            case ServiceState.Stopped:
                var started = _virtualServer.StartService(deadline);
                return new ServiceNote(true, started.FinalState == ServiceState.Running
                    ? "started the Virtual Server service"
                    : "could not start the Virtual Server service on node " + resource.NodeName + " (" + started.Detail + "); Online will report it");
            case ServiceState.StopPending:
                return new ServiceNote(true, "the Virtual Server service is stopping (node shutdown?): not starting it");
            case ServiceState.NotInstalled:
                return new ServiceNote(true, "the Virtual Server service is not installed on node " + resource.NodeName + "; Online will report it");
            default:
                return new ServiceNote(false, "Virtual Server service " + Describe.Service(state));
        }
    }

    /// <summary>Creates the three properties Havm.vbs created, with its defaults; never overwrites. Returns what it created.</summary>
    private static string[] CreateHavmVbsProperties(IClusterResource resource)
    {
        var created = new List<string>();
        if (!resource.PropertyExists(PropertyNames.VirtualMachineName))
        {
            resource.AddProperty(PropertyNames.VirtualMachineName);
            created.Add(PropertyNames.VirtualMachineName + " (blank: set it to the guest's name)");
        }

        foreach (var name in new[] { PropertyNames.UseAdditionsIsAlive, PropertyNames.AdditionsIsAliveFailureRecoveryAction })
        {
            if (!resource.PropertyExists(name))
            {
                resource.AddProperty(name);
                resource.WriteProperty(name, 1);
                created.Add(name + "=1");
            }
        }

        return created.ToArray();
    }

    /// <summary>IsAlive's verdict on one look (behaviour.md section 3 and IsAlive).</summary>
    private Verdict Judge(string name, Observation seen, ResourceSettings settings, Deadline deadline, IClusterResource resource)
    {
        if (seen.Presence == Presence.CannotTell)
        {
            return CannotTell(seen.Reason, resource);
        }

        if (seen.Presence != Presence.Found)
        {
            return Definite(false, seen.Reason);
        }

        switch (seen.State)
        {
            case GuestState.Running:
                return settings.UseAdditionsIsAlive
                    ? JudgeHeartbeat(name, seen.Guest!, settings, deadline, resource)
                    : Definite(true, "running (heartbeat not used)");
            case GuestState.TurningOn:
            case GuestState.Restoring:
                _memory.Locked(() => _memory.Heartbeat.Rearm());
                return Definite(true, seen.Reason);
            case GuestState.Paused:
                _memory.Locked(() => _memory.Heartbeat.Rearm());
                return Definite(true, seen.Reason + ": an administrator's action, not a failure");
            case GuestState.Saving:
                return Definite(true, seen.Reason + ": an administrator's action, not a failure");
            default:
                return Definite(false, seen.Reason);
        }
    }

    /// <summary>The heartbeat of a running guest; a failed read is tried once more on a fresh connection.</summary>
    private Verdict JudgeHeartbeat(string name, IGuest guest, ResourceSettings settings, Deadline deadline, IClusterResource resource)
    {
        var seenBefore = _memory.Locked(() => _memory.Heartbeat.HasSeenHeartbeat);
        var reading = ReadHeartbeat(guest, seenBefore, deadline);
        if (reading.Failure is not null && !deadline.HasPassed && !reading.TimedOut)
        {
            _probe.Forget();
            _virtualServer.Reconnect();
            var again = _probe.LookFresh(name, deadline);
            if (again.Presence != Presence.Found || again.State != GuestState.Running)
            {
                return Judge(name, again, settings, deadline, resource);
            }

            reading = ReadHeartbeat(again.Guest!, seenBefore, deadline);
        }

        if (reading.Failure is not null)
        {
            if (!seenBefore && reading.FeatureNotAvailable)
            {
                // Additions without the heartbeat feature: nothing to enforce (Havm.vbs's "no heartbeat seen" case).
                return Definite(true, "running; heartbeat not enforced: the Additions do not offer it (" + reading.Failure + ")");
            }

            return CannotTell(reading.Failure, resource);
        }

        var verdict = _memory.Locked(() => _memory.Heartbeat.Observe(reading.Reading, settings.HeartbeatThreshold, settings.HeartbeatMissesBeforeFailure));
        _memory.HeartbeatFailed = !verdict.IsAlive;
        return Definite(verdict.IsAlive, "running, " + verdict.Reason, "running, " + verdict.Topic);
    }

    private static HeartbeatRead ReadHeartbeat(IGuest guest, bool seenBefore, Deadline deadline)
    {
        if (seenBefore)
        {
            var percentage = guest.HeartbeatPercentage(deadline);
            return percentage.IsOk ? new HeartbeatRead(HeartbeatReading.FromPercentage(percentage.Value))
                : percentage.FailedWith(HResults.AdditionsNotAvailable) ? new HeartbeatRead(HeartbeatReading.AdditionsNotAvailable)
                : HeartbeatRead.Failed("HeartbeatPercentage: " + percentage, percentage.Kind == VsAnswerKind.TimedOut, percentage.FailedWith(HResults.AdditionsFeatureNotAvailable));
        }

        var beating = guest.IsHeartbeating(deadline);
        return beating.IsOk ? new HeartbeatRead(HeartbeatReading.FromIsHeartbeating(beating.Value))
            : beating.FailedWith(HResults.AdditionsNotAvailable) ? new HeartbeatRead(HeartbeatReading.AdditionsNotAvailable)
            : HeartbeatRead.Failed("IsHeartbeating: " + beating, beating.Kind == VsAnswerKind.TimedOut, beating.FailedWith(HResults.AdditionsFeatureNotAvailable));
    }

    /// <summary>A definite verdict: it ends any "cannot tell" (only such a verdict does).</summary>
    private Verdict Definite(bool alive, string reason, string? topic = null)
    {
        _memory.Locked(() => _memory.Uncertainty.Close());
        return new Verdict(alive, reason, topic: topic);
    }

    private Verdict CannotTell(string why, IClusterResource resource)
    {
        var logIt = false;
        var alive = _memory.Locked(() => _memory.Uncertainty.Observe(out logIt));
        if (logIt)
        {
            resource.Log(alive
                ? "IsAlive: cannot tell whether the guest runs (" + why + "); counting it as alive for at most "
                    + Describe.WholeSeconds(UncertaintyWindow.Limit) + " s in a row, so that a hung Virtual Server does not move a disk under a running guest"
                : "IsAlive: still cannot tell after " + Describe.WholeSeconds(UncertaintyWindow.Limit) + " s (" + why + "): reporting failure");
        }

        return new Verdict(alive, "cannot tell: " + why, cannotTell: true);
    }

    /// <summary>One heartbeat read: a reading, or why there is none.</summary>
    private sealed class HeartbeatRead
    {
        public HeartbeatRead(HeartbeatReading reading) => Reading = reading;

        private HeartbeatRead(string failure, bool timedOut, bool featureNotAvailable)
        {
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

        public static HeartbeatRead Failed(string failure, bool timedOut, bool featureNotAvailable) => new(failure, timedOut, featureNotAvailable);
    }

    /// <summary>An alive-or-dead answer and why.</summary>
    private sealed class Verdict
    {
        public Verdict(bool alive, string reason, bool cannotTell = false, string? topic = null)
        {
            Alive = alive;
            Reason = reason;
            CannotTell = cannotTell;
            Topic = topic ?? reason;
        }

        /// <summary>The reason without its counters: what decides whether the verdict is worth a new line.</summary>
        public string Topic { get; }

        public bool Alive { get; }

        /// <summary>A "cannot tell" answer (its line is written by the uncertainty window, at most once per 5 minutes).</summary>
        public bool CannotTell { get; }

        public string Reason { get; }
    }

    /// <summary>What Open found or did about the service, and whether that is worth more than one log line.</summary>
    private sealed class ServiceNote
    {
        public ServiceNote(bool changed, string note)
        {
            Changed = changed;
            Note = note;
        }

        public bool Changed { get; }

        public string Note { get; }
    }
}
