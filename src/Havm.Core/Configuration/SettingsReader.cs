using Havm.Core.Ports;

namespace Havm.Core.Configuration;

/// <summary>
/// Reads a resource's private properties with VBScript's rules and the contract's ranges. A bad value never fails:
/// it is logged once per change (property, value, accepted range, the <c>cluster res</c> command that fixes it) and
/// replaced by the last good value seen, else the default. One instance per resource; thread-safe.
/// </summary>
public sealed class SettingsReader
{
    /// <summary>Reads every property once and returns valid settings, logging what it had to replace.</summary>
    public ResourceSettings Read(IClusterResource resource) => throw new NotImplementedException();
}
