using Havm.ComHost.Interop;

namespace Havm.ComHost.VirtualServer;

/// <summary>
/// <see cref="IVsTask"/> for one Virtual Server task (<c>IVMTask</c>, <c>IVMTask2</c>). It is the key under which
/// the worker keeps the task object, so it never holds a COM object itself.
/// </summary>
internal sealed class TaskAdapter : IVsTask
{
    /// <summary>The longest single WaitForCompletion: a hung wait must not hold the worker for long.</summary>
    private static readonly TimeSpan LongestSlice = TimeSpan.FromSeconds(1);

    private readonly VirtualServerAdapter _owner;

    public TaskAdapter(VirtualServerAdapter owner) => _owner = owner;

    /// <inheritdoc/>
    public VsAnswer<bool> WaitForCompletion(TimeSpan slice, Deadline deadline)
    {
        var milliseconds = (int)Math.Max(0, Math.Min(slice.TotalMilliseconds, LongestSlice.TotalMilliseconds));
        return _owner.Run(deadline, c =>
        {
            var task = c.Task(this);
            _ = LateBinder.Call(task, "WaitForCompletion", milliseconds);
            return VsAnswer<bool>.Ok(Variants.ToBool(LateBinder.Get(task, "IsComplete")));
        });
    }

    /// <inheritdoc/>
    public VsAnswer<VsTaskStatus> ReadStatus(Deadline deadline) =>
        _owner.Run(deadline, c =>
        {
            var task = c.Task(this);
            var isComplete = Variants.ToBool(LateBinder.Get(task, "IsComplete"));

            // Result and Error mean something only once the task is complete.
            return VsAnswer<VsTaskStatus>.Ok(new VsTaskStatus(
                isComplete,
                isComplete ? (TaskResult)Variants.ToInt(LateBinder.Get(task, "Result")) : TaskResult.Success,
                Variants.ToInt(LateBinder.Get(task, "PercentCompleted")),
                Variants.ToBool(LateBinder.Get(task, "IsCancelable")),
                isComplete ? ReadError(task) : HResults.Ok));
        });

    /// <inheritdoc/>
    public VsAnswer<bool> Cancel(Deadline deadline) =>
        _owner.Run(deadline, c =>
        {
            _ = LateBinder.Call(c.Task(this), "Cancel");
            return VsAnswer<bool>.Ok(true);
        });

    private static HResult ReadError(object task)
    {
        try
        {
            return Variants.ToHResult(LateBinder.Get(task, "Error"));
        }
        catch (COMException ex) when (Dispatch.IsMissingMember(ex.ErrorCode))
        {
            // An IVMTask without IVMTask2 has no Error: no error to report.
            return HResults.Ok;
        }
    }
}
