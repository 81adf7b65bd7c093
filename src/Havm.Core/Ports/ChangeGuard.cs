using Havm.Core.Model;

namespace Havm.Core.Ports;

/// <summary>
/// Travels with every call that changes a guest (Startup, Save, TurnOff, Resume, Shutdown, DiscardSavedState). The
/// adapter asks it on the thread that makes the call, immediately before the call reaches Virtual Server, and
/// answers <c>HResults.OperationAborted</c> without calling when it is superseded: a Terminate that began after
/// the caller's last check of the termination epoch still stops the change (behaviour.md section 5). Thread-safe.
/// </summary>
public sealed class ChangeGuard
{
    private readonly Func<bool> _isSuperseded;

    /// <summary>A guard over <paramref name="isSuperseded"/>, which must be cheap and thread-safe.</summary>
    public ChangeGuard(Func<bool> isSuperseded) => _isSuperseded = isSuperseded;

    /// <summary>The guard of a caller nothing can supersede (Terminate itself).</summary>
    public static ChangeGuard Never { get; } = new(() => false);

    /// <summary>Whether the change must not be made any more.</summary>
    public bool IsSuperseded => _isSuperseded();
}
