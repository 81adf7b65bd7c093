using Havm.Core.Configuration;
using Havm.Core.Model;
using Havm.Tests.Fakes;
using Havm.Tests.Lifecycle;
using NUnit.Framework;

namespace Havm.Tests.Registration;

/// <summary>Issue 9: Online registers the guest and its networks from cluster storage (behaviour.md section 4, Online step 1).</summary>
[TestFixture]
public sealed class RegistrationTests
{
    private const string Vmc = @"X:\Guests\Web1\Web1.vmc";
    private const string Vnc = @"X:\Networks\Public.vnc";

    [Test]
    public void Online_GuestUnknownHere_RegistersItAndStartsIt()
    {
        // arrange: a node that never knew the guest; its files are on the cluster disk
        var world = FreshNode();

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That((rc, world.Server.Guest("Web1").State), Is.EqualTo((Win32Error.Success, GuestState.Running)), world.Resource.Dump);
        Assert.That(world.Resource.LinesContaining("registered guest 'Web1' from " + Vmc, World.ThisNode), Is.Not.Empty, world.Resource.Dump);
    }

    [Test]
    public void Online_NetworkUnknownHere_RegistersItBeforeTheGuest()
    {
        // arrange
        var world = FreshNode();
        world.Server.PutNetworkOnStorage(Vnc, registered: false);
        world.Resource.Set(PropertyNames.VirtualNetworkConfigurationPaths, Vnc);

        // act
        world.OpenOnline();

        // assert
        var calls = world.Server.CallNames.Where(c => c.StartsWith("Register", StringComparison.Ordinal)).ToList();
        Assert.That(calls, Is.EqualTo(new[] { "RegisterNetwork", "RegisterGuest" }));
        Assert.That(world.Resource.LinesContaining("registered the virtual network " + Vnc), Is.Not.Empty, world.Resource.Dump);
    }

    [Test]
    public void Online_NetworkAlreadyRegistered_IsNotRegisteredAgain()
    {
        // arrange: the network is known under another spelling of the same path
        var world = FreshNode();
        world.Server.PutNetworkOnStorage(Vnc.ToUpperInvariant(), registered: true);
        world.Resource.Set(PropertyNames.VirtualNetworkConfigurationPaths, " " + Vnc + " ;");

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That((rc, world.Server.CountOf("RegisterNetwork")), Is.EqualTo((Win32Error.Success, 0)), world.Resource.Dump);
    }

    [Test]
    public void Online_ConfigurationFileNotReadableHere_FailsWithTheWin32CodeNamingFileAndNode()
    {
        // arrange: the path is not on this node's storage (disk not online here, or a local path)
        var world = FreshNode();
        world.Resource.Set(PropertyNames.VirtualMachineConfigurationPath, @"C:\Local\Web1.vmc");

        // act
        var rc = world.OpenOnline();

        // assert: ERROR_FILE_NOT_FOUND from HRESULT 0x80070002
        Assert.That(rc, Is.EqualTo(2), world.Resource.Dump);
        Assert.That(world.Resource.LinesContaining(@"C:\Local\Web1.vmc", World.ThisNode, "not online here", "local disk"), Is.Not.Empty, world.Resource.Dump);
    }

    [Test]
    public void Online_NetworkFileNotReadableHere_FailsBeforeRegisteringTheGuest()
    {
        // arrange
        var world = FreshNode();
        world.Resource.Set(PropertyNames.VirtualNetworkConfigurationPaths, Vnc);

        // act
        var rc = world.OpenOnline();

        // assert: ERROR_PATH_NOT_FOUND
        Assert.That((rc, world.Server.CountOf("RegisterGuest")), Is.EqualTo((3, 0)), world.Resource.Dump);
        Assert.That(world.Resource.LinesContaining(Vnc, World.ThisNode), Is.Not.Empty, world.Resource.Dump);
    }

    [Test]
    public void Online_RegisteredFromAnotherFile_Fails13NamingBothFiles()
    {
        // arrange: the node knows a guest of that name, registered from another .vmc
        var world = new World(GuestState.TurnedOff);
        world.Resource.Set(PropertyNames.VirtualMachineConfigurationPath, Vmc);

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.InvalidData), world.Resource.Dump);
        Assert.That(world.Resource.LinesContaining(Vmc, world.Guest.Configuration.ConfigurationFile, "two guests share the name"), Is.Not.Empty, world.Resource.Dump);
        Assert.That(world.Guest.WasCalled(VsCall.Startup), Is.False);
    }

    [Test]
    public void Online_FileRegistersADifferentName_Fails13()
    {
        // arrange: the .vmc describes "Web2", the property names "Web1"
        var world = FreshNode();
        world.Server.PutOnStorage(Vmc, "Web2", GuestState.TurnedOff);

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.InvalidData), world.Resource.Dump);
        Assert.That(world.Resource.LinesContaining(Vmc, "none named 'Web1'"), Is.Not.Empty, world.Resource.Dump);
    }

    [Test]
    public void Online_NotRegisteredAndNoPath_Is1168NamingTheProperty()
    {
        // arrange
        var world = FreshNode();
        world.Resource.Set(PropertyNames.VirtualMachineConfigurationPath, string.Empty);

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.NotFound), world.Resource.Dump);
        Assert.That(world.Resource.LinesContaining("VirtualMachineConfigurationPath"), Is.Not.Empty, world.Resource.Dump);
    }

    [Test]
    public void Online_PathsEmpty_WritesWhatVirtualServerReports()
    {
        // arrange: a resource made the guide's way (the guest registered by hand, no paths)
        var world = new World(GuestState.TurnedOff);
        world.Guest.Files = new GuestFiles([@"D:\Guests\Guest1\Guest1.vhd"], [], [@"D:\Networks\Lan.vnc", @"D:\Networks\Dmz.vnc"]);

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Resource.Get(PropertyNames.VirtualMachineConfigurationPath).Text, Is.EqualTo(world.Guest.Configuration.ConfigurationFile));
        Assert.That(world.Resource.Get(PropertyNames.VirtualNetworkConfigurationPaths).Text, Is.EqualTo(@"D:\Networks\Lan.vnc;D:\Networks\Dmz.vnc"));
    }

    [Test]
    public void Online_PathsSet_NeverOverwritesThem()
    {
        // arrange
        var world = new World(GuestState.TurnedOff);
        world.Resource.Set(PropertyNames.VirtualNetworkConfigurationPaths, @"D:\Networks\Lan.vnc");
        world.Guest.Files = new GuestFiles([], [], [@"D:\Networks\Other.vnc"]);

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Resource.Get(PropertyNames.VirtualNetworkConfigurationPaths).Text, Is.EqualTo(@"D:\Networks\Lan.vnc"));
    }

    [Test]
    public void Online_DiskOnAnotherDrive_WarnsOnceWithTheFix()
    {
        // arrange: configuration on D:, a disk and an undo disk on C: (a local disk)
        var world = new World(GuestState.TurnedOff);
        world.Guest.Files = new GuestFiles([@"C:\VHD\Guest1.vhd"], [@"C:\VHD\Guest1.vud"], []);

        // act
        world.OpenOnline();
        world.Offline();
        world.OpenOnline();

        // assert
        var warnings = world.Resource.LinesContaining("WARNING", "another drive");
        Assert.That(warnings, Has.Count.EqualTo(1), world.Resource.Dump);
        Assert.That(warnings[0], Does.Contain(@"C:\VHD\Guest1.vhd").And.Contain(@"C:\VHD\Guest1.vud").And.Contain("(D:)").And.Contain("Virtual Server console"));
    }

    [Test]
    public void Online_AllFilesOnTheConfigurationDrive_NoWarning()
    {
        // arrange
        var world = new World(GuestState.TurnedOff);
        world.Guest.Files = new GuestFiles([@"d:\Guests\Guest1\Guest1.vhd"], [], [@"D:\Networks\Lan.vnc"]);

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Resource.LinesContaining("another drive"), Is.Empty, world.Resource.Dump);
    }

    [Test]
    public void Online_TerminateRightBeforeTheGuestsRegistration_RegistersNothingMore()
    {
        // arrange: a Terminate begins after the network's registration, right before the guest's
        var world = FreshNode();
        world.Server.PutNetworkOnStorage(Vnc, registered: false);
        world.Resource.Set(PropertyNames.VirtualNetworkConfigurationPaths, Vnc);
        var terminate = new ConcurrentTerminate(world, sameThread: true);
        world.Server.BeforeMutation = call =>
        {
            if (call == VsCall.Register && world.Server.RegisteredNetworks.Count == 1)
            {
                terminate.RunOnce();
            }
        };

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.OperationAborted), world.Resource.Dump);
        Assert.That(world.Server.IsRegistered("Web1"), Is.False, "the guest was registered after Terminate");
    }

    /// <summary>Node NODE-A whose Virtual Server does not know Web1; Web1's .vmc is on the cluster disk (X:).</summary>
    private static World FreshNode()
    {
        var world = new World(GuestState.TurnedOff);
        world.Server.RemoveGuest(World.GuestName);
        world.Server.PutOnStorage(Vmc, "Web1", GuestState.TurnedOff);
        world.Resource.Set(PropertyNames.VirtualMachineName, "Web1");
        world.Resource.Set(PropertyNames.VirtualMachineConfigurationPath, Vmc);
        return world;
    }
}
