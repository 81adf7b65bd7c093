namespace Havm.ComHost.VirtualServer;

/// <summary>The task of a Virtual Server call that returned none: complete and successful at once.</summary>
internal sealed class CompletedTask : IVsTask
{
    public static readonly CompletedTask Instance = new();

    private static readonly VsTaskStatus Done = new(true, TaskResult.Success, 100, false, HResults.Ok);

    private CompletedTask()
    {
    }

    /// <inheritdoc/>
    public VsAnswer<bool> WaitForCompletion(TimeSpan slice, Deadline deadline) => VsAnswer<bool>.Ok(true);

    /// <inheritdoc/>
    public VsAnswer<VsTaskStatus> ReadStatus(Deadline deadline) => VsAnswer<VsTaskStatus>.Ok(Done);

    /// <inheritdoc/>
    public VsAnswer<bool> Cancel(Deadline deadline) => VsAnswer<bool>.Ok(false);
}
