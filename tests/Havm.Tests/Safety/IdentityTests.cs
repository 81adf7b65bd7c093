using Havm.Core.Configuration;
using Havm.Core.Model;
using Havm.Tests.Explorer;
using Havm.Tests.Fakes;
using Havm.Tests.Lifecycle;
using NUnit.Framework;

namespace Havm.Tests.Safety;

/// <summary>Issue 7, kind 1: the resource acts on the guest its Online looked for (behaviour.md section 4).</summary>
[TestFixture]
public sealed class IdentityTests
{
    [TestCase("")]
    [TestCase("NoSuchGuest")]
    public void LooksAlive_NameChangedWhileOnline_StillWatchesTheGuest(string newName)
    {
        // arrange
        var world = World.Started();
        world.Resource.Set(PropertyNames.VirtualMachineName, newName);

        // act
        var alive = world.LooksAlive();

        // assert
        Assert.That(alive, Is.True, world.Resource.Dump);
    }

    [TestCase("")]
    [TestCase("NoSuchGuest")]
    public void IsAlive_NameChangedWhileOnline_StillJudgesTheGuest(string newName)
    {
        // arrange
        var world = World.HeartbeatSeen();
        world.Resource.Set(PropertyNames.VirtualMachineName, newName);

        // act
        var alive = world.IsAlive();

        // assert
        Assert.That(alive, Is.True, world.Resource.Dump);
    }

    [TestCase("")]
    [TestCase("NoSuchGuest")]
    public void Terminate_NameChangedWhileOnline_SavesTheGuestBroughtOnline(string newName)
    {
        // arrange
        var world = World.Started();
        world.Resource.Set(PropertyNames.VirtualMachineName, newName);

        // act
        var rc = world.OpenTerminate();

        // assert
        Assert.That((rc, world.Guest.State), Is.EqualTo((Win32Error.Success, GuestState.Saved)), world.Resource.Dump);
    }

    [TestCase("")]
    [TestCase("NoSuchGuest")]
    public void Offline_NameChangedWhileOnline_SavesTheGuestBroughtOnline(string newName)
    {
        // arrange
        var world = World.Started();
        world.Resource.Set(PropertyNames.VirtualMachineName, newName);

        // act
        var rc = world.Offline();

        // assert
        Assert.That((rc, world.Guest.State), Is.EqualTo((Win32Error.Success, GuestState.Saved)), world.Resource.Dump);
    }

    [Test]
    public void Polls_NameChangedWhileOnline_LogOnceWithTheCommandThatRestoresIt()
    {
        // arrange
        var world = World.Started();
        world.Resource.Set(PropertyNames.VirtualMachineName, "Guest9");
        var before = world.Resource.LogCount;

        // act
        for (var i = 0; i < 5; i++)
        {
            world.LooksAlive();
            world.IsAlive();
        }

        // assert
        var lines = world.Resource.LogSince(before).Where(l => l.Contains("VirtualMachineName is now", StringComparison.Ordinal)).ToList();
        Assert.That(lines, Has.Count.EqualTo(1), world.Resource.Dump);
        Assert.That(lines[0], Does.Contain("'Guest9'").And.Contain("guest 'Guest1'").And.Contain("cluster res \"Guest1Script\" /priv VirtualMachineName=\"Guest1\""));
    }

    [Test]
    public void Online_AfterRename_ActsOnTheNewName()
    {
        // arrange
        var world = World.Started();
        world.Offline();
        var other = world.Server.AddGuest("Guest2", GuestState.TurnedOff);
        world.Resource.Set(PropertyNames.VirtualMachineName, "Guest2");
        world.Resource.Set(PropertyNames.VirtualMachineConfigurationPath, string.Empty);

        // act
        var rc = world.OpenOnline();

        // assert
        Assert.That((rc, other.State, world.Guest.State), Is.EqualTo((Win32Error.Success, GuestState.Running, GuestState.Saved)), world.Resource.Dump);
    }

    [Test]
    public void Terminate_ResourceReadsFail_StillSavesTheGuest()
    {
        // arrange: every Resource call of the Terminate fails (the host's object is broken)
        var world = World.Started();
        var flaky = new FlakyResource(world.Resource);
        flaky.FailNext(1000);

        // act
        var rc = world.Controller.Terminate(flaky);

        // assert
        Assert.That((rc, world.Guest.State), Is.EqualTo((Win32Error.Success, GuestState.Saved)));
    }

    [Test]
    public void Terminate_ResourceReadsFailAfterOtherNodeTookOver_TurnsOffNeverSaves()
    {
        // arrange: LastOnlineNode was last read naming another node; now it cannot be read at all
        var world = World.Started();
        world.Resource.Set(PropertyNames.LastOnlineNode, World.OtherNode);
        world.IsAlive();
        var flaky = new FlakyResource(world.Resource);
        flaky.FailNext(1000);

        // act
        world.Controller.Terminate(flaky);

        // assert
        Assert.That(world.Guest.MutationsSince(0), Does.Not.Contain(world.Guest.CallName(VsCall.Save)));
        Assert.That(world.Guest.State, Is.EqualTo(GuestState.TurnedOff));
    }

    [Test]
    public void Terminate_FreshProcessNameUnreadable_ReturnsFailureAndLogsTheNode()
    {
        // arrange: a recycled host process (no Online yet) whose Resource object fails on the name only
        var world = new World(GuestState.Running);
        var flaky = new NameFailingResource(world.Resource);

        // act
        var rc = world.Controller.Terminate(flaky);

        // assert
        Assert.That(rc, Is.EqualTo(Win32Error.FunctionFailed));
        Assert.That(world.Resource.LinesContaining("ERROR", "VirtualMachineName cannot be read", World.ThisNode), Is.Not.Empty, world.Resource.Dump);
    }

    /// <summary>A Resource object whose VirtualMachineName read throws.</summary>
    private sealed class NameFailingResource : Havm.Core.Ports.IClusterResource
    {
        private readonly FakeResource _inner;

        public NameFailingResource(FakeResource inner) => _inner = inner;

        public string Name => _inner.Name;

        public string NodeName => _inner.NodeName;

        public void Log(string line) => _inner.Log(line);

        public bool PropertyExists(string name) => _inner.PropertyExists(name);

        public void AddProperty(string name) => _inner.AddProperty(name);

        public PropertyValue ReadProperty(string name) =>
            name == PropertyNames.VirtualMachineName ? throw new ResourceFailure() : _inner.ReadProperty(name);

        public void WriteProperty(string name, int value) => _inner.WriteProperty(name, value);

        public void WriteProperty(string name, string value) => _inner.WriteProperty(name, value);
    }
}

/// <summary>A failing Resource object never makes a poll fail over, nor an Online whose guest runs fail on an optional write.</summary>
[TestFixture]
public sealed class FailingResourceTests
{
    [Test]
    public void IsAlive_ResourceObjectFails_StillJudgesTheGuest()
    {
        // arrange
        var world = World.HeartbeatSeen();
        var flaky = new FlakyResource(world.Resource);
        flaky.FailNext(1000);

        // act
        var alive = world.Controller.IsAlive(flaky);

        // assert
        Assert.That(alive, Is.True);
    }

    [Test]
    public void LooksAlive_ResourceObjectFails_StillWatchesTheGuest()
    {
        // arrange
        var world = World.Started();
        var flaky = new FlakyResource(world.Resource);
        flaky.FailNext(1000);

        // act
        var alive = world.Controller.LooksAlive(flaky);

        // assert
        Assert.That(alive, Is.True);
    }

    [Test]
    public void Online_PathPropertyCannotBeWritten_StillSucceeds()
    {
        // arrange: the host's object refuses the optional write-back of the configuration path
        var world = new World(GuestState.TurnedOff);
        var refusing = new PathRefusingResource(world.Resource);

        // act
        world.Controller.Open(refusing);
        var rc = world.Controller.Online(refusing);

        // assert
        Assert.That((rc, world.Guest.State), Is.EqualTo((Win32Error.Success, GuestState.Running)), world.Resource.Dump);
    }

    /// <summary>A Resource object whose writes of VirtualMachineConfigurationPath throw.</summary>
    private sealed class PathRefusingResource : Havm.Core.Ports.IClusterResource
    {
        private readonly FakeResource _inner;

        public PathRefusingResource(FakeResource inner) => _inner = inner;

        public string Name => _inner.Name;

        public string NodeName => _inner.NodeName;

        public void Log(string line) => _inner.Log(line);

        public bool PropertyExists(string name) => _inner.PropertyExists(name);

        public void AddProperty(string name) => _inner.AddProperty(name);

        public PropertyValue ReadProperty(string name) => _inner.ReadProperty(name);

        public void WriteProperty(string name, int value) => _inner.WriteProperty(name, value);

        public void WriteProperty(string name, string value)
        {
            if (name == PropertyNames.VirtualMachineConfigurationPath)
            {
                throw new ResourceFailure();
            }

            _inner.WriteProperty(name, value);
        }
    }
}
