using Havm.Core.Configuration;
using Havm.Core.Lifecycle;
using Havm.Core.Model;
using Havm.Tests.Fakes;
using Havm.Tests.Lifecycle;
using NUnit.Framework;

namespace Havm.Tests.Review;

/// <summary>A second adversarial review against behaviour.md v3 (kept GuestOS, lookups, state polling, the policies, registration): a rule one input broke, fixed by kind, and probes that held.</summary>
[TestFixture]
public sealed class SecondReviewTests
{
    private const string Vmc = @"X:\Guests\Web1\Web1.vmc";

    /// <summary>
    /// behaviour.md 4 ("The guest is the one this run brought online ... act on that guest"; Online step 1: a file that
    /// registers another guest fails with 13 naming both). A guest "Other" was registered from the same .vmc BEFORE this
    /// Online and runs; VirtualMachineName is a typo ("Guest1"). Online must fail without touching "Other": it is not
    /// this resource's guest and this Online did not register it.
    /// </summary>
    [Test]
    public void Online_FileAlreadyRegisteredAsAnotherRunningGuest_NeverUnregistersThatGuest()
    {
        var clock = new FakeClock();
        var server = new FakeVirtualServer(clock);
        var other = server.AddGuest("Other", GuestState.Running);
        other.Configuration = new GuestConfiguration(Vmc, false, GuestConfiguration.AutoStartNever, GuestConfiguration.ShutdownActionSave);
        server.PutOnStorage(Vmc, "Other", GuestState.Running);
        var resource = new FakeResource();
        resource.Set(PropertyNames.VirtualMachineName, "Guest1");
        resource.Set(PropertyNames.VirtualMachineConfigurationPath, Vmc);
        var controller = new GuestController(server, clock);

        controller.Open(resource);
        var rc = controller.Online(resource);

        Assert.That(rc, Is.Not.EqualTo(Win32Error.Success), resource.Dump);
        Assert.That(server.WasCalled("UnregisterGuest"), Is.False, "a guest registered before this Online (and running) was unregistered" + Environment.NewLine + resource.Dump());
        Assert.That(server.IsRegistered("Other"), Is.True, resource.Dump);
    }

    /// <summary>
    /// behaviour.md 4 Online step 1: "Registered under a different configuration file than VirtualMachineConfigurationPath:
    /// fail with ERROR_INVALID_DATA (13) ... (two guests share a name)"; section 4: Online acts on this resource's guest.
    /// When the guest's configuration cannot be read, Online cannot tell whether the guest of that name is this
    /// resource's: it must not start a guest registered from another file.
    /// </summary>
    [Test]
    public void Online_ConfigurationUnreadable_NeverStartsAGuestRegisteredFromAnotherFile()
    {
        var world = new World(GuestState.TurnedOff);
        world.Guest.Configuration = new GuestConfiguration(@"C:\Other\Guest1.vmc", false, GuestConfiguration.AutoStartNever, GuestConfiguration.ShutdownActionSave);
        world.Resource.Set(PropertyNames.VirtualMachineConfigurationPath, Vmc);
        world.Guest.Fail(VsCall.ReadConfiguration, Fault.Failed(HResults.Fail));

        var rc = world.OpenOnline();

        Assert.That(world.Server.WasCalled("Startup"), Is.False, "started a guest of another configuration file, rc=" + rc + Environment.NewLine + world.Resource.Dump());
    }

    /// <summary>
    /// behaviour.md 4: a VirtualMachineName blanked never makes a stop report "nothing to stop" while the guest runs;
    /// Terminate (fresh process, blank name) finds the guest by VirtualMachineConfigurationPath and saves it (never
    /// leaves it running, never turns it off while it can be saved).
    /// </summary>
    [Test]
    public void Terminate_BlankNameFreshProcess_SavesTheGuestRegisteredFromTheConfigurationFile()
    {
        var world = new World(GuestState.Running);
        world.Guest.Configuration = new GuestConfiguration(Vmc, false, GuestConfiguration.AutoStartNever, GuestConfiguration.ShutdownActionSave);
        world.Resource.Set(PropertyNames.VirtualMachineName, string.Empty);
        world.Resource.Set(PropertyNames.VirtualMachineConfigurationPath, Vmc);
        world.Resource.Set(PropertyNames.LastOnlineNode, World.ThisNode);

        var rc = world.OpenTerminate();

        Assert.That(rc, Is.EqualTo(Win32Error.Success), world.Resource.Dump);
        Assert.That(world.Guest.State, Is.EqualTo(GuestState.Saved), world.Resource.Dump);
    }
}
