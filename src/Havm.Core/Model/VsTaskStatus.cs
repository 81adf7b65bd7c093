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
public sealed class VsTaskStatus
{
    /// <summary>Creates a status.</summary>
    public VsTaskStatus(bool isComplete, TaskResult result, int percentCompleted, bool isCancelable, HResult error)
    {
        IsComplete = isComplete;
        Result = result;
        PercentCompleted = percentCompleted;
        IsCancelable = isCancelable;
        Error = error;
    }

    /// <summary><c>IsComplete</c>.</summary>
    public bool IsComplete { get; }

    /// <summary><c>Result</c>; meaningful once complete.</summary>
    public TaskResult Result { get; }

    /// <summary><c>PercentCompleted</c>, 0 to 100.</summary>
    public int PercentCompleted { get; }

    /// <summary><c>IsCancelable</c>.</summary>
    public bool IsCancelable { get; }

    /// <summary><c>IVMTask2.Error</c>; S_OK when there is none or the task has no such property.</summary>
    public HResult Error { get; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"complete={IsComplete} result={Result} {PercentCompleted}% cancelable={IsCancelable} error={HResults.Describe(Error)}";
}
