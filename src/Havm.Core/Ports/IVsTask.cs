using Havm.Core.Model;

namespace Havm.Core.Ports;

/// <summary>A Virtual Server task (<c>IVMTask</c>) returned by Startup, Save, TurnOff, Resume or Shutdown.</summary>
public interface IVsTask
{
    /// <summary>
    /// <c>WaitForCompletion</c> for at most <paramref name="slice"/> (Havm.Core never asks for more than 1 s);
    /// true when the task is complete.
    /// </summary>
    VsAnswer<bool> WaitForCompletion(TimeSpan slice, Deadline deadline);

    /// <summary>The task's completion, result, progress and error, read together.</summary>
    VsAnswer<VsTaskStatus> ReadStatus(Deadline deadline);

    /// <summary><c>Cancel()</c>: only for a task whose status says it is cancelable.</summary>
    VsAnswer<bool> Cancel(Deadline deadline);
}
