using Havm.Core.Ports;

namespace Havm.Core.Health;

/// <summary>
/// IsAlive's "cannot tell" rule: while Virtual Server cannot be read, the guest counts as alive for at most
/// 300 s in a row (then dead), and this is logged at most once every 5 minutes. Decides only; not thread-safe.
/// </summary>
public sealed class UncertaintyWindow
{
    /// <summary>How long "cannot tell" may last before IsAlive says dead.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(300);

    /// <summary>The least time between two log lines about it.</summary>
    public static readonly TimeSpan LogInterval = TimeSpan.FromMinutes(5);

    /// <summary>Creates a window measured with <paramref name="clock"/>.</summary>
    public UncertaintyWindow(IClock clock) => throw new NotImplementedException();

    /// <summary>Whether "cannot tell" is going on now.</summary>
    public bool IsOpen => throw new NotImplementedException();

    /// <summary>Another "cannot tell": returns whether the guest still counts as alive; <paramref name="shouldLog"/> says whether to log it.</summary>
    public bool Observe(out bool shouldLog) => throw new NotImplementedException();

    /// <summary>A definite answer arrived: the window closes.</summary>
    public void Close() => throw new NotImplementedException();
}
