using Havm.Core.Model;

namespace Havm.Core.Lifecycle;

/// <summary>How Virtual Server's results become the Win32 codes the host reads.</summary>
internal static class Outcomes
{
    /// <summary>A task that ended with <paramref name="result"/>.</summary>
    public static int ForTask(TaskResult result) => result switch
    {
        TaskResult.Success => Win32Error.Success,
        TaskResult.Cancelled => Win32Error.Cancelled,
        TaskResult.OutOfMemoryError => Win32Error.NotEnoughMemory,
        TaskResult.DiskRelatedError => Win32Error.IoDevice,
        TaskResult.TimeOutError => Win32Error.Timeout,
        _ => Win32Error.FunctionFailed,
    };

    /// <summary>
    /// A task that completed (or was lost) without the guest changing as it should: its result's code, never
    /// success (ERROR_FUNCTION_FAILED when the task claims success or cannot be read).
    /// </summary>
    public static int ForTaskWithoutEffect(VsTaskStatus? status) =>
        status is null || status.Result == TaskResult.Success ? Win32Error.FunctionFailed : Math.Max(ForTask(status.Result), Win32Error.InvalidFunction);

    /// <summary>A call that failed: a Win32 code wrapped in an HRESULT (0x8007xxxx, not 0) keeps its code, anything else is ERROR_FUNCTION_FAILED.</summary>
    public static int ForFailure<T>(VsAnswer<T> answer)
    {
        if (answer.Kind == VsAnswerKind.TimedOut)
        {
            return Win32Error.Timeout;
        }

        // A failed call never reads as success, not even HRESULT_FROM_WIN32(ERROR_SUCCESS).
        return HResults.Win32CodeOf(answer.Error) is > 0 and var code ? code : Win32Error.FunctionFailed;
    }
}
