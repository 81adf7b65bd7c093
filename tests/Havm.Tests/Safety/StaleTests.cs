using Havm.Core.Configuration;
using Havm.Core.Lifecycle;
using Havm.Core.Model;
using Havm.Tests.Fakes;
using Havm.Tests.Lifecycle;
using NUnit.Framework;

namespace Havm.Tests.Safety;

/// <summary>Issue 7, kind 6: the stale rule hits only Running and Paused; a stale instance's save is never restored.</summary>
[TestFixture]
public sealed class StaleTests
{
    [TestCase(GuestState.TurningOn)]
    [TestCase(GuestState.Restoring)]
    public void Online_StartingWithOtherLastOnlineNode_IsNeverTurnedOff(GuestState state)
    {
        // arrange
        var world = new World(state);
        world.Resource.Set(PropertyNames.LastOnlineNode, World.OtherNode);
        world.Guest.BecomesAfter(TimeSpan.FromSeconds(5), GuestState.Running);

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That((rc, world.Guest.WasCalled(VsCall.TurnOff)), Is.EqualTo((Win32Error.Success, false)), world.Resource.Dump);
    }

    [Test]
    public void Online_StaleInstanceSaving_FailsNamingBothNodesAndTheWaysOut()
    {
        // arrange
        var world = StaleSaving();

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.FunctionFailed), world.Resource.Dump);
        Assert.That(world.Resource.LinesContaining("ERROR", World.ThisNode, World.OtherNode, "never restored", "Virtual Server console", "DiscardUnrestorableSavedState=1"),
            Is.Not.Empty, world.Resource.Dump);
    }

    [Test]
    public void Online_StaleInstanceSaving_NeverRestoresNorCutsTheSave()
    {
        // arrange
        var world = StaleSaving();

        // act
        world.OpenOnline();
        world.OpenTerminate();
        world.OpenOnline();

        // assert
        Assert.That(world.Guest.MutationsSince(0), Is.Empty, world.Resource.Dump);
        Assert.That(world.Guest.State, Is.EqualTo(GuestState.Saved));
    }

    [Test]
    public void Online_StaleSaveAfterAHostRecycle_StillNotRestored()
    {
        // arrange: the mark survives the host process (StaleSavedStateNode)
        var world = StaleSaving();
        world.OpenOnline();
        var recycled = new GuestController(world.Server, world.Clock);

        // act
        recycled.Open(world.Resource);
        var rc = recycled.Online(world.Resource);

        // assert
        Assert.That((rc, world.Guest.WasCalled(VsCall.Startup)), Is.EqualTo((Win32Error.FunctionFailed, false)), world.Resource.Dump);
        Assert.That(world.Resource.Get(PropertyNames.StaleSavedStateNode).Text, Is.EqualTo(World.ThisNode));
    }

    [Test]
    public void Online_StaleSaveWithDiscardSetting_DiscardsItAndColdBoots()
    {
        // arrange
        var world = StaleSaving();
        world.OpenOnline();
        world.Resource.Set(PropertyNames.DiscardUnrestorableSavedState, 1);

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That((rc, world.Guest.State), Is.EqualTo((Win32Error.Success, GuestState.Running)), world.Resource.Dump);
        Assert.That(world.Guest.MutationsSince(0), Is.EqualTo(new[] { world.Guest.CallName(VsCall.DiscardSavedState), world.Guest.CallName(VsCall.Startup) }));
        Assert.That(world.Resource.Get(PropertyNames.StaleSavedStateNode).Kind, Is.EqualTo(PropertyValueKind.Blank));
    }

    [Test]
    public void Online_StaleSaveDiscardedInTheConsole_StartsNormallyAndForgetsTheMark()
    {
        // arrange
        var world = StaleSaving();
        world.OpenOnline();
        world.Guest.State = GuestState.TurnedOff;

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.Success), world.Resource.Dump);
        Assert.That(world.Resource.Get(PropertyNames.StaleSavedStateNode).Kind, Is.EqualTo(PropertyValueKind.Blank));
    }

    [Test]
    public void Terminate_AnotherNodeTookOverWhileOnline_TurnsOffNeverSaves()
    {
        // arrange: this node brought it online; then LastOnlineNode names another node (split brain)
        var world = World.Started();
        world.Resource.Set(PropertyNames.LastOnlineNode, World.OtherNode);

        // act
        world.OpenTerminate();

        // assert
        Assert.That(world.Guest.WasCalled(VsCall.Save), Is.False, world.Resource.Dump);
        Assert.That(world.Guest.State, Is.EqualTo(GuestState.TurnedOff));
    }

    /// <summary>A stale instance (LastOnlineNode names another node) saving its memory, done in 3 s.</summary>
    private static World StaleSaving()
    {
        var world = new World(GuestState.Saving);
        world.Resource.Set(PropertyNames.LastOnlineNode, World.OtherNode);
        world.Guest.BecomesAfter(TimeSpan.FromSeconds(3), GuestState.Saved);
        return world;
    }
}
