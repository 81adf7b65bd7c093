using Havm.Core.Ports;

namespace Havm.Core.Lifecycle;

/// <summary>
/// The guest one run acts on: its name and the Virtual Server object last found for it, replaced when a wait has to
/// look it up again (after a Virtual Server restart every object obtained before fails). Used by one run only.
/// </summary>
internal sealed class GuestTarget
{
    public GuestTarget(string name, IGuest guest)
    {
        Name = name;
        Guest = guest;
    }

    /// <summary>The guest's name in Virtual Server.</summary>
    public string Name { get; }

    /// <summary>The object to call; replaced by <see cref="Waiter"/> after a fresh lookup.</summary>
    public IGuest Guest { get; set; }
}
