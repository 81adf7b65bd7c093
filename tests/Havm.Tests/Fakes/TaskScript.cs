using Havm.Core.Model;

namespace Havm.Tests.Fakes;

/// <summary>
/// How the next tasks a <see cref="FakeGuest"/> method returns behave. Default: complete with Success at the first
/// <c>WaitForCompletion</c>, or by itself 1 s after it began (a caller may watch the guest's state instead of waiting
/// on the task), the guest then in the method's final state. A task completes at whichever of
/// <see cref="CompletesAfterWaits"/> and <see cref="CompletesAfter"/> comes first; both null means never.
/// </summary>
public sealed class TaskScript
{
    /// <summary>How long a default task takes when nobody waits on it.</summary>
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(1);

    public TaskScript() => Reset();

    /// <summary>The number of <c>WaitForCompletion</c> calls that complete it (0: complete when created); null: not by waits.</summary>
    public int? CompletesAfterWaits { get; set; }

    /// <summary>Clock time after its creation at which it completes (checked on every call); null: not by time.</summary>
    public TimeSpan? CompletesAfter { get; set; }

    /// <summary>The task's result once complete.</summary>
    public TaskResult Result { get; set; }

    /// <summary>The task's <c>Error</c> once complete.</summary>
    public HResult Error { get; set; }

    /// <summary>The guest's state while the task runs; null: the method's usual transitional state.</summary>
    public GuestState? StateWhileRunning { get; set; }

    /// <summary>The guest's state after success; null: the method's usual final state.</summary>
    public GuestState? StateOnSuccess { get; set; }

    /// <summary>The guest's state after a failure; null: the state before the task.</summary>
    public GuestState? StateOnFailure { get; set; }

    /// <summary>How long after a successful completion the guest's state still shows the old one (default none).</summary>
    public TimeSpan StateLag { get; set; }

    /// <summary>Whether <c>Cancel</c> works while it runs (a cancelled start or restore leaves the guest off or saved).</summary>
    public bool IsCancelable { get; set; }

    /// <summary>How much <c>PercentCompleted</c> rises on every wait that does not complete it (capped at 99).</summary>
    public int PercentPerWait { get; set; }

    /// <summary>Runs after each wait that did not complete the task, outside every lock (to inject concurrency).</summary>
    public Action<FakeTask>? OnWait { get; set; }

    /// <summary>Whether tasks made with this script fail.</summary>
    public bool Fails => Result != TaskResult.Success || Error.IsFailure;

    /// <summary>The task never completes.</summary>
    public TaskScript NeverCompletes()
    {
        CompletesAfterWaits = null;
        CompletesAfter = null;
        return this;
    }

    /// <summary>The task completes with <paramref name="result"/> and <paramref name="error"/>.</summary>
    public TaskScript EndsWith(TaskResult result, HResult error = default)
    {
        Result = result;
        Error = error;
        return this;
    }

    /// <summary>Back to the defaults.</summary>
    public void Reset()
    {
        CompletesAfterWaits = 1;
        CompletesAfter = DefaultDuration;
        Result = TaskResult.Success;
        Error = HResults.Ok;
        StateWhileRunning = null;
        StateOnSuccess = null;
        StateOnFailure = null;
        IsCancelable = false;
        StateLag = TimeSpan.Zero;
        PercentPerWait = 0;
        OnWait = null;
    }

    internal TaskScript Copy() => new()
    {
        CompletesAfterWaits = CompletesAfterWaits,
        CompletesAfter = CompletesAfter,
        Result = Result,
        Error = Error,
        StateWhileRunning = StateWhileRunning,
        StateOnSuccess = StateOnSuccess,
        StateOnFailure = StateOnFailure,
        IsCancelable = IsCancelable,
        StateLag = StateLag,
        PercentPerWait = PercentPerWait,
        OnWait = OnWait,
    };
}
