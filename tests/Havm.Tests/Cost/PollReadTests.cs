using Havm.Core.Configuration;
using Havm.Core.Model;
using Havm.Core.Ports;
using Havm.Tests.Fakes;
using Havm.Tests.Lifecycle;
using NUnit.Framework;

namespace Havm.Tests.Cost;

/// <summary>
/// Issue 11: a poll reads only the private properties it uses, each once (every read is a call into the host's
/// <c>Resource</c> object), with the contract's rules for bad values kept (behaviour.md section 2).
/// </summary>
[TestFixture]
public sealed class PollReadTests
{
    private static readonly string[] IsAliveProperties =
    [
        PropertyNames.VirtualMachineName,
        PropertyNames.UseAdditionsIsAlive,
        PropertyNames.AdditionsIsAliveHeartbeatThreshold,
        PropertyNames.HeartbeatMissesBeforeFailure,
        PropertyNames.LastOnlineNode,
        PropertyNames.AdditionsIsAliveFailureRecoveryAction,
        PropertyNames.TerminateTimeoutSeconds,
    ];

    [Test]
    public void IsAlive_ReadsEachPropertyItUsesOnce()
    {
        // arrange
        var world = World.HeartbeatSeen();
        var reads = new ReadCounting(world.Resource);

        // act
        var alive = world.Controller.IsAlive(reads);

        // assert: the name, the heartbeat's settings and what a Terminate whose Resource object fails falls back on
        // (LastOnlineNode, the recovery action, TerminateTimeoutSeconds: Safety/IdentityTests, Review/PollCostReviewTests),
        // once each, and no PropertyExists
        using (Assert.EnterMultipleScope())
        {
            Assert.That(alive, Is.True, world.Resource.Dump);
            Assert.That(reads.Reads, Is.EquivalentTo(IsAliveProperties));
            Assert.That(reads.Exists, Is.Empty);
        }
    }

    [Test]
    public void IsAlive_HeartbeatOff_ReadsTheSameProperties()
    {
        // arrange
        var world = World.Started(w => w.Resource.Set(PropertyNames.UseAdditionsIsAlive, 0));
        var reads = new ReadCounting(world.Resource);

        // act
        _ = world.Controller.IsAlive(reads);

        // assert
        Assert.That(reads.Reads, Is.EquivalentTo(IsAliveProperties));
    }

    [Test]
    public void IsAlive_BadTimeoutSet_SaysNothingAboutIt()
    {
        // arrange: a property IsAlive does not use holds a bad value
        var world = World.HeartbeatSeen();
        world.Resource.Set(PropertyNames.OfflineTimeoutSeconds, "abc");
        var mark = world.Resource.LogCount;

        // act
        _ = world.IsAlive();

        // assert: Offline reports it, with its fix, when it reads it
        Assert.That(world.Resource.LogSince(mark), Has.None.Contains(PropertyNames.OfflineTimeoutSeconds));
    }

    [Test]
    public void IsAlive_BadThreshold_LoggedOnceWithItsFixAndTheDefaultUsed()
    {
        // arrange
        var world = World.HeartbeatSeen();
        world.Resource.Set(PropertyNames.AdditionsIsAliveHeartbeatThreshold, "abc");
        var mark = world.Resource.LogCount;

        // act
        var alive = new[] { world.IsAlive(), world.IsAlive() };

        // assert
        var lines = world.Resource.LogSince(mark).Where(l => l.Contains(PropertyNames.AdditionsIsAliveHeartbeatThreshold, StringComparison.Ordinal)).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(alive, Is.All.True, world.Resource.Dump);
            Assert.That(lines, Is.EqualTo(new[]
            {
                "AdditionsIsAliveHeartbeatThreshold=\"abc\" is not accepted (accepted: a whole number from 0 to 99); using "
                + "AdditionsIsAliveHeartbeatThreshold=0 (a heartbeat at or below 0% is a miss), the default. To fix: "
                + "cluster res \"Guest1Script\" /priv AdditionsIsAliveHeartbeatThreshold=0",
            }));
        }
    }

    [Test]
    public void IsAliveThenOnline_BadMissesLoggedByIsAlive_NotLoggedAgainByOnline()
    {
        // arrange
        var world = World.HeartbeatSeen();
        world.Resource.Set(PropertyNames.HeartbeatMissesBeforeFailure, 0);
        var mark = world.Resource.LogCount;

        // act
        _ = world.IsAlive();
        _ = world.OpenOnline();

        // assert: one reader, one memory of what was logged
        Assert.That(world.Resource.LogSince(mark).Count(l => l.StartsWith(PropertyNames.HeartbeatMissesBeforeFailure + "=", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public void IsAlive_UnusualFlagWrittenTwoWays_LoggedOnce()
    {
        // arrange: -1 as a number, then as text with spaces: the log words both "-1"
        var world = World.HeartbeatSeen();
        world.Resource.Set(PropertyNames.UseAdditionsIsAlive, -1);
        var mark = world.Resource.LogCount;

        // act
        _ = world.IsAlive();
        world.Resource.Set(PropertyNames.UseAdditionsIsAlive, " -1 ");
        _ = world.IsAlive();

        // assert
        Assert.That(world.Resource.LogSince(mark).Count(l => l.StartsWith("UseAdditionsIsAlive=-1 (True is -1)", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public void IsAlive_BadValueChanges_EachNewValueLoggedOnce()
    {
        // arrange
        var world = World.HeartbeatSeen();
        var mark = world.Resource.LogCount;

        // act
        foreach (var value in new[] { "abc", "abc", "abd", "  ", "", "abc" })
        {
            world.Resource.Set(PropertyNames.AdditionsIsAliveHeartbeatThreshold, value);
            _ = world.IsAlive();
        }

        // assert: "" and "  " are both (blank)
        var named = world.Resource.LogSince(mark)
            .Where(l => l.StartsWith(PropertyNames.AdditionsIsAliveHeartbeatThreshold + "=", StringComparison.Ordinal))
            .Select(l => l.Substring(0, l.IndexOf(" is not accepted", StringComparison.Ordinal)))
            .ToList();
        Assert.That(named, Is.EqualTo(new[]
        {
            "AdditionsIsAliveHeartbeatThreshold=\"abc\"",
            "AdditionsIsAliveHeartbeatThreshold=\"abd\"",
            "AdditionsIsAliveHeartbeatThreshold=(blank)",
            "AdditionsIsAliveHeartbeatThreshold=\"abc\"",
        }));
    }

    [Test]
    public void IsAlive_NameUnreadable_UsesTheNameLastRead()
    {
        // arrange: no Online in this process (no remembered guest), the guest running; one IsAlive reads the name
        var world = new World(GuestState.Running);
        world.Guest.SetHeartbeat(100);
        _ = world.IsAlive();
        var failing = new ReadCounting(world.Resource) { FailingRead = PropertyNames.VirtualMachineName };

        // act
        var alive = world.Controller.IsAlive(failing);

        // assert: a failing Resource object is no reason to report a death
        Assert.That(alive, Is.True, world.Resource.Dump);
    }

    [Test]
    public void LooksAlive_ThenIsAlive_WhileTheOtherRuns_EachGetsItsOwnWrapper()
    {
        // arrange: a Resource object whose read of the name runs a LooksAlive inside an IsAlive (a host re-entering
        // the script on its thread while IsAlive waits)
        var world = World.HeartbeatSeen();
        var inner = new ReadCounting(world.Resource);
        var outer = new ReadCounting(world.Resource) { During = () => inner.Result = world.Controller.LooksAlive(inner) };

        // act
        var alive = world.Controller.IsAlive(outer);

        // assert: both polls read through their own Resource object and answer
        using (Assert.EnterMultipleScope())
        {
            Assert.That((alive, inner.Result), Is.EqualTo((true, (bool?)true)), world.Resource.Dump);
            Assert.That(outer.Reads, Is.EquivalentTo(IsAliveProperties));
            Assert.That(inner.Reads, Is.EqualTo(new[] { PropertyNames.VirtualMachineName }));
        }
    }

    /// <summary>A Resource object that records which properties were read and asked about.</summary>
    private sealed class ReadCounting : IClusterResource
    {
        private readonly FakeResource _inner;

        public ReadCounting(FakeResource inner) => _inner = inner;

        public List<string> Reads { get; } = [];

        public List<string> Exists { get; } = [];

        /// <summary>A property whose read throws, as the host's failing object does.</summary>
        public string? FailingRead { get; init; }

        /// <summary>Runs once, inside the first read.</summary>
        public Action? During { get; set; }

        public bool? Result { get; set; }

        public string Name => _inner.Name;

        public string NodeName => _inner.NodeName;

        public void Log(string line) => _inner.Log(line);

        public bool PropertyExists(string name)
        {
            Exists.Add(name);
            return _inner.PropertyExists(name);
        }

        public void AddProperty(string name) => _inner.AddProperty(name);

        public PropertyValue ReadProperty(string name)
        {
            Reads.Add(name);
            var during = During;
            During = null;
            during?.Invoke();
            return name == FailingRead
                ? throw new System.Runtime.InteropServices.COMException("the Resource object failed", unchecked((int)0x80010108))
                : _inner.ReadProperty(name);
        }

        public void WriteProperty(string name, int value) => _inner.WriteProperty(name, value);

        public void WriteProperty(string name, string value) => _inner.WriteProperty(name, value);
    }
}
