using Havm.Core.Configuration;
using Havm.Core.Model;
using Havm.Tests.Fakes;
using NUnit.Framework;

namespace Havm.Tests.Lifecycle;

/// <summary>Online (behaviour.md section 4, Online): the decision table and each step's rules.</summary>
[TestFixture]
public sealed class OnlineTests
{
    private const string None = "";

    /// <summary>State found at Online (and what it becomes 5 s later), LastOnlineNode, return code, calls made, calls never made.</summary>
    public static IEnumerable<TestCaseData> DecisionTable()
    {
        // Step 3: off or saved -> Startup (restores a saved guest).
        yield return Row(GuestState.TurnedOff, null, None, 0, [VsCall.Startup], [VsCall.Save, VsCall.TurnOff, VsCall.Resume]);
        yield return Row(GuestState.Saved, null, None, 0, [VsCall.Startup], [VsCall.Save, VsCall.TurnOff, VsCall.Resume]);
        yield return Row(GuestState.TurnedOff, null, World.ThisNode, 0, [VsCall.Startup], [VsCall.Save, VsCall.TurnOff]);
        yield return Row(GuestState.Saved, null, World.OtherNode, 0, [VsCall.Startup], [VsCall.Save, VsCall.TurnOff]);
        yield return Row(GuestState.TurnedOff, null, World.OtherNode, 0, [VsCall.Startup], [VsCall.Save, VsCall.TurnOff]);

        // Step 2, not stale: Running -> remember, return 1 (Havm.vbs); Paused -> resume; turning on/restoring -> wait.
        yield return Row(GuestState.Running, null, None, 1, [], [VsCall.Startup, VsCall.Save, VsCall.TurnOff, VsCall.Resume]);
        yield return Row(GuestState.Running, null, World.ThisNode, 1, [], [VsCall.Startup, VsCall.Save, VsCall.TurnOff, VsCall.Resume]);
        yield return Row(GuestState.Paused, null, None, 0, [VsCall.Resume], [VsCall.Startup, VsCall.Save, VsCall.TurnOff]);
        yield return Row(GuestState.Paused, null, World.ThisNode, 0, [VsCall.Resume], [VsCall.Startup, VsCall.Save, VsCall.TurnOff]);
        yield return Row(GuestState.TurningOn, GuestState.Running, None, 0, [], [VsCall.Startup, VsCall.Save, VsCall.TurnOff]);
        yield return Row(GuestState.Restoring, GuestState.Running, World.ThisNode, 0, [], [VsCall.Startup, VsCall.Save, VsCall.TurnOff]);

        // Step 2, stale (LastOnlineNode names another node): turn off, never save, return 1.
        yield return Row(GuestState.Running, null, World.OtherNode, 1, [VsCall.TurnOff], [VsCall.Save, VsCall.Startup, VsCall.Resume]);
        yield return Row(GuestState.Paused, null, World.OtherNode, 1, [VsCall.TurnOff], [VsCall.Save, VsCall.Startup, VsCall.Resume]);

        // Turning on or restoring reads the disk's current files: never stale (spec v3); waited for like any other.
        yield return Row(GuestState.TurningOn, GuestState.Running, World.OtherNode, 0, [], [VsCall.TurnOff, VsCall.Save, VsCall.Startup]);
        yield return Row(GuestState.Restoring, GuestState.Running, World.OtherNode, 0, [], [VsCall.TurnOff, VsCall.Save, VsCall.Startup]);
        yield return Row(GuestState.Restoring, null, World.OtherNode, 1460, [], [VsCall.TurnOff, VsCall.Save, VsCall.Startup]);

        // Step 3: saving, turning off, merging -> wait until saved or off, then start; never cut them off.
        yield return Row(GuestState.Saving, GuestState.Saved, None, 0, [VsCall.Startup], [VsCall.TurnOff, VsCall.Save]);
        // A stale instance found saving its memory: wait for Saved, never restore that state (spec v3): 1627.
        yield return Row(GuestState.Saving, GuestState.Saved, World.OtherNode, 1627, [], [VsCall.TurnOff, VsCall.Save, VsCall.Startup]);
        yield return Row(GuestState.TurningOff, GuestState.TurnedOff, None, 0, [VsCall.Startup], [VsCall.TurnOff, VsCall.Save]);
        yield return Row(GuestState.MergingDrives, GuestState.TurnedOff, None, 0, [VsCall.Startup], [VsCall.TurnOff, VsCall.Save]);
    }

    [TestCaseSource(nameof(DecisionTable))]
    public void Online_GuestFoundInState_ReturnsTableCode(GuestState state, GuestState? becomes, string lastOnlineNode, int expected, VsCall[] made, VsCall[] never)
    {
        // arrange
        var world = Arrange(state, becomes, lastOnlineNode);

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That(rc, Is.EqualTo(expected), world.Resource.Dump);
    }

    [TestCaseSource(nameof(DecisionTable))]
    public void Online_GuestFoundInState_MakesTableCalls(GuestState state, GuestState? becomes, string lastOnlineNode, int expected, VsCall[] made, VsCall[] never)
    {
        // arrange
        var world = Arrange(state, becomes, lastOnlineNode);

        // act
        world.OpenOnline();

        // assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(made.Where(c => !world.Guest.WasCalled(c)), Is.Empty, "calls that should have been made");
            Assert.That(never.Where(world.Guest.WasCalled), Is.Empty, "calls that must not be made");
        }
    }

    [TestCase(GuestState.TurnedOff)]
    [TestCase(GuestState.Saved)]
    [TestCase(GuestState.Paused)]
    public void Online_GuestStarted_GuestRuns(GuestState state)
    {
        // arrange
        var world = new World(state);

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Guest.State, Is.EqualTo(GuestState.Running));
    }

    [TestCase(GuestState.TurnedOff)]
    [TestCase(GuestState.Saved)]
    [TestCase(GuestState.Paused)]
    public void Online_Success_WritesThisNodeAsLastOnlineNode(GuestState state)
    {
        // arrange
        var world = new World(state);

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Resource.Get(PropertyNames.LastOnlineNode).Text, Is.EqualTo(World.ThisNode));
    }

    [TestCase(GuestState.TurnedOff)]
    [TestCase(GuestState.Saved)]
    public void Online_StartAfterAnotherNode_ReplacesLastOnlineNode(GuestState state)
    {
        // arrange
        var world = new World(state);
        world.Resource.Set(PropertyNames.LastOnlineNode, World.OtherNode);

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Resource.Get(PropertyNames.LastOnlineNode).Text, Is.EqualTo(World.ThisNode));
    }

    [Test]
    public void Online_GuestFoundRunning_DoesNotWriteLastOnlineNode()
    {
        // arrange
        var world = new World(GuestState.Running);
        world.Resource.Set(PropertyNames.LastOnlineNode, World.ThisNode);

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Resource.Writes, Does.Not.Contain(PropertyNames.LastOnlineNode));
    }

    [Test]
    public void Online_NotRegistered_ReturnsNotFound()
    {
        // arrange
        var world = new World();
        world.Server.RemoveGuest(World.GuestName);

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.NotFound));
    }

    [Test]
    public void Online_NotRegistered_LogsNotRegisteredWithTheGuestName()
    {
        // arrange
        var world = new World();
        world.Server.RemoveGuest(World.GuestName);

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Resource.LogContains(LogPhrases.NotRegistered, World.GuestName), Is.True, world.Resource.Dump);
    }

    [Test]
    public void Online_NotRegistered_NamesAtMostTenKnownGuests()
    {
        // arrange
        var world = new World();
        world.Server.RemoveGuest(World.GuestName);
        var others = Enumerable.Range(1, 12).Select(i => "Other" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        foreach (var name in others)
        {
            world.Server.AddGuest(name, GuestState.TurnedOff);
        }

        // act
        world.OpenOnline();

        // assert
        var named = others.Count(name => world.Resource.LogContains(name));
        Assert.That(named, Is.InRange(1, 10), world.Resource.Dump);
    }

    [Test]
    public void Online_NotRegistered_SaysHowManyGuestsVirtualServerKnows()
    {
        // arrange
        var world = new World();
        world.Server.RemoveGuest(World.GuestName);
        for (var i = 0; i < 13; i++)
        {
            world.Server.AddGuest(Some.GuestName(), GuestState.TurnedOff);
        }

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Resource.LogContains("13"), Is.True, world.Resource.Dump);
    }

    [Test]
    public void Online_ServiceStoppedAndCannotStart_ReturnsServiceNotActive()
    {
        // arrange
        var world = new World();
        world.Server.ServiceState = ServiceState.Stopped;
        world.Server.StartBehaviour = ServiceStartBehaviour.StaysStopped;

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.ServiceNotActive), world.Resource.Dump);
    }

    [Test]
    public void Online_ServiceStartFailsWithError_ReturnsServiceNotActiveOrThatError()
    {
        // arrange
        var world = new World();
        world.Server.ServiceState = ServiceState.Stopped;
        world.Server.StartBehaviour = ServiceStartBehaviour.Fails;
        world.Server.StartFailureCode = 1058;

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That(rc, Is.AnyOf(Win32Error.ServiceNotActive, 1058), world.Resource.Dump);
    }

    [Test]
    public void Online_ServiceNotInstalled_ReturnsServiceError()
    {
        // arrange
        var world = new World();
        world.Server.ServiceState = ServiceState.NotInstalled;

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That(rc, Is.AnyOf(Win32Error.ServiceNotActive, Win32Error.ServiceDoesNotExist), world.Resource.Dump);
    }

    [Test]
    public void Online_ServiceStoppedAtOnline_NeverStartsTheGuest()
    {
        // arrange
        var world = new World();
        world.Open();
        world.Server.ServiceState = ServiceState.Stopped;

        // act
        world.Controller.Online(world.Resource);

        // assert
        Assert.That(world.Guest.WasCalled(VsCall.Startup), Is.False);
    }

    [TestCase(GuestState.TurnedOff)]
    [TestCase(GuestState.Saved)]
    public void Online_EveryStart_LogsTheConfigurationFilePath(GuestState state)
    {
        // arrange
        var world = new World(state);

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Resource.LogContains(world.Guest.Configuration.ConfigurationFile), Is.True, world.Resource.Dump);
    }

    [Test]
    public void Online_SecondStart_LogsTheConfigurationFilePathAgain()
    {
        // arrange
        var world = World.Started();
        world.Offline();
        var before = world.Resource.LogCount;

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Resource.LogSince(before).Any(line => line.Contains(world.Guest.Configuration.ConfigurationFile, StringComparison.OrdinalIgnoreCase)), Is.True, world.Resource.Dump);
    }

    [TestCase(GuestState.Running)]
    [TestCase(GuestState.Paused)]
    public void Online_StaleInstance_LogsBothNodeNames(GuestState state)
    {
        // arrange
        var world = Arrange(state, null, World.OtherNode);

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Resource.LogContains(World.ThisNode, World.OtherNode), Is.True, world.Resource.Dump);
    }

    [Test]
    public void Online_StaleInstance_LeavesTheGuestOff()
    {
        // arrange
        var world = Arrange(GuestState.Running, null, World.OtherNode);

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Guest.State, Is.EqualTo(GuestState.TurnedOff));
    }

    [TestCase(TaskResult.Cancelled)]
    [TestCase(TaskResult.UnexpectedError)]
    [TestCase(TaskResult.OutOfMemoryError)]
    [TestCase(TaskResult.DiskRelatedError)]
    [TestCase(TaskResult.TimeOutError)]
    [TestCase(TaskResult.IllegalValueError)]
    [TestCase(TaskResult.ThreadCrashError)]
    public void Online_StartupTaskEndsWithResult_ReturnsAnError(TaskResult result)
    {
        // arrange
        var world = new World(GuestState.TurnedOff);
        world.Guest.OnStartup.EndsWith(result);

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That(rc, Is.Not.EqualTo(Win32Error.Success));
    }

    [TestCase(TaskResult.Cancelled)]
    [TestCase(TaskResult.UnexpectedError)]
    [TestCase(TaskResult.OutOfMemoryError)]
    [TestCase(TaskResult.DiskRelatedError)]
    [TestCase(TaskResult.TimeOutError)]
    [TestCase(TaskResult.IllegalValueError)]
    [TestCase(TaskResult.ThreadCrashError)]
    public void Online_StartupTaskEndsWithResult_LogsTheResultName(TaskResult result)
    {
        // arrange
        var world = new World(GuestState.TurnedOff);
        world.Guest.OnStartup.EndsWith(result);

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Resource.LogContains(result.ToString()), Is.True, world.Resource.Dump);
    }

    [TestCase(TaskResult.OutOfMemoryError, Win32Error.NotEnoughMemory)]
    [TestCase(TaskResult.DiskRelatedError, Win32Error.IoDevice)]
    [TestCase(TaskResult.Cancelled, Win32Error.Cancelled)]
    public void Online_StartupTaskEndsWithNamedResult_ReturnsItsWin32Code(TaskResult result, int expected)
    {
        // arrange
        var world = new World(GuestState.TurnedOff);
        world.Guest.OnStartup.EndsWith(result);

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That(rc, Is.EqualTo(expected), world.Resource.Dump);
    }

    [Test]
    public void Online_StartupTaskCompletesButGuestDoesNotRun_ReturnsAnError()
    {
        // arrange
        var world = new World(GuestState.TurnedOff);
        world.Guest.OnStartup.StateOnSuccess = GuestState.TurnedOff;

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That(rc, Is.Not.EqualTo(Win32Error.Success), world.Resource.Dump);
    }

    [Test]
    public void Online_SavedStateUnrestorable_ReturnsAnError()
    {
        // arrange
        var world = new World(GuestState.Saved);
        world.Guest.SavedStateUnrestorable = true;

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That(rc, Is.Not.EqualTo(Win32Error.Success));
    }

    [Test]
    public void Online_SavedStateUnrestorable_LogsBothWaysOut()
    {
        // arrange
        var world = new World(GuestState.Saved);
        world.Guest.SavedStateUnrestorable = true;

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Resource.LogContains("DiscardUnrestorableSavedState=1"), Is.True, world.Resource.Dump);
    }

    [Test]
    public void Online_SavedStateUnrestorableByDefault_KeepsTheSavedState()
    {
        // arrange
        var world = new World(GuestState.Saved);
        world.Guest.SavedStateUnrestorable = true;

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Guest.WasCalled(VsCall.DiscardSavedState), Is.False);
    }

    [Test]
    public void Online_SavedStateUnrestorableAndDiscardAllowed_ColdBoots()
    {
        // arrange
        var world = new World(GuestState.Saved);
        world.Guest.SavedStateUnrestorable = true;
        world.Resource.Set(PropertyNames.DiscardUnrestorableSavedState, 1);

        // act
        var rc = world.OpenOnline();

        // assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rc, Is.EqualTo(Win32Error.Success), world.Resource.Dump);
            Assert.That(world.Guest.Count(VsCall.DiscardSavedState), Is.EqualTo(1));
            Assert.That(world.Guest.State, Is.EqualTo(GuestState.Running));
        }
    }

    [Test]
    public void Online_ColdBootAfterDiscardAlsoFails_DiscardsOnlyOnce()
    {
        // arrange
        var world = new World(GuestState.Saved);
        world.Guest.SavedStateUnrestorable = true;
        world.Guest.OnStartup.EndsWith(TaskResult.DiskRelatedError);
        world.Resource.Set(PropertyNames.DiscardUnrestorableSavedState, 1);

        // act
        var rc = world.OpenOnline();

        // assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rc, Is.Not.EqualTo(Win32Error.Success));
            Assert.That(world.Guest.Count(VsCall.DiscardSavedState), Is.EqualTo(1));
        }
    }

    public static IEnumerable<TestCaseData> UnrestorableCodes() =>
    [
        new TestCaseData(HResults.UnloadableActivation).SetArgDisplayNames("VM_E_PREF_UNLOADABLE_ACTIVATION"),
        new TestCaseData(HResults.SavedStateBadVersion).SetArgDisplayNames("VM_E_PREF_SAVED_STATE_BAD_VERSION"),
        new TestCaseData(HResults.NoSavedState).SetArgDisplayNames("VM_E_VM_NO_SAVED_STATE"),
    ];

    [TestCaseSource(nameof(UnrestorableCodes))]
    public void Online_StartupRefusedUnrestorableAndDiscardAllowed_DiscardsAndColdBoots(HResult code)
    {
        // arrange
        var world = new World(GuestState.Saved);
        world.Guest.Fail(VsCall.Startup, Fault.Failed(code), times: 1);
        world.Resource.Set(PropertyNames.DiscardUnrestorableSavedState, 1);

        // act
        var rc = world.OpenOnline();

        // assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rc, Is.EqualTo(Win32Error.Success), world.Resource.Dump);
            Assert.That(world.Guest.Count(VsCall.DiscardSavedState), Is.EqualTo(1));
        }
    }

    [TestCaseSource(nameof(UnrestorableCodes))]
    public void Online_StartupRefusedUnrestorable_LogsBothWaysOut(HResult code)
    {
        // arrange
        var world = new World(GuestState.Saved);
        world.Guest.Fail(VsCall.Startup, Fault.Failed(code));

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Resource.LogContains("DiscardUnrestorableSavedState=1"), Is.True, world.Resource.Dump);
    }

    [Test]
    public void Online_DiscardedUnrestorableState_LogsTheDiscard()
    {
        // arrange
        var world = new World(GuestState.Saved);
        world.Guest.SavedStateUnrestorable = true;
        world.Resource.Set(PropertyNames.DiscardUnrestorableSavedState, 1);
        var before = world.Resource.LogCount;

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Resource.LogSince(before).Any(line => line.Contains("discard", StringComparison.OrdinalIgnoreCase)), Is.True, world.Resource.Dump);
    }

    [TestCase("undo")]
    public void Online_UndoDisksSetToDiscard_WarnsAfterSuccess(string phrase)
    {
        // arrange
        var world = new World(GuestState.TurnedOff);
        world.Guest.UndoDisksDiscard = true;

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Resource.LogContains(phrase), Is.True, world.Resource.Dump);
    }

    [TestCase(1, GuestConfiguration.ShutdownActionSave, "AutoStartAtLaunch")]
    [TestCase(GuestConfiguration.AutoStartNever, 1, "ShutdownActionOnQuit")]
    public void Online_VirtualServerAutomationActsOnGuest_WarnsAfterSuccess(int autoStart, int shutdownAction, string phrase)
    {
        // arrange
        var world = new World(GuestState.TurnedOff);
        world.Guest.Configuration = new GuestConfiguration(@"D:\Guests\Guest1\Guest1.vmc", false, autoStart, shutdownAction);

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Resource.LogContains(phrase), Is.True, world.Resource.Dump);
    }

    [TestCase(1, GuestConfiguration.ShutdownActionSave, "AutoStartAtLaunch")]
    [TestCase(GuestConfiguration.AutoStartNever, 1, "ShutdownActionOnQuit")]
    public void Online_VirtualServerAutomationWarning_IsLoggedOnce(int autoStart, int shutdownAction, string phrase)
    {
        // arrange
        var world = new World(GuestState.TurnedOff);
        world.Guest.Configuration = new GuestConfiguration(@"D:\Guests\Guest1\Guest1.vmc", false, autoStart, shutdownAction);
        world.OpenOnline();
        world.Offline();
        var warnings = world.Resource.CountContaining(phrase);

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Resource.CountContaining(phrase), Is.EqualTo(warnings), world.Resource.Dump);
    }

    [Test]
    public void Online_DefaultGuestConfiguration_LogsNoAutomationWarning()
    {
        // arrange
        var world = new World(GuestState.TurnedOff);

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Resource.LogContains("AutoStartAtLaunch"), Is.False, world.Resource.Dump);
    }

    [Test]
    public void Online_AfterAHeartbeatFailure_StartsAFreshRunThatTerminateSaves()
    {
        // arrange
        var world = World.HeartbeatFailed();
        world.OpenTerminate();
        world.Close();
        world.Guest.SetHeartbeat(100);
        world.OpenOnline();
        var mark = world.Server.Mark();

        // act
        world.OpenTerminate();

        // assert
        Assert.That(world.Guest.MutationsSince(mark), Is.EqualTo(new[] { world.Guest.CallName(VsCall.Save) }), world.Resource.Dump);
    }

    [Test]
    public void Online_StartupTaskWaits_UseSlicesOfAtMostOneSecond()
    {
        // arrange
        var world = new World(GuestState.TurnedOff);
        world.Resource.Set(PropertyNames.OnlineTimeoutSeconds, 10);
        world.Guest.OnStartup.NeverCompletes();

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Guest.LastTask(VsCall.Startup)!.LongestSlice, Is.LessThanOrEqualTo(TimeSpan.FromSeconds(1)));
    }

    private static TestCaseData Row(GuestState state, GuestState? becomes, string lastNode, int expected, VsCall[] made, VsCall[] never) =>
        new TestCaseData(state, becomes, lastNode, expected, made, never).SetArgDisplayNames(
            state.ToString(),
            becomes is null ? "stays" : "then " + becomes,
            lastNode.Length == 0 ? "no LastOnlineNode" : "LastOnlineNode " + lastNode,
            "rc " + expected);

    private static World Arrange(GuestState state, GuestState? becomes, string lastOnlineNode)
    {
        var world = new World(state);
        if (lastOnlineNode.Length > 0)
        {
            world.Resource.Set(PropertyNames.LastOnlineNode, lastOnlineNode);
        }

        if (becomes is { } next)
        {
            world.Guest.BecomesAfter(TimeSpan.FromSeconds(5), next);
        }

        return world;
    }

    [Test]
    public void Online_StartupRefused_LogsTheCodeInHexWithItsName()
    {
        // arrange
        var world = new World(GuestState.TurnedOff);
        world.Guest.Fail(VsCall.Startup, Fault.Failed(HResults.OutOfResource));

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Resource.LogContains("VM_E_OUT_OF_RESOURCE 0xA0040203"), Is.True, world.Resource.Dump);
    }

    public static IEnumerable<TestCaseData> CannotTell() =>
    [
        new TestCaseData(VsCall.FindGuest, Fault.TimedOut()).SetArgDisplayNames("FindGuest", "TimedOut"),
        new TestCaseData(VsCall.FindGuest, Fault.Failed(new HResult(0x80004001u))).SetArgDisplayNames("FindGuest", "E_NOTIMPL"),
        new TestCaseData(VsCall.ReadState, Fault.TimedOut()).SetArgDisplayNames("ReadState", "TimedOut"),
        new TestCaseData(VsCall.ReadState, Fault.Failed(new HResult(0x80004001u))).SetArgDisplayNames("ReadState", "E_NOTIMPL"),
    ];

    [TestCaseSource(nameof(CannotTell))]
    public void Online_CannotTell_ReturnsAnError(VsCall call, Fault fault)
    {
        // arrange
        var world = new World(GuestState.TurnedOff);
        world.Server.Fail(call, fault);

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That(rc, Is.Not.EqualTo(Win32Error.Success), world.Resource.Dump);
    }

    [TestCaseSource(nameof(CannotTell))]
    public void Online_CannotTell_NeverTouchesTheGuest(VsCall call, Fault fault)
    {
        // arrange
        var world = new World(GuestState.TurnedOff);
        world.Server.Fail(call, fault);

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Guest.MutationsSince(0), Is.Empty);
    }
}
