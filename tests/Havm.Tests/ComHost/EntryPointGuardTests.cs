using Havm.ComHost;
using Havm.Core.Lifecycle;
using Havm.Core.Model;
using Havm.Core.Ports;
using Havm.Tests.Fakes;
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
        _resource.Fails = unchecked((int)0x80010108);

        // act
        var result = _guard.Win32(_resource, "Terminate", (c, r) => 0);

        // assert
        Assert.That(result, Is.EqualTo(1627));
    }

    [Test]
    public void LogFails_ReturnsTheFailureValueWithoutRaising()
    {
        // arrange
        _resource.LogFails = unchecked((int)0x80004005);

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
        _resource.Fails = unchecked((int)0x80010108);

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
}
