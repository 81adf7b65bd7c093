namespace Havm.Core.Model;

/// <summary>Virtual Server's <c>VMTaskResult</c>, value for value.</summary>
public enum TaskResult
{
    /// <summary>The task succeeded.</summary>
    Success = 0,
    /// <summary>The task was cancelled.</summary>
    Cancelled = 1,
    /// <summary>An unexpected error.</summary>
    UnexpectedError = 2,
    /// <summary>Not enough memory.</summary>
    OutOfMemoryError = 3,
    /// <summary>A disk error.</summary>
    DiskRelatedError = 4,
    /// <summary>The saved state cannot be restored.</summary>
    IncompatibleSavedStateError = 5,
    /// <summary>The task timed out inside Virtual Server.</summary>
    TimeOutError = 6,
    /// <summary>An illegal value.</summary>
    IllegalValueError = 7,
    /// <summary>A Virtual Server thread crashed.</summary>
    ThreadCrashError = 8,
}

/// <summary>What a task reports about itself, read in one go (<c>IVMTask</c> and <c>IVMTask2</c>).</summary>
/// <param name="IsComplete"><c>IsComplete</c>.</param>
/// <param name="Result"><c>Result</c>; meaningful once complete.</param>
/// <param name="PercentCompleted"><c>PercentCompleted</c>, 0 to 100.</param>
/// <param name="IsCancelable"><c>IsCancelable</c>.</param>
/// <param name="Error"><c>IVMTask2.Error</c>; S_OK when there is none or the task has no such property.</param>
public sealed record VsTaskStatus(bool IsComplete, TaskResult Result, int PercentCompleted, bool IsCancelable, HResult Error)
{
    /// <summary>For the log: <c>complete=True result=Success 100% cancelable=False error=S_OK 0x00000000</c>.</summary>
    public override string ToString() =>
        $"complete={IsComplete} result={Result} {PercentCompleted}% cancelable={IsCancelable} error={HResults.Describe(Error)}";
}
