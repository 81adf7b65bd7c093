using Havm.Core.Model;
using Havm.Tests.Fakes;
using NUnit.Framework;

namespace Havm.Tests.Lifecycle;

/// <summary>Close (behaviour.md section 4, Close): release the COM objects, keep what was learned, return 0.</summary>
[TestFixture]
public sealed class CloseTests
{
    [Test]
    public void Close_AfterOnline_ReturnsSuccess()
    {
        // arrange
        var world = World.Started();

        // act
        var rc = world.Close();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.Success));
    }

    [Test]
    public void Close_WithoutAnythingBefore_ReturnsSuccess()
    {
        // arrange
        var world = new World();

        // act
        var rc = world.Close();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.Success));
    }

    [Test]
    public void Close_AfterOnline_ReleasesTheConnection()
    {
        // arrange
        var world = World.Started();

        // act
        world.Close();

        // assert
        Assert.That(world.Server.ReleaseCount, Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public void Close_AfterOnline_DoesNotTouchTheGuest()
    {
        // arrange
        var world = World.Started();
        var mark = world.Server.Mark();

        // act
        world.Close();

        // assert
        Assert.That(world.Guest.MutationsSince(mark), Is.Empty);
    }

    [Test]
    public void Close_BetweenOnlineAndTerminate_KeepsFoundRunningAtOnline()
    {
        // arrange
        var world = World.FoundRunning();
        world.Close();
        var mark = world.Server.Mark();

        // act
        world.OpenTerminate();

        // assert
        Assert.That(world.Guest.MutationsSince(mark), Is.EqualTo(new[] { world.Guest.CallName(VsCall.Save) }));
    }

    [Test]
    public void Close_ThenIsAlive_ConnectsAgainAndAnswers()
    {
        // arrange
        var world = World.HeartbeatSeen();
        world.Close();

        // act
        var alive = world.IsAlive();

        // assert
        Assert.That(alive, Is.True, world.Resource.Dump);
    }

    [Test]
    public void Close_ServiceStopped_ReturnsSuccess()
    {
        // arrange
        var world = World.Started();
        world.Server.ServiceState = ServiceState.Stopped;

        // act
        var rc = world.Close();

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.Success));
    }
}
