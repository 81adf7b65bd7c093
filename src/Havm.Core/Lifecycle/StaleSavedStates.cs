using Havm.Core.Configuration;
using Havm.Core.Ports;

namespace Havm.Core.Lifecycle;

/// <summary>
/// The saved states written by a stale instance (one whose memory no longer matches the disk): never restored. Kept
/// in this process and in the StaleSavedStateNode property, so that a recycled host process still refuses them
/// (behaviour.md section 4). Thread-safe: its own lock, never held across a call to the Resource object.
/// </summary>
internal sealed class StaleSavedStates
{
    private readonly object _gate = new();
    private readonly HashSet<string> _guests = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A stale instance of <paramref name="guestName"/> saved (or is saving) its memory on this node.</summary>
    public void Remember(IClusterResource resource, string guestName)
    {
        lock (_gate)
        {
            _ = _guests.Add(guestName);
        }

        resource.WriteProperty(PropertyNames.StaleSavedStateNode, resource.NodeName);
    }

    /// <summary>Whether the guest's saved state on this node was written by a stale instance (this process knows, or the property says so).</summary>
    public bool Holds(IClusterResource resource, ResourceSettings settings, string guestName)
    {
        lock (_gate)
        {
            if (_guests.Contains(guestName))
            {
                return true;
            }
        }

        return string.Equals(settings.StaleSavedStateNode.Trim(), resource.NodeName, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The stale saved state is gone (discarded).</summary>
    public void Forget(IClusterResource resource, string guestName)
    {
        lock (_gate)
        {
            _ = _guests.Remove(guestName);
        }

        resource.WriteProperty(PropertyNames.StaleSavedStateNode, string.Empty);
    }
}
