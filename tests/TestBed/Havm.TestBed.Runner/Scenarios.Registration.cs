namespace Havm.TestBed.Runner;

/// <summary>
/// Online registers the guest from cluster storage (behaviour.md section 4, Online step 1; issue 9): the fake's
/// Virtual Server runs on node THISNODE, and the guest and its network are registered only where a scenario says.
/// The files live on cluster disk Q:. Havm.vbs cannot register a guest: its answers are recorded, not checked.
/// </summary>
internal static partial class Scenarios
{
    /// <summary>The fake Virtual Server's node label (the resource's node name is the host's computer name, whatever it is).</summary>
    private const string Here = "THISNODE", Elsewhere = "NODE-A";
    private const string Vmc = @"Q:\Guests\vm1\vm1.vmc", Vnc = @"Q:\Guests\vm1\Cluster LAN.vnc", Vhd = @"Q:\Guests\vm1\vm1.vhd";
    private const string RegistrationChange = "new (Online step 1: Havm.vbs needs the guest registered on every node by hand)";

    /// <summary>A node whose Virtual Server knows the guest and its network only if registered on <paramref name="guestOn"/>/<paramref name="networkOn"/>.</summary>
    private static Steps Cluster(string guestOn, string networkOn, bool paths)
    {
        var s = new Steps();
        s.Service("start")
            .Fake("WaitCapMs", 3000)
            .Fake("SetNode", Here)
            .Fake("PlaceGuest", "vm1", 1, Vmc, guestOn)
            .Fake("AddNetwork", "Cluster LAN", Vnc, networkOn)
            .Fake("SetGuestFiles", "vm1", Vhd, "", Vnc)
            .Fake("SetTaskPlan", "Startup", "waits:1", 0, 0, false, -1, 0)
            .Fake("SetTaskPlan", "Save", "waits:1", 0, 0, false, -1, 0)
            .Prop("VirtualMachineName", "vm1");
        if (paths)
        {
            s.Prop("VirtualMachineConfigurationPath", Vmc).Prop("VirtualNetworkConfigurationPaths", Vnc);
        }

        return s;
    }

    private static IEnumerable<Scenario> Registration()
    {
        yield return new Scenario
        {
            Name = "registration-fresh-node",
            Change = RegistrationChange,
            Steps = Cluster(Elsewhere, Elsewhere, paths: true).BringOnline().Call("IsAlive", "IsAlive").TakeOffline().State("vm1"),
        }.Expect(
            Is.Returns("Online", "0"), Is.Returns("IsAlive", "True"), Is.Returns("Offline", "0"),
            Is.Called("RegisterVirtualNetwork(\"\", \"" + Vnc + "\")"), Is.Called("RegisterVirtualMachine(\"\", \"" + Vmc + "\")"),
            Is.Logged("Online", "registered the virtual network " + Vnc, "in Virtual Server on node"),
            Is.Logged("Online", "registered guest 'vm1' from " + Vmc, "in Virtual Server on node"),
            Is.Called("vm1.Startup"), Is.FinalState("vm1", Saved));

        var missing = Cluster(Elsewhere, Here, paths: true).Fake("SetFile", Vmc, false).BringOnline().Failure();
        yield return new Scenario
        {
            Name = "registration-file-missing",
            Change = RegistrationChange,
            Steps = missing,
        }.Expect(
            Is.Returns("Online", "2"),
            Is.Logged("Online", "cannot register guest 'vm1' from " + Vmc + " on node ", "HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND) 0x80070002", "cluster disk is probably not online here"),
            Is.NotCalled("vm1.Startup"));

        var pathMissing = Cluster(Elsewhere, Here, paths: false).Prop("VirtualMachineConfigurationPath", @"R:\Nowhere\vm1.vmc").BringOnline().Failure();
        yield return new Scenario
        {
            Name = "registration-path-missing",
            Change = RegistrationChange,
            Steps = pathMissing,
        }.Expect(
            Is.Returns("Online", "3"),
            Is.Logged("Online", @"cannot register guest 'vm1' from R:\Nowhere\vm1.vmc", "on node", "HRESULT_FROM_WIN32(ERROR_PATH_NOT_FOUND) 0x80070003"),
            Is.NotCalled("vm1.Startup"));

        // vm1 is registered here from a local file while the property names the cluster disk's: two guests share the name.
        var other = Cluster(Here, Here, paths: true).Fake("PlaceGuest", "vm1", 1, @"C:\Virtual Machines\vm1\vm1.vmc", Here).BringOnline().Failure();
        yield return new Scenario
        {
            Name = "registration-name-registered-to-another-file",
            Change = RegistrationChange,
            Steps = other,
        }.Expect(
            Is.Returns("Online", "13"),
            Is.Logged("Online", @"is registered on node ", @" from C:\Virtual Machines\vm1\vm1.vmc", "VirtualMachineConfigurationPath is " + Vmc, "two guests share the name"),
            Is.NotCalled("RegisterVirtualMachine"), Is.NotCalled("vm1.Startup"));

        // The property names a .vmc whose guest is "web2": Online registers it, finds no vm1, undoes the registration, 13; twice.
        var another = Cluster(Here, Here, paths: true).Fake("PlaceGuest", "web2", 1, @"Q:\Guests\web2\web2.vmc", Elsewhere)
            .Prop("VirtualMachineConfigurationPath", @"Q:\Guests\web2\web2.vmc").Fake("RemoveGuest", "vm1")
            .BringOnline("Online#1").Failure("Terminate#1").BringOnline("Online#2").Failure("Terminate#2");
        yield return new Scenario
        {
            Name = "registration-file-of-another-guest",
            Change = RegistrationChange,
            Steps = another,
        }.Expect(
            Is.Returns("Online#1", "13"), Is.Returns("Online#2", "13"),
            Is.Logged("Online#1", @"the configuration file Q:\Guests\web2\web2.vmc registered a guest, but none named 'vm1'", "it registered guest 'web2', now unregistered again"),
            Is.Called("UnregisterVirtualMachine(web2)"), Is.NotCalled("web2.Startup"));

        yield return new Scenario
        {
            Name = "registration-network-already-present",
            Change = RegistrationChange,
            Steps = Cluster(Elsewhere, Here, paths: true).BringOnline().TakeOffline(),
        }.Expect(
            Is.Returns("Online", "0"), Is.Called("VirtualNetworks"), Is.NotCalled("RegisterVirtualNetwork"),
            Is.Called("RegisterVirtualMachine(\"\", \"" + Vmc + "\")"), Is.NotLogged("Online", "registered the virtual network"));

        yield return new Scenario
        {
            Name = "registration-properties-filled-on-first-online",
            Change = RegistrationChange,
            Steps = Cluster(Here, Here, paths: false).BringOnline().TakeOffline(),
        }.Expect(
            Is.Returns("Online", "0"), Is.NotCalled("RegisterVirtualMachine"),
            Is.Property("VirtualMachineConfigurationPath", Vmc), Is.Property("VirtualNetworkConfigurationPaths", Vnc),
            Is.Logged("Online", "VirtualMachineConfigurationPath was empty: set to " + Vmc),
            Is.Logged("Online", "VirtualNetworkConfigurationPaths was empty: set to " + Vnc));

        // The virtual hard disk is on the node's local C: while the .vmc is on the cluster disk: warned once, with the fix.
        const string localDisk = @"C:\Virtual Machines\vm1\vm1.vhd";
        var drive = Cluster(Here, Here, paths: true).Fake("SetGuestFiles", "vm1", localDisk, "", Vnc)
            .BringOnline("Online#1").TakeOffline("Offline#1").BringOnline("Online#2").TakeOffline("Offline#2");
        yield return new Scenario
        {
            Name = "registration-disk-on-another-drive",
            Change = RegistrationChange,
            Steps = drive,
        }.Expect(
            Is.Returns("Online#1", "0"), Is.Returns("Online#2", "0"),
            Is.Logged("Online#1", "WARNING: guest 'vm1' uses files on another drive than its configuration file (Q:)", "virtual hard disk " + localDisk,
                "move them to the cluster disk"),
            Is.LoggedTimes(null, "uses files on another drive", 1));
    }
}
