namespace Havm.Core.Model;

/// <summary>
/// Monotonic time, read only: all a <see cref="Deadline"/> needs. The clock port (<c>IClock</c> in Ports) is one and
/// adds the waiting. A deadline reads time through this, not through the port, so that the model depends on nothing
/// and the ports on the model only; every caller still hands its clock over unchanged.
/// </summary>
public interface ITimeSource
{
    /// <summary>Monotonic time since an arbitrary origin: it never goes back.</summary>
    TimeSpan Now { get; }
}
