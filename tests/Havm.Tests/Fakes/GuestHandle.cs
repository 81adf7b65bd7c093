using Havm.Core.Model;
using Havm.Core.Ports;

namespace Havm.Tests.Fakes;

/// <summary>
/// What <see cref="FakeVirtualServer.FindGuest"/> hands out: the guest as seen through one connection. After a
/// service restart it fails with RPC_E_DISCONNECTED, like a kept COM object.
/// </summary>
internal sealed class GuestHandle : IGuest
{
    private readonly FakeGuest _guest;
    private readonly int _epoch;

    public GuestHandle(FakeGuest guest, int epoch)
    {
        _guest = guest;
        _epoch = epoch;
    }

    public string Name => _guest.Name;

    public VsAnswer<GuestState> ReadState(Deadline deadline) => _guest.ReadState(_epoch, deadline);

    public VsAnswer<IVsTask> Startup(Deadline deadline, ChangeGuard guard) => _guest.Startup(_epoch, deadline, guard);

    public VsAnswer<IVsTask> Save(Deadline deadline, ChangeGuard guard) => _guest.Save(_epoch, deadline, guard);

    public VsAnswer<IVsTask> TurnOff(Deadline deadline, ChangeGuard guard) => _guest.TurnOff(_epoch, deadline, guard);

    public VsAnswer<IVsTask> Resume(Deadline deadline, ChangeGuard guard) => _guest.Resume(_epoch, deadline, guard);

    public VsAnswer<IVsTask> ShutdownGuestOs(Deadline deadline, ChangeGuard guard) => _guest.ShutdownGuestOs(_epoch, deadline, guard);

    public VsAnswer<bool> DiscardSavedState(Deadline deadline, ChangeGuard guard) => _guest.DiscardSavedState(_epoch, deadline, guard);

    public VsAnswer<bool> IsHeartbeating(Deadline deadline) => _guest.IsHeartbeating(_epoch, deadline);

    public VsAnswer<int> HeartbeatPercentage(Deadline deadline) => _guest.HeartbeatPercentage(_epoch, deadline);

    public VsAnswer<GuestFiles> ReadFiles(Deadline deadline) => _guest.ReadFiles(_epoch, deadline);

    public VsAnswer<GuestConfiguration> ReadConfiguration(Deadline deadline) => _guest.ReadConfiguration(_epoch, deadline);
}
