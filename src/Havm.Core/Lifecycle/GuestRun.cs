using Havm.Core.Configuration;
using Havm.Core.Model;
using Havm.Core.Ports;

namespace Havm.Core.Lifecycle;

/// <summary>
/// The runner every Online, Offline and Terminate uses: it owns the run's deadline, its termination epoch (whether a
/// Terminate overtook it), the change guard the adapter checks before each change, the give-up after a bounded number
/// of rounds, and the waits. Steps decide (through <see cref="StopPolicy"/> and <see cref="OnlinePolicy"/>) and
/// return a <see cref="Next"/>; the runner executes rounds until one ends the run. Used by one thread, for one run.
/// </summary>
internal sealed class GuestRun
{
    private readonly long? _epoch;
    private readonly string _entryPoint;
    private GuestTarget? _target;
    private ChangeGuard? _guard;

    /// <param name="parts">The resource's shared parts.</param>
    /// <param name="resource">The cluster's Resource object for this call.</param>
    /// <param name="settings">The private properties as read at the start of the call.</param>
    /// <param name="name">The guest's name in Virtual Server.</param>
    /// <param name="deadline">The entry point's deadline.</param>
    /// <param name="epoch">The termination epoch when the run began; null for Terminate itself (never superseded).</param>
    /// <param name="entryPoint">The entry point's name, the prefix of every log line.</param>
    public GuestRun(ResourceParts parts, IClusterResource resource, ResourceSettings settings, string name, Deadline deadline, long? epoch, string entryPoint)
    {
        Parts = parts;
        Resource = resource;
        Settings = settings;
        Name = name;
        Deadline = deadline;
        _epoch = epoch;
        _entryPoint = entryPoint;
    }

    public ResourceParts Parts { get; }

    public IClusterResource Resource { get; }

    public ResourceSettings Settings { get; }

    /// <summary>The guest's name in Virtual Server.</summary>
    public string Name { get; }

    public Deadline Deadline { get; }

    /// <summary>The guest object found for <see cref="Name"/>; set by <see cref="Found"/> before any step that calls it.</summary>
    public GuestTarget Target => _target ?? throw new InvalidOperationException("the guest was not found yet");

    /// <summary>Whether a Terminate began since this run did.</summary>
    public bool Superseded => Parts.Epoch.HasMoved(_epoch);

    /// <summary>Checked once more by the adapter right before each change reaches Virtual Server (Terminate: never superseded).</summary>
    public ChangeGuard Guard => _guard ??= _epoch is null ? ChangeGuard.Never : new ChangeGuard(() => Superseded);

    /// <summary>The guest was found (again) as <paramref name="guest"/>: later calls go to that object.</summary>
    public void Found(IGuest guest)
    {
        if (_target is null)
        {
            _target = new GuestTarget(Name, guest);
        }
        else
        {
            _target.Guest = guest;
        }
    }

    /// <summary>
    /// Runs rounds from <paramref name="state"/> until one ends the run, at most <paramref name="maxRounds"/> of them;
    /// a Terminate that began meanwhile ends it before the next round (995). Returns the Win32 code.
    /// </summary>
    public int Rounds(GuestState state, int maxRounds, Func<GuestState, Next> round, Func<GuestState, int> gaveUp)
    {
        for (var count = 0; count < maxRounds; count++)
        {
            if (Superseded)
            {
                return Aborted().Code;
            }

            var next = round(state);
            if (next.Ends)
            {
                return next.Code;
            }

            state = next.State;
        }

        return gaveUp(state);
    }

    /// <summary>Ends the run without touching the guest again: a Terminate overtook it (ERROR_OPERATION_ABORTED).</summary>
    public Next Aborted()
    {
        Log(RunMessages.Superseded(Name));
        return Next.End(Win32Error.OperationAborted);
    }

    /// <summary>
    /// A call to the guest or Virtual Server failed: refused by the change guard (ERROR_OPERATION_ABORTED), the run
    /// was superseded; otherwise <paramref name="line"/> is logged and the run ends with the call's code.
    /// </summary>
    public Next Failed<T>(VsAnswer<T> answer, string line)
    {
        if (answer.FailedWith(HResults.OperationAborted))
        {
            return Aborted();
        }

        Log(line);
        return Next.End(Outcomes.ForFailure(answer));
    }

    /// <summary>Polls the guest's state until <paramref name="until"/> holds, within the run's deadline.</summary>
    public StateWait WaitForState(Func<GuestState, bool> until, GuestState last) => WaitForState(until, last, Deadline);

    /// <summary>Polls the guest's state until <paramref name="until"/> holds, within <paramref name="deadline"/>.</summary>
    public StateWait WaitForState(Func<GuestState, bool> until, GuestState last, Deadline deadline) =>
        Parts.Wait.ForState(Target, until, deadline, _epoch, last);

    /// <summary>A fresh state, retried while reads fail (a save under way cannot be ruled out without one).</summary>
    public StateWait ReadState(GuestState last) => WaitForState(_ => true, last);

    /// <summary>Waits for <paramref name="task"/> within <paramref name="deadline"/>.</summary>
    public TaskWait WaitForTask(IVsTask task, Deadline deadline) => Parts.Wait.ForTask(task, deadline, _epoch);

    /// <summary>Waits for the stopping Virtual Server service to stop or run again.</summary>
    public ServiceWait WaitForServiceStop() => Parts.Wait.ForServiceStop(Parts.VirtualServer, Deadline, _epoch);

    /// <summary>Sleeps until the next slice of the deadline (a flaky Virtual Server is asked again after it).</summary>
    public void Pause() => Parts.Clock.Sleep(Deadline.NextSlice(Waiter.Slice));

    /// <summary>Logs <paramref name="line"/> under the entry point's name.</summary>
    public void Log(string line) => Resource.Log(_entryPoint + ": " + line);
}
