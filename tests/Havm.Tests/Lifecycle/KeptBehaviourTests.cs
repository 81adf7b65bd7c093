using Havm.Core.Configuration;
using Havm.Core.Model;
using Havm.Tests.Fakes;
using NUnit.Framework;

namespace Havm.Tests.Lifecycle;

/// <summary>Havm.vbs behaviours kept on purpose (behaviour.md sections 2 and 4), pinned so that nobody "fixes" them.</summary>
[TestFixture]
public sealed class KeptBehaviourTests
{
    [Test]
    public void HavmVbs_GuestAlreadyRunningAtOnline_ReturnsOne()
    {
        // arrange
        var world = new World(GuestState.Running);

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.InvalidFunction));
    }

    [Test]
    public void HavmVbs_GuestAlreadyRunningAtOnline_NextTerminateSavesIt()
    {
        // arrange
        var world = World.FoundRunning();

        // act
        world.OpenTerminate();

        // assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(world.Guest.MutationsSince(0), Is.EqualTo(new[] { world.Guest.CallName(VsCall.Save) }));
            Assert.That(world.Guest.State, Is.EqualTo(GuestState.Saved));
        }
    }

    [Test]
    public void HavmVbs_GuestAlreadyRunningWithHeartbeatFailure_TerminateStillSaves()
    {
        // arrange
        var world = World.FoundRunning();
        world.IsAlive();
        world.Guest.SetHeartbeat(0);
        for (var i = 0; i < 5; i++)
        {
            world.Clock.Advance(TimeSpan.FromSeconds(60));
            world.IsAlive();
        }

        var mark = world.Server.Mark();

        // act
        world.OpenTerminate();

        // assert
        Assert.That(world.Guest.MutationsSince(mark), Is.EqualTo(new[] { world.Guest.CallName(VsCall.Save) }));
    }

    [TestCase(PropertyNames.UseAdditionsIsAlive)]
    [TestCase(PropertyNames.AdditionsIsAliveFailureRecoveryAction)]
    public void HavmVbs_Open_CreatesSwitchWithDefaultOne(string name)
    {
        // arrange
        var world = new World();

        // act
        world.Open();

        // assert
        Assert.That(world.Resource.Get(name).Number, Is.EqualTo(1));
    }

    [Test]
    public void HavmVbs_Open_CreatesVirtualMachineNameWhenMissing()
    {
        // arrange
        var world = new World();
        world.Resource.Remove(PropertyNames.VirtualMachineName);

        // act
        world.Open();

        // assert
        Assert.That(world.Resource.PropertyExists(PropertyNames.VirtualMachineName), Is.True);
    }

    [TestCase(PropertyNames.UseAdditionsIsAlive, 0)]
    [TestCase(PropertyNames.AdditionsIsAliveFailureRecoveryAction, 0)]
    public void HavmVbs_Open_NeverOverwritesAnAdministratorsValue(string name, int value)
    {
        // arrange
        var world = new World();
        world.Resource.Set(name, value);

        // act
        world.Open();
        world.OpenOnline();

        // assert
        Assert.That(world.Resource.Get(name).Number, Is.EqualTo(value));
    }

    [TestCase(" ")]
    [TestCase("")]
    public void HavmVbs_BlankVirtualMachineName_OnlineReturnsInvalidData(string blank)
    {
        // arrange
        var world = new World();
        world.Resource.Set(PropertyNames.VirtualMachineName, blank);

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.InvalidData));
    }

    [Test]
    public void HavmVbs_MissingVirtualMachineName_OnlineReturnsInvalidData()
    {
        // arrange
        var world = new World();
        world.Resource.Remove(PropertyNames.VirtualMachineName);

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.InvalidData));
    }

    [Test]
    public void HavmVbs_BlankVirtualMachineName_LogsTheClusterResCommand()
    {
        // arrange
        var world = new World();
        world.Resource.Name = "SQL Guest";
        world.Resource.Set(PropertyNames.VirtualMachineName, string.Empty);

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Resource.LogContains(LogPhrases.ClusterRes + " \"SQL Guest\" /priv VirtualMachineName="), Is.True, world.Resource.Dump);
    }

    [Test]
    public void HavmVbs_BlankVirtualMachineName_DoesNotTouchAnyGuest()
    {
        // arrange
        var world = new World();
        world.Resource.Set(PropertyNames.VirtualMachineName, string.Empty);

        // act
        world.OpenOnline();

        // assert
        Assert.That(world.Guest.MutationsSince(0), Is.Empty);
    }

    [Test]
    public void HavmVbs_VirtualMachineNameInOtherCase_FindsTheGuest()
    {
        // arrange
        var world = new World(GuestState.TurnedOff);
        world.Resource.Set(PropertyNames.VirtualMachineName, World.GuestName.ToUpperInvariant());

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.Success), world.Resource.Dump);
    }
}
