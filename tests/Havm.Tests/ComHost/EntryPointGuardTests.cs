using Havm.ComHost;
using Havm.Core.Lifecycle;
using Havm.Core.Model;
using Havm.Core.Ports;
using Havm.Tests.Fakes;
using Havm.Tests.Lifecycle;
using NSubstitute;
using NUnit.Framework;

namespace Havm.Tests.ComHost;

/// <summary>The COM boundary (spec section 5): no exception reaches the script; the Resource wrapper is released.</summary>
[TestFixture]
public sealed class EntryPointGuardTests
{
    private readonly List<string> _events = [];
    private LateBoundResource _resource = null!;
    private GuestController _controller = null!;
    private EntryPointGuard _guard = null!;
    private string? _controllerAskedFor;

    [SetUp]
    public void SetUp()
    {
        _events.Clear();
        _resource = new LateBoundResource();
        _controller = new GuestController(Substitute.For<IVirtualServer>(), new FakeClock());
        _guard = new EntryPointGuard(
            name =>
            {
                _controllerAskedFor = name;
                return _controller;
            },
            released => _events.Add("released " + (ReferenceEquals(released, _resource) ? "the Resource object" : "something else")));
    }

    [Test]
    public void Win32_BodyReturns_ReturnsItsValue()
    {
        // act + assert
        Assert.That(_guard.Win32(_resource, "Online", (c, r) => 1460), Is.EqualTo(1460));
    }

    [Test]
    public void Win32_FindsTheControllerByTheResourcesName()
    {
        // act
        _ = _guard.Win32(_resource, "Open", (c, r) => ReferenceEquals(c, _controller) ? 0 : 1);

        // assert
        Assert.That(_controllerAskedFor, Is.EqualTo("Guest1Script"));
    }

    [Test]
    public void Win32_BodyThrows_ReturnsErrorFunctionFailed()
    {
        // act
        var result = _guard.Win32(_resource, "Online", (c, r) => throw new InvalidOperationException("boom"));

        // assert
        Assert.That(result, Is.EqualTo(1627));
    }

    [Test]
    public void Win32_BodyThrows_LogsTheEntryPointNodeErrorAndReturnValue()
    {
        // act
        _ = _guard.Win32(_resource, "Offline", (c, r) => throw new System.Runtime.InteropServices.COMException("Save refused", HResults.VmTimedOut.Signed));

        // assert
        Assert.That(_resource.Log, Has.Count.EqualTo(1));
        Assert.That(
            _resource.Log[0],
            Does.StartWith("Havm.Net: Offline failed on node " + Environment.MachineName)
                .And.Contain("COMException")
                .And.Contain("0xA0040202")
                .And.Contain("Save refused")
                .And.EndWith("returning 1627."));
    }

    [Test]
    public void Win32_BodyThrows_ExitLineHasTheResultAndTheTimeTaken()
    {
        // act: Online fails with an exception after the core wrote its entry line
        _ = _guard.Win32(_resource, "Online", (c, r) =>
        {
            r.Log("Online: entering on node " + r.NodeName);
            Thread.Sleep(120);
            throw new System.Runtime.InteropServices.COMException("Startup refused", HResults.VmTimedOut.Signed);
        });

        // assert: spec section 5, one line on exit with the result and the time taken
        Assert.That(_resource.Log, Has.Count.EqualTo(2));
        Assert.That(_resource.Log[1], Does.Match(@" after \d+\.\d s ").And.EndWith("returning 1627."));
        Assert.That(_resource.Log[1], Does.Not.Contain(" after 0.0 s "));
    }

    [Test]
    public void Win32_ExceptionWhoseMessageThrows_StillLogsAndReturnsTheFailureValue()
    {
        // act
        var result = _guard.Win32(_resource, "Online", (c, r) => throw new MessageThrows());

        // assert
        Assert.That(result, Is.EqualTo(1627));
        Assert.That(_resource.Log.Single(), Does.Contain("MessageThrows").And.Contain("(no message)"));
    }

    [Test]
    public void Boolean_ExceptionWhoseMessageThrows_StillReturnsFalse()
    {
        // act + assert
        Assert.That(_guard.Boolean(_resource, "IsAlive", (c, r) => throw new MessageThrows()), Is.False);
    }

    [Test]
    public void Boolean_BodyThrows_ReturnsFalseAndLogsIt()
    {
        // act
        var alive = _guard.Boolean(_resource, "IsAlive", (c, r) => throw new InvalidOperationException("boom"));

        // assert
        Assert.That(alive, Is.False);
        Assert.That(_resource.Log.Single(), Does.StartWith("Havm.Net: IsAlive failed").And.EndWith("returning False."));
    }

    [Test]
    public void Boolean_BodyReturns_ReturnsItsValue()
    {
        // act + assert
        Assert.That(_guard.Boolean(_resource, "LooksAlive", (c, r) => true), Is.True);
    }

    [Test]
    public void ResourceObjectFails_ReturnsTheFailureValueWithoutRaising()
    {
        // arrange: Name and LogInformation both fail
        _resource.Fails = HResults.RpcDisconnected.Signed;

        // act
        var result = _guard.Win32(_resource, "Terminate", (c, r) => 0);

        // assert
        Assert.That(result, Is.EqualTo(1627));
    }

    [Test]
    public void ResourceNameUnreadableAndNeverReadBefore_FailsAndSaysWhy()
    {
        // arrange: Name fails (RPC_E_DISCONNECTED), LogInformation still works; no earlier call read the name
        var resource = new CountingResource { Fails = HResults.RpcDisconnected.Signed };
        var reached = false;

        // act
        var result = _guard.Win32(resource, "Terminate", (c, r) =>
        {
            reached = true;
            return 0;
        });

        // assert
        Assert.That((result, reached), Is.EqualTo((1627, false)));
        Assert.That(resource.Log.Single(), Does.Contain("RPC_E_DISCONNECTED").And.Contain("did not give the resource's name").And.Contain("may still be running"));
    }

    [Test]
    public void ResourceNameUnreadable_UsesTheNameOfTheLastGoodReadToFindTheController()
    {
        // arrange: an earlier entry point of this script load read the name; then the Resource object fails
        _ = _guard.Win32(_resource, "Open", (c, r) => 0);
        _controllerAskedFor = null;
        _resource.Fails = HResults.RpcDisconnected.Signed;
        string? nameSeen = null;

        // act
        var result = _guard.Win32(_resource, "Terminate", (c, r) =>
        {
            nameSeen = r.Name;
            return 0;
        });

        // assert
        Assert.That((result, _controllerAskedFor, nameSeen), Is.EqualTo((0, "Guest1Script", "Guest1Script")));
    }

    [Test]
    public void ResourceName_IsReadOncePerEntryPoint()
    {
        // arrange: the real controller over a Virtual Server that cannot tell (IsAlive reads its settings too)
        var resource = new CountingResource();
        var controller = new GuestController(Substitute.For<IVirtualServer>(), new FakeClock());
        var guard = new EntryPointGuard(_ => controller, _ => { });

        // act
        _ = guard.Boolean(resource, "IsAlive", (c, r) => c.IsAlive(r));

        // assert: Resource.Name cannot change during one call; one read does
        Assert.That(resource.Calls.Count(c => c == "Name"), Is.EqualTo(1), string.Join(", ", resource.Calls.ToArray()));
    }

    [Test]
    public void ResourceObjectFailsAfterAGoodRead_TerminateStillStopsTheGuest()
    {
        // arrange: the guest brought online by this controller; this script load read the name earlier; then the
        // host's Resource object breaks (spec section 4: a Resource call that fails is never a reason to leave the
        // guest running)
        var world = World.Started();
        var resource = new LateBoundResource();
        var guard = new EntryPointGuard(_ => world.Controller, _ => { });
        _ = guard.Win32(resource, "Open", (c, r) => 0);
        resource.Fails = HResults.RpcDisconnected.Signed;

        // act
        _ = guard.Win32(resource, "Terminate", (c, r) => c.Terminate(r));

        // assert
        Assert.That(world.Guest.State, Is.EqualTo(GuestState.Saved), world.Resource.Dump);
    }

    [Test]
    public void ResourceObjectFailsAfterAGoodRead_IsAliveDoesNotReportADeath()
    {
        // arrange: a heartbeating guest; the Resource object fails after an earlier entry point read the name
        var world = World.HeartbeatSeen();
        var resource = new LateBoundResource();
        var guard = new EntryPointGuard(_ => world.Controller, _ => { });
        _ = guard.Win32(resource, "Open", (c, r) => 0);
        resource.Fails = HResults.RpcDisconnected.Signed;

        // act
        var alive = guard.Boolean(resource, "IsAlive", (c, r) => c.IsAlive(r));

        // assert
        Assert.That(alive, Is.True, world.Resource.Dump);
    }

    [Test]
    public void LogFails_ReturnsTheFailureValueWithoutRaising()
    {
        // arrange
        _resource.LogFails = HResults.Fail.Signed;

        // act
        var alive = _guard.Boolean(_resource, "IsAlive", (c, r) => throw new InvalidOperationException("boom"));

        // assert
        Assert.That(alive, Is.False);
    }

    [Test]
    public void ResourceWrapper_IsReleasedOnceAtTheEndOfTheEntryPoint()
    {
        // act
        _ = _guard.Win32(_resource, "Online", (c, r) =>
        {
            _events.Add("body");
            return 0;
        });

        // assert: after the body, never left to the finalizer
        Assert.That(_events, Is.EqualTo(new[] { "body", "released the Resource object" }));
    }

    [Test]
    public void ResourceWrapper_IsReleasedWhenTheBodyThrows()
    {
        // act
        _ = _guard.Boolean(_resource, "IsAlive", (c, r) => throw new InvalidOperationException("boom"));

        // assert
        Assert.That(_events, Is.EqualTo(new[] { "released the Resource object" }));
    }

    [Test]
    public void ResourceWrapper_IsReleasedWhenTheResourceObjectFails()
    {
        // arrange
        _resource.Fails = HResults.RpcDisconnected.Signed;

        // act
        _ = _guard.Win32(_resource, "Open", (c, r) => 0);

        // assert
        Assert.That(_events, Is.EqualTo(new[] { "released the Resource object" }));
    }

    [Test]
    public void ReleaseFails_TheEntryPointsAnswerStands()
    {
        // arrange
        var guard = new EntryPointGuard(_ => _controller, _ => throw new InvalidOperationException("cannot release"));

        // act + assert
        Assert.That(guard.Win32(_resource, "Close", (c, r) => 0), Is.Zero);
    }

    [Test]
    public void GenericScript_RunsEachEntryPointThroughTheGuardForItsResource()
    {
        // arrange: the real composition (registry, controller, adapter); Close needs no Virtual Server
        IGenericScript script = new GenericScript();
        var resource = new LateBoundResource("EntryPointGuardTests " + Guid.NewGuid());

        // act
        var result = script.Close(resource);

        // assert
        Assert.That(result, Is.Zero);
        Assert.That(resource.Log, Has.Some.Contains("Close"));
    }

    private sealed class MessageThrows : Exception
    {
        public override string Message => throw new InvalidOperationException("no message either");
    }
}
