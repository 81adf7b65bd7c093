using Havm.Core.Model;

namespace Havm.Core.Ports;

/// <summary>
/// The only source of time in Havm.Core. <see cref="ITimeSource.Now"/> is monotonic (it never goes back and has an
/// arbitrary origin); <see cref="Sleep"/> waits. One system implementation lives in the COM host's
/// composition root; tests use a fake that advances when slept on.
/// </summary>
public interface IClock : ITimeSource
{
    /// <summary>Blocks the calling thread for <paramref name="duration"/> (a fake advances its time instead).</summary>
    void Sleep(TimeSpan duration);
}
