using Havm.Core.Model;
using Havm.Tests.Fakes;
using NUnit.Framework;

namespace Havm.Tests.Lifecycle;

/// <summary>
/// The log's entry and exit lines (behaviour.md section 5, Log), once per entry point: Open, Online, Offline,
/// Terminate and Close write a line on entry and one on exit with the result and the time taken; LooksAlive and IsAlive
/// stay quiet while nothing changes. Open's one combined line when nothing changed is OpenTests'.
/// </summary>
[TestFixture]
public sealed class EntryAndExitLogTests
{
    [Test]
    public void Open_ServiceStarted_LogsEntryAndExitWithResultAndTime()
    {
        // arrange
        var world = new World();
        world.Server.ServiceState = ServiceState.Stopped;
        var before = world.Resource.LogCount;

        // act
        var rc = world.Open();

        // assert
        AssertEntryAndExit(world.Resource.LogSince(before), "Open", rc);
    }

    [Test]
    public void Online_LogsEntryAndExitWithResultAndTime()
    {
        // arrange
        var world = new World(GuestState.TurnedOff);
        world.Open();
        var before = world.Resource.LogCount;

        // act
        var rc = world.Controller.Online(world.Resource);

        // assert
        AssertEntryAndExit(world.Resource.LogSince(before), "Online", rc);
    }

    [Test]
    public void Offline_LogsEntryAndExitWithResultAndTime()
    {
        // arrange
        var world = World.Started();
        var before = world.Resource.LogCount;

        // act
        var rc = world.Offline();

        // assert
        AssertEntryAndExit(world.Resource.LogSince(before), "Offline", rc);
    }

    [Test]
    public void Terminate_LogsEntryAndExitWithResultAndTime()
    {
        // arrange
        var world = World.Started();
        world.Open();
        var before = world.Resource.LogCount;

        // act
        var rc = world.Controller.Terminate(world.Resource);

        // assert
        AssertEntryAndExit(world.Resource.LogSince(before), "Terminate", rc);
    }

    [Test]
    public void Close_LogsEntryAndExitWithResultAndTime()
    {
        // arrange
        var world = World.Started();
        var before = world.Resource.LogCount;

        // act
        var rc = world.Close();

        // assert
        AssertEntryAndExit(world.Resource.LogSince(before), "Close", rc);
    }

    [Test]
    public void LooksAlive_NothingChanges_StaysQuiet()
    {
        // arrange
        var world = World.Started();
        world.LooksAlive();
        var before = world.Resource.LogCount;

        // act
        for (var i = 0; i < 200; i++)
        {
            world.Clock.Advance(TimeSpan.FromSeconds(5));
            world.LooksAlive();
        }

        // assert
        Assert.That(world.Resource.LogSince(before), Is.Empty);
    }

    [Test]
    public void IsAlive_NothingChanges_StaysQuiet()
    {
        // arrange
        var world = World.HeartbeatSeen();
        world.Clock.Advance(TimeSpan.FromSeconds(60));
        world.IsAlive();
        var before = world.Resource.LogCount;

        // act
        for (var i = 0; i < 100; i++)
        {
            world.Clock.Advance(TimeSpan.FromSeconds(60));
            world.IsAlive();
        }

        // assert
        Assert.That(world.Resource.LogSince(before), Is.Empty);
    }

    /// <summary>
    /// The words that matter: the first line names the entry point, that it is entering, and the node; the last names
    /// the entry point, the code it returned and the time taken in seconds.
    /// </summary>
    private static void AssertEntryAndExit(IReadOnlyList<string> lines, string entryPoint, int rc)
    {
        var dump = string.Join(Environment.NewLine, lines);
        Assert.That(lines, Has.Count.GreaterThanOrEqualTo(2), dump);
        Assert.That(lines[0], Does.StartWith(entryPoint + ":").And.Contain("entering").And.Contain(World.ThisNode), dump);
        Assert.That(lines[lines.Count - 1], Does.StartWith(entryPoint + ":").And.Contain("returning " + rc + " ").And.Match(@"after \d+\.\d s"), dump);
    }
}
