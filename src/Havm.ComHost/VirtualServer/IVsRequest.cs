namespace Havm.ComHost.VirtualServer;

/// <summary>One call handed to a <see cref="VsWorker"/>.</summary>
internal interface IVsRequest
{
    /// <summary>
    /// Runs on the worker, unless its waiter already gave up; never throws. True when the call failed because the
    /// connection to Virtual Server is gone, so that the worker drops it.
    /// </summary>
    bool Run(VsConnection connection);

    /// <summary>Answers "no answer in time" at once, unless the call already started (no worker may take it).</summary>
    void GiveUp();

    /// <summary>Whether its waiter need not wait: answered, or given up (read from any thread, without a lock).</summary>
    bool NeedsNoWait { get; }
}
