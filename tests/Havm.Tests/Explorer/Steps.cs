using Havm.Core.Model;
using Havm.Tests.Fakes;

namespace Havm.Tests.Explorer;

/// <summary>
/// One step of an explored history: something the cluster host does (in the orders of behaviour.md section 1), or
/// something Virtual Server, an administrator or the <c>Resource</c> object does on its own. Plain data, so that the
/// property-testing library can generate, print and shrink it.
/// </summary>
public abstract record Step;

/// <summary>The host brings the resource online (load, Open, Online); a failure goes on to Open, Terminate, Close.</summary>
public sealed record HostOnline : Step;

/// <summary>The host polls: LooksAlive every 5 s, <paramref name="LooksAlives"/> times, then IsAlive (at once after a false).</summary>
public sealed record HostPoll(int LooksAlives) : Step;

/// <summary>The host takes the resource offline (Offline, Close, unload).</summary>
public sealed record HostOffline : Step;

/// <summary>The host handles a failure: Open, Terminate, Close.</summary>
public sealed record HostFailure : Step;

/// <summary>The resource is created or its properties are changed: load, Open, Close.</summary>
public sealed record HostBareOpenClose : Step;

/// <summary>The host process is recycled (deadlock detection): what the resource learned in memory is gone.</summary>
public sealed record HostRecycle : Step;

/// <summary>Time passes.</summary>
public sealed record Pass(int Seconds) : Step;

/// <summary>The next Online or Offline meets a concurrent Terminate at its <paramref name="At"/>-th wait slice or guest-changing call.</summary>
public sealed record TerminateDuring(int At) : Step;

/// <summary>The guest changes state on its own (an administrator, the guest OS) after <paramref name="AfterSeconds"/>.</summary>
public sealed record GuestBecomes(GuestState State, int AfterSeconds) : Step;

/// <summary>A call into Virtual Server fails (<paramref name="Fault"/>: an index into <see cref="ExplorerFaults.All"/>) the next <paramref name="Times"/> times.</summary>
public sealed record CallFails(VsCall Call, int Fault, int Times) : Step;

/// <summary>How the next tasks of a guest method behave.</summary>
public sealed record TaskBehaves(VsCall Method, TaskKind Kind, int Seconds) : Step;

/// <summary>What the "Virtual Server" service does.</summary>
public sealed record ServiceDoes(ServiceEvent Event, int Seconds) : Step;

/// <summary>The guest's heartbeat as the Additions report it (-1: Additions not available).</summary>
public sealed record Heartbeat(int Percentage) : Step;

/// <summary>The guest is unregistered from Virtual Server on this node.</summary>
public sealed record Unregistered : Step;

/// <summary>The next <paramref name="Calls"/> calls on the cluster's <c>Resource</c> object throw.</summary>
public sealed record ResourceFails(int Calls) : Step;

/// <summary>An administrator sets VirtualMachineName (to the guest, to another registered guest, or blank).</summary>
public sealed record Renamed(string Name) : Step;

/// <summary>Another node brought the guest online (LastOnlineNode names it): the instance here, if running, is stale.</summary>
public sealed record OtherNodeTookOver : Step;

/// <summary>An administrator sets a numeric private property.</summary>
public sealed record SetProperty(string Name, int Value) : Step;

/// <summary>The guest's undo disks are set to discard (Virtual Server refuses to save it) or not.</summary>
public sealed record UndoDisks(bool Discard) : Step;

/// <summary>How a task behaves.</summary>
public enum TaskKind
{
    /// <summary>As usual: completes with success.</summary>
    Normal,
    /// <summary>Never completes.</summary>
    Hangs,
    /// <summary>Completes after some seconds.</summary>
    Slow,
    /// <summary>Ends with an error result; the guest stays where it was.</summary>
    Fails,
    /// <summary>Reports success while the guest's state lags behind for some seconds.</summary>
    StateLags,
    /// <summary>Reports success but the guest stays where it was (Virtual Server did not do it).</summary>
    Lies,
    /// <summary>Can be cancelled while it runs (a start or restore).</summary>
    Cancelable,
}

/// <summary>What the service does.</summary>
public enum ServiceEvent
{
    /// <summary>Restarts: every object obtained before fails with RPC_E_DISCONNECTED; guests are as they were saved.</summary>
    Restart,
    /// <summary>Node shutdown: StopPending while Virtual Server saves its guests, then Stopped.</summary>
    Shutdown,
    /// <summary>Stops (guests are off).</summary>
    Stop,
    /// <summary>Starts again.</summary>
    Start,
}

/// <summary>The faults the explorer injects: every named HRESULT the core treats specially, one unknown, and a hang.</summary>
public static class ExplorerFaults
{
    public static readonly IReadOnlyList<Fault> All =
    [
        Fault.TimedOut(),
        Fault.Failed(HResults.VmTimedOut),
        Fault.Failed(HResults.AccessDenied),
        Fault.Failed(HResults.OutOfResource),
        Fault.Failed(HResults.DispException),
        Fault.Failed(HResults.Fail),
        Fault.Failed(HResults.VmNotRunning),
        Fault.Failed(HResults.VmUnknown),
        Fault.Failed(HResults.AppShuttingDown),
        Fault.Failed(HResults.VmRunning),
        Fault.Failed(HResults.VmPaused),
        Fault.Failed(HResults.AdditionsNotAvailable),
        Fault.Failed(HResults.AdditionsFeatureNotAvailable),
        Fault.Failed(HResults.RpcDisconnected),
        Fault.Failed(HResults.RpcServerUnavailable),
        Fault.Failed(HResults.ObjectNotConnected),
        Fault.Failed(HResults.SavedStateBadVersion),
        Fault.Failed(new HResult(0x80041234u)),
    ];
}
