using Havm.Core.Configuration;
using Havm.Core.Lifecycle;
using Havm.Core.Model;
using Havm.Core.Ports;
using Havm.Tests.Fakes;
using Havm.Tests.Lifecycle;
using NUnit.Framework;

namespace Havm.Tests.Registration;

/// <summary>
/// An adversarial review of registration from cluster storage (behaviour.md v3 section 2,
/// VirtualMachineConfigurationPath / VirtualNetworkConfigurationPaths, and section 4, Online step 1): each test
/// states a rule one of its inputs broke (the fault's whole kind was fixed), or an important rule it probed that held.
/// </summary>
[TestFixture]
public sealed class RegistrationReviewTests
{
    private const string Vmc = @"X:\Guests\Web1\Web1.vmc";
    private const string VncA = @"X:\Networks\Public.vnc";
    private const string VncB = @"X:\Networks\Backend.vnc";

    // ---------------------------------------------------------------------------------------------------------
    // Failing: genuine faults
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>
    /// Issue 9, 1: "After a successful Online the two properties are written from what Virtual Server reports when
    /// they are empty". behaviour.md 4 step 4: a start still progressing at the deadline returns 0 (a successful
    /// Online). A resource made the guide's way whose first Online is a slow restore returns 0 but never gains
    /// VirtualMachineConfigurationPath (nor the drive warning): LearnFiles runs only in Succeeded(), not in
    /// StillStarting().
    /// </summary>
    [Test]
    public void Online_RestoreStillProgressingAtDeadlineReturns0_WritesTheEmptyPathProperties()
    {
        // arrange: the guide's resource (no paths), a slow restore that progresses past OnlineTimeoutSeconds
        var world = new World(GuestState.Saved);
        world.Resource.Set(PropertyNames.OnlineTimeoutSeconds, 10);
        world.Guest.OnStartup.NeverCompletes();
        world.Guest.OnStartup.PercentPerWait = 4;
        world.Guest.Files = new GuestFiles([@"D:\Guests\Guest1\Guest1.vhd"], [], [@"D:\Networks\Lan.vnc"]);

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.Success), "setup: the progressing restore is reported online" + Environment.NewLine + world.Resource.Dump());
        Assert.That(world.Resource.Get(PropertyNames.VirtualMachineConfigurationPath).Text, Is.EqualTo(world.Guest.Configuration.ConfigurationFile), world.Resource.Dump);
        Assert.That(world.Resource.Get(PropertyNames.VirtualNetworkConfigurationPaths).Text, Is.EqualTo(@"D:\Networks\Lan.vnc"), world.Resource.Dump);
    }

    /// <summary>
    /// behaviour.md 4 Online step 1: "Warn once (with the fix) when ... a virtual hard disk ... is on a different
    /// drive than the configuration file (probably a local disk that does not move with the group)". The warning
    /// belongs to step 1, before the start; issue 9 item 2 calls it "the classic cause of a guest that runs on one
    /// node and fails on the other". On the node where the start fails because the local disk is not there, no
    /// warning is logged at all: WarnAboutDrives runs only from Succeeded().
    /// </summary>
    [Test]
    public void Online_StartFailsWithTheDiskOnAnotherDrive_StillWarnsAboutTheDrive()
    {
        // arrange: configuration on the cluster disk (D:); its .vhd on C: (local), which is not there: the start fails
        var world = new World(GuestState.TurnedOff);
        world.Guest.Files = new GuestFiles([@"C:\VHD\Guest1.vhd"], [], []);
        world.Guest.OnStartup.EndsWith(TaskResult.DiskRelatedError, HResults.HdImageOpenFail);

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That(rc, Is.Not.EqualTo(Win32Error.Success), "setup: the start fails" + Environment.NewLine + world.Resource.Dump());
        Assert.That(world.Resource.LinesContaining("another drive", @"C:\VHD\Guest1.vhd"), Is.Not.Empty, world.Resource.Dump);
    }

    /// <summary>
    /// behaviour.md 4 Online step 1: "a file that is missing or not readable from this node fails Online with the
    /// Win32 code of the failure"; step 4: running out of time is ERROR_TIMEOUT "saying to raise OnlineTimeoutSeconds
    /// and PendingTimeout together"; section 5: a request that times out is "cannot tell". Virtual Server answering
    /// RegisterVirtualMachine slowly (past the deadline) is not an unreadable file: the log blames the file ("its
    /// cluster disk is probably not online here, or the path is on a local disk") and gives no timeout fix.
    /// </summary>
    [Test]
    public void Online_RegistrationAnsweredPastTheDeadline_Is1460WithTheTimeoutFix_NotTheFileHint()
    {
        // arrange
        var world = FreshNode();
        var server = new RegistrationDouble(world.Server) { GuestRegistrationTimesOut = true };
        var controller = new GuestController(server, world.Clock);

        // act
        controller.Open(world.Resource);
        var rc = controller.Online(world.Resource);

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.Timeout), world.Resource.Dump);
        Assert.That(world.Resource.LinesContaining("register", "OnlineTimeoutSeconds"), Is.Not.Empty, world.Resource.Dump);
        Assert.That(world.Resource.LinesContaining("cannot register", "not online here"), Is.Empty, "a timeout is blamed on the file" + Environment.NewLine + world.Resource.Dump());
    }

    /// <summary>
    /// README "Any node can own the guest": "A .vmc that registers a guest of another name fails with 13 too."
    /// Online registers the .vmc (a guest "Web2"), finds no "Web1", returns 13 and leaves "Web2" registered. The
    /// next Online (the restart policy's, or the administrator's) asks Virtual Server to register the same .vmc
    /// again, which Virtual Server refuses (a machine of that name already exists): that Online fails with the
    /// refusal's code instead of 13 and no longer says that the two properties describe different guests.
    /// (The issue lists UnregisterVirtualMachine among the calls to use; the code never uses it.)
    /// </summary>
    [Test]
    public void Online_FileRegistersAnotherName_SecondOnlineStillFails13()
    {
        // arrange: the .vmc describes "Web2"; Virtual Server refuses to register a .vmc that is registered already
        var world = FreshNode();
        world.Server.RemoveGuest("Web1");
        world.Server.PutOnStorage(Vmc, "Web2", GuestState.TurnedOff);
        var server = new RegistrationDouble(world.Server);
        var controller = new GuestController(server, world.Clock);
        controller.Open(world.Resource);
        var first = controller.Online(world.Resource);
        Assert.That(first, Is.EqualTo(Win32Error.InvalidData), "setup: the first Online fails with 13" + Environment.NewLine + world.Resource.Dump());

        // act
        var second = controller.Online(world.Resource);

        // assert
        Assert.That(second, Is.EqualTo(Win32Error.InvalidData), world.Resource.Dump);
    }

    /// <summary>
    /// behaviour.md section 5: "HRESULTs in hex with their name"; issue 9: files that cannot be read fail "with the
    /// Win32 code, naming the file and the node". The code a passive node meets on a cluster disk it does not own
    /// ("X:\ is not accessible. The device is not ready.") is HRESULT_FROM_WIN32(ERROR_NOT_READY) 0x80070015: Online
    /// returns 21 but logs the code as a bare "0x80070015" (Win32Error names only 2, 3, 5, ...).
    /// </summary>
    [TestCase(0x80070015u, 21, "ERROR_NOT_READY")]
    [TestCase(0x80070035u, 53, "ERROR_BAD_NETPATH")]
    public void Online_ConfigurationFileOnADiskNotReadyHere_LogsTheCodeByName(uint hresult, int code, string name)
    {
        // arrange
        var world = FreshNode();
        var server = new RegistrationDouble(world.Server) { GuestRegistrationFails = new HResult(hresult) };
        var controller = new GuestController(server, world.Clock);

        // act
        controller.Open(world.Resource);
        var rc = controller.Online(world.Resource);

        // assert
        Assert.That(rc, Is.EqualTo(code), world.Resource.Dump);
        Assert.That(world.Resource.LinesContaining(Vmc, World.ThisNode, name), Is.Not.Empty, world.Resource.Dump);
    }

    /// <summary>
    /// behaviour.md 4 Online step 1: "Warn once (with the fix) when ... a virtual hard disk ... is on a different
    /// drive". The "once" is kept per guest name for the life of the process, whatever the files: after a first
    /// warning about one disk, an administrator who adds a second disk on a local drive is never told (the key is
    /// "NAME/drives", not the set of files warned about).
    /// </summary>
    [Test]
    public void Online_ANewDiskOnAnotherDriveAfterAFirstWarning_IsWarnedAbout()
    {
        // arrange: a first Online warns about C:\VHD\Guest1.vhd
        var world = new World(GuestState.TurnedOff);
        world.Guest.Files = new GuestFiles([@"C:\VHD\Guest1.vhd"], [], []);
        world.OpenOnline();
        world.Offline();
        world.Guest.Files = new GuestFiles([@"C:\VHD\Guest1.vhd", @"E:\Local\Data.vhd"], [], []);

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Resource.LinesContaining("another drive", @"E:\Local\Data.vhd"), Is.Not.Empty, world.Resource.Dump);
    }

    /// <summary>
    /// behaviour.md 4 Online step 1: registered "under a different configuration file than
    /// VirtualMachineConfigurationPath: fail with ERROR_INVALID_DATA (13) ... (two guests share a name)". The
    /// comparison is a case-insensitive string compare after Trim: a property spelled differently from the canonical
    /// path Virtual Server reports for the file it has just registered from that very property (here a doubled
    /// backslash and a forward slash; Windows opens the same file) makes Online register the guest and then fail 13
    /// on every node, naming "two" files that are one. Assumes Virtual Server reports the full canonical path
    /// (IVMVirtualMachine::File); the double here canonicalises like GetFullPathName.
    /// </summary>
    [Test]
    public void Online_PropertySpellsTheSameFileDifferently_RegistersAndStartsWithout13()
    {
        // arrange
        var world = FreshNode();
        const string spelled = @"X:\Guests\\Web1/Web1.vmc";
        world.Resource.Set(PropertyNames.VirtualMachineConfigurationPath, spelled);
        var server = new RegistrationDouble(world.Server) { Canonicalise = true };
        var controller = new GuestController(server, world.Clock);

        // act
        controller.Open(world.Resource);
        var rc = controller.Online(world.Resource);

        // assert
        Assert.That(server.RegisteredFiles, Is.EqualTo(new[] { Vmc }), "setup: VS registered the canonical file");
        Assert.That(rc, Is.EqualTo(Win32Error.Success), world.Resource.Dump);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Passed: probes of important rules
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>A network Virtual Server reports in another case and with trailing spaces is known: not registered again.</summary>
    [Test]
    public void Online_NetworkKnownInAnotherCaseWithTrailingSpaces_IsNotRegisteredAgain()
    {
        // arrange
        var world = FreshNode();
        world.Server.PutNetworkOnStorage(VncA.ToUpperInvariant() + "  ", registered: true);
        world.Resource.Set(PropertyNames.VirtualNetworkConfigurationPaths, "  " + VncA.ToLowerInvariant() + "\t");

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That((rc, world.Server.CountOf("RegisterNetwork")), Is.EqualTo((Win32Error.Success, 0)), world.Resource.Dump);
    }

    /// <summary>"A;;  ;B;" registers A then B (each once, in order), then the guest; the trailing ';' is not a path.</summary>
    [Test]
    public void Online_SeveralNetworksWithBlanksAndTrailingSemicolon_RegistersEachOnceThenTheGuest()
    {
        // arrange
        var world = FreshNode();
        world.Server.PutNetworkOnStorage(VncA, registered: false);
        world.Server.PutNetworkOnStorage(VncB, registered: false);
        world.Resource.Set(PropertyNames.VirtualNetworkConfigurationPaths, VncA + ";;  ; " + VncB + " ;");

        // act
        var rc = world.OpenOnline();

        // assert
        var calls = world.Server.CallNames.Where(c => c.StartsWith("Register", StringComparison.Ordinal)).ToList();
        Assert.That((rc, calls), Is.EqualTo((Win32Error.Success, new List<string> { "RegisterNetwork", "RegisterNetwork", "RegisterGuest" })), world.Resource.Dump);
        Assert.That(world.Server.RegisteredNetworks, Is.EquivalentTo(new[] { VncA, VncB }));
        Assert.That(world.Resource.Get(PropertyNames.VirtualNetworkConfigurationPaths).Text, Is.EqualTo(VncA + ";;  ; " + VncB + " ;"), "a set property is never rewritten");
    }

    /// <summary>
    /// The second of two networks unreadable: Online fails with its Win32 code naming the file, the node, the code's
    /// name and the fix, registers no guest; once the file is there, the next Online registers only the missing one.
    /// </summary>
    [Test]
    public void Online_SecondNetworkUnreadable_FailsNamingIt_ThenTheNextOnlineRegistersOnlyTheMissingOne()
    {
        // arrange
        var world = FreshNode();
        world.Server.PutNetworkOnStorage(VncA, registered: false);
        world.Resource.Set(PropertyNames.VirtualNetworkConfigurationPaths, VncA + ";" + VncB);

        // act
        var first = world.OpenOnline();
        var guestRegistrations = world.Server.CountOf("RegisterGuest");
        var mark = world.Server.Mark();
        world.Server.PutNetworkOnStorage(VncB, registered: false);
        var second = world.OpenOnline();

        // assert
        Assert.That((first, guestRegistrations), Is.EqualTo((Win32Error.PathNotFound, 0)), world.Resource.Dump);
        Assert.That(world.Resource.LinesContaining(VncB, World.ThisNode, "ERROR_PATH_NOT_FOUND", "not online here"), Is.Not.Empty, world.Resource.Dump);
        Assert.That(second, Is.EqualTo(Win32Error.Success), world.Resource.Dump);
        Assert.That(world.Server.CallsSince(mark).Count(c => c.Name == "RegisterNetwork"), Is.EqualTo(1));
    }

    /// <summary>A Terminate that runs right after the guest's registration returned (before Online looks again): Online stops with 995 and never starts the guest.</summary>
    [Test]
    public void Online_TerminateRightAfterTheGuestsRegistration_Returns995AndNeverStartsIt()
    {
        // arrange
        var world = FreshNode();
        var server = new RegistrationDouble(world.Server);
        var controller = new GuestController(server, world.Clock);
        int? terminated = null;
        server.AfterGuestRegistration = () =>
        {
            controller.Open(world.Resource);
            terminated = controller.Terminate(world.Resource);
        };

        // act
        controller.Open(world.Resource);
        var rc = controller.Online(world.Resource);

        // assert
        Assert.That((rc, terminated), Is.EqualTo((Win32Error.OperationAborted, (int?)Win32Error.Success)), world.Resource.Dump);
        Assert.That(world.Server.Guest("Web1").State, Is.EqualTo(GuestState.TurnedOff), world.Resource.Dump);
        Assert.That(world.Server.Guest("Web1").WasCalled(VsCall.Startup), Is.False);
    }

    /// <summary>Only VirtualNetworkConfigurationPaths empty (the .vmc set, the guest registered from it here): only the networks are written.</summary>
    [Test]
    public void Online_OnlyTheNetworksEmpty_WritesOnlyThem()
    {
        // arrange
        var world = new World(GuestState.TurnedOff);
        world.Resource.Set(PropertyNames.VirtualMachineConfigurationPath, world.Guest.Configuration.ConfigurationFile.ToUpperInvariant());
        world.Guest.Files = new GuestFiles([@"D:\Guests\Guest1\Guest1.vhd"], [], [@"D:\Networks\Lan.vnc"]);

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.Success), world.Resource.Dump);
        Assert.That(world.Resource.Get(PropertyNames.VirtualNetworkConfigurationPaths).Text, Is.EqualTo(@"D:\Networks\Lan.vnc"));
        Assert.That(world.Resource.Writes, Has.No.Member(PropertyNames.VirtualMachineConfigurationPath));
    }

    /// <summary>Only VirtualMachineConfigurationPath empty (networks set, even to a list with a trailing ';'): only the .vmc is written.</summary>
    [Test]
    public void Online_OnlyTheConfigurationPathEmpty_WritesOnlyIt()
    {
        // arrange
        var world = new World(GuestState.TurnedOff);
        world.Server.PutNetworkOnStorage(@"D:\Networks\Lan.vnc", registered: true);
        world.Resource.Set(PropertyNames.VirtualNetworkConfigurationPaths, @"D:\Networks\Lan.vnc;");
        world.Guest.Files = new GuestFiles([], [], [@"D:\Networks\Other.vnc"]);

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.Success), world.Resource.Dump);
        Assert.That(world.Resource.Get(PropertyNames.VirtualMachineConfigurationPath).Text, Is.EqualTo(world.Guest.Configuration.ConfigurationFile));
        Assert.That(world.Resource.Writes, Has.No.Member(PropertyNames.VirtualNetworkConfigurationPaths));
    }

    /// <summary>A configuration file on a UNC share: a disk on the same share in another case is not warned about; one on another share, or on a drive, is.</summary>
    [Test]
    public void Online_ConfigurationOnAShare_ComparesTheShareIgnoringCase()
    {
        // arrange
        var world = new World(GuestState.TurnedOff);
        world.Guest.Configuration = new GuestConfiguration(@"\\FS1\Guests\Guest1\Guest1.vmc", false, GuestConfiguration.AutoStartNever, GuestConfiguration.ShutdownActionSave);
        world.Guest.Files = new GuestFiles([@"\\fs1\GUESTS\Guest1\Guest1.vhd", @"\\FS1\Other\Data.vhd"], [@"d:\Undo\Guest1.vud"], []);

        // act
        world.OpenOnline();

        // assert
        var warnings = world.Resource.LinesContaining("WARNING", "another drive");
        Assert.That(warnings, Has.Count.EqualTo(1), world.Resource.Dump);
        Assert.That(warnings[0], Does.Contain(@"\\FS1\Other\Data.vhd").And.Contain(@"d:\Undo\Guest1.vud").And.Not.Contain(@"\\fs1\GUESTS\Guest1\Guest1.vhd"));
    }

    /// <summary>Spec section 2 parsing: "150.0" is 150 everywhere. The core accepts "200.0" as OnlineTimeoutSeconds=200 (install.cmd /check does not: see the report).</summary>
    [Test]
    public void Online_TimeoutWrittenAsDecimalText_IsUsed()
    {
        // arrange: a start that never completes; OnlineTimeoutSeconds "20.0"
        var world = new World(GuestState.TurnedOff);
        world.Resource.Set(PropertyNames.OnlineTimeoutSeconds, "20.0");
        world.Guest.OnStartup.NeverCompletes();
        var start = world.Clock.Now;

        // act
        var rc = world.OpenOnline();

        // assert: gave up after about 20 s, not the default 150 s
        Assert.That(rc, Is.EqualTo(Win32Error.Timeout), world.Resource.Dump);
        Assert.That(world.Clock.Now - start, Is.LessThan(TimeSpan.FromSeconds(25)));
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

    /// <summary>
    /// The fake Virtual Server with what its registration lacks: a registration answered past the deadline, a
    /// chosen failure, a refusal to register a .vmc registered already (as Virtual Server refuses a second machine
    /// of one name), a hook after a guest's registration, and paths canonicalised as GetFullPathName does.
    /// </summary>
    private sealed class RegistrationDouble : IVirtualServer
    {
        private readonly FakeVirtualServer _inner;
        private readonly List<string> _registered = [];

        public RegistrationDouble(FakeVirtualServer inner) => _inner = inner;

        public bool GuestRegistrationTimesOut { get; set; }

        public HResult? GuestRegistrationFails { get; set; }

        public bool Canonicalise { get; set; }

        public Action? AfterGuestRegistration { get; set; }

        public IReadOnlyList<string> RegisteredFiles => _registered;

        public bool IsConnected => _inner.IsConnected;

        public ServiceState QueryService(Deadline deadline) => _inner.QueryService(deadline);

        public ServiceStartResult StartService(Deadline deadline) => _inner.StartService(deadline);

        public VsAnswer<IGuest?> FindGuest(string name, Deadline deadline) => _inner.FindGuest(name, deadline);

        public VsAnswer<bool> RegisterGuest(string configurationFile, Deadline deadline, ChangeGuard guard)
        {
            if (GuestRegistrationTimesOut)
            {
                _inner.Clock.AdvanceTo(deadline.End);
                return VsAnswer<bool>.TimedOut();
            }

            if (GuestRegistrationFails is { } error)
            {
                return VsAnswer<bool>.Failed(error, "double: injected");
            }

            var file = Canonicalise ? Canonical(configurationFile) : configurationFile;
            if (_registered.Contains(file, StringComparer.OrdinalIgnoreCase))
            {
                // Virtual Server: a virtual machine with this name already exists.
                return VsAnswer<bool>.Failed(HResults.FromWin32(Win32Error.AlreadyExists), "double: already registered");
            }

            var answer = _inner.RegisterGuest(file, deadline, guard);
            if (answer.IsOk)
            {
                _registered.Add(file);
                AfterGuestRegistration?.Invoke();
            }

            return answer;
        }

        public VsAnswer<bool> UnregisterGuest(string name, Deadline deadline, ChangeGuard guard)
        {
            // Virtual Server forgets the guest: its .vmc may be registered again.
            var guest = _inner.FindGuest(name, deadline);
            var file = guest.IsOk && guest.Value is { } g && g.ReadConfiguration(deadline) is { IsOk: true } c ? c.Value.ConfigurationFile : null;
            var answer = _inner.UnregisterGuest(name, deadline, guard);
            if (answer.IsOk && file is not null)
            {
                _ = _registered.RemoveAll(f => string.Equals(f, file, StringComparison.OrdinalIgnoreCase));
            }

            return answer;
        }

        public VsAnswer<bool> RegisterNetwork(string configurationFile, Deadline deadline, ChangeGuard guard) =>
            _inner.RegisterNetwork(configurationFile, deadline, guard);

        public VsAnswer<string[]> NetworkFiles(Deadline deadline) => _inner.NetworkFiles(deadline);

        public VsAnswer<string[]> GuestNames(Deadline deadline) => _inner.GuestNames(deadline);

        public void Reconnect() => _inner.Reconnect();

        public void Release() => _inner.Release();

        private static string Canonical(string path)
        {
            var p = path.Replace('/', '\\');
            while (p.IndexOf(@"\\", StringComparison.Ordinal) >= 0)
            {
                p = p.Replace(@"\\", @"\");
            }

            return p;
        }
    }
}
