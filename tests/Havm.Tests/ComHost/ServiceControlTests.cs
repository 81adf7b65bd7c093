using Havm.ComHost.Services;
using Havm.Core.Model;
using Havm.Tests.Fakes;
using NUnit.Framework;

namespace Havm.Tests.ComHost;

/// <summary>The "Virtual Server" service through the Service Control Manager (spec section 4, Open), with a fake SCM.</summary>
[TestFixture]
public sealed class ServiceControlTests
{
    private FakeClock _clock = null!;
    private FakeServiceControlManager _scm = null!;
    private ServiceControl _service = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new FakeClock();
        _scm = new FakeServiceControlManager();
        _service = new ServiceControl(_clock, _scm);
    }

    private Deadline Seconds(int seconds) => Deadline.After(_clock, TimeSpan.FromSeconds(seconds));

    [TestCase(ServiceMethods.Stopped, ServiceState.Stopped)]
    [TestCase(ServiceMethods.StartPending, ServiceState.StartPending)]
    [TestCase(ServiceMethods.StopPending, ServiceState.StopPending)]
    [TestCase(ServiceMethods.Running, ServiceState.Running)]
    [TestCase(ServiceMethods.ContinuePending, ServiceState.Paused)]
    [TestCase(ServiceMethods.PausePending, ServiceState.Paused)]
    [TestCase(ServiceMethods.Paused, ServiceState.Paused)]
    [TestCase(99u, ServiceState.Unknown)]
    public void Query_ReadsEachServiceStateAsItsServiceState(uint scmState, ServiceState expected)
    {
        // arrange
        _scm.States(scmState);

        // act + assert
        Assert.That(_service.Query(), Is.EqualTo(expected));
    }

    [Test]
    public void Query_OpensTheVirtualServerServiceForQueryOnlyAndClosesIt()
    {
        // act
        _ = _service.Query();

        // assert: never SERVICE_START from a poll
        Assert.That(_scm.Calls, Is.EqualTo(new[] { "Open Virtual Server 0x4", "Query", "Close" }));
    }

    [Test]
    public void Query_ServiceDoesNotExist_IsNotInstalled()
    {
        // arrange
        _scm.OpenError = Win32Error.ServiceDoesNotExist;

        // act + assert
        Assert.That(_service.Query(), Is.EqualTo(ServiceState.NotInstalled));
    }

    [Test]
    public void Query_OpenRefused_IsUnknown()
    {
        // arrange
        _scm.OpenError = Win32Error.AccessDenied;

        // act + assert
        Assert.That(_service.Query(), Is.EqualTo(ServiceState.Unknown));
    }

    [Test]
    public void Query_QueryServiceStatusFails_IsUnknown()
    {
        // arrange
        _scm.QueryError = Win32Error.AccessDenied;

        // act + assert
        Assert.That(_service.Query(), Is.EqualTo(ServiceState.Unknown));
    }

    [Test]
    public void Start_Running_StartsNothing()
    {
        // arrange
        _scm.States(ServiceMethods.Running);

        // act
        var result = _service.Start(Seconds(30));

        // assert
        Assert.That((result.FinalState, result.StartedNow, result.Win32Error, _scm.Calls.Contains("Start")), Is.EqualTo((ServiceState.Running, false, 0, false)));
    }

    [Test]
    public void Start_Stopped_StartsItAndWaitsUntilItRuns()
    {
        // arrange
        _scm.States(ServiceMethods.Stopped, ServiceMethods.StartPending, ServiceMethods.StartPending, ServiceMethods.Running);

        // act
        var result = _service.Start(Seconds(30));

        // assert
        Assert.That((result.FinalState, result.StartedNow, result.Win32Error, result.Detail), Is.EqualTo((ServiceState.Running, true, 0, "started")));
        Assert.That(_scm.Calls.Count(c => c == "Start"), Is.EqualTo(1));
    }

    [Test]
    public void Start_StartPending_WaitsWithoutStartingIt()
    {
        // arrange
        _scm.States(ServiceMethods.StartPending, ServiceMethods.Running);

        // act
        var result = _service.Start(Seconds(30));

        // assert
        Assert.That((result.FinalState, result.StartedNow, result.Detail, _scm.Calls.Contains("Start")), Is.EqualTo((ServiceState.Running, false, "finished starting", false)));
    }

    [Test]
    public void Start_StillStartingAtTheDeadline_IsErrorServiceRequestTimeoutWithinTheDeadline()
    {
        // arrange
        _scm.States(ServiceMethods.Stopped, ServiceMethods.StartPending);
        var deadline = Seconds(30);

        // act
        var result = _service.Start(deadline);

        // assert
        Assert.That((result.FinalState, result.Win32Error), Is.EqualTo((ServiceState.StartPending, Win32Error.ServiceRequestTimeout)));
        Assert.That(_clock.Now, Is.EqualTo(deadline.End));
    }

    [Test]
    public void Start_PollsAtMostEveryQuarterSecond()
    {
        // arrange
        _scm.States(ServiceMethods.Stopped, ServiceMethods.StartPending, ServiceMethods.StartPending, ServiceMethods.Running);
        var start = _clock.Now;

        // act
        _ = _service.Start(Seconds(30));

        // assert: two polls found it starting
        Assert.That(_clock.Now - start, Is.EqualTo(TimeSpan.FromMilliseconds(500)));
    }

    [Test]
    public void Start_StartServiceRefused_IsThatError()
    {
        // arrange
        _scm.States(ServiceMethods.Stopped);
        _scm.StartError = Win32Error.AccessDenied;

        // act
        var result = _service.Start(Seconds(30));

        // assert
        Assert.That((result.FinalState, result.StartedNow, result.Win32Error), Is.EqualTo((ServiceState.Stopped, false, Win32Error.AccessDenied)));
        Assert.That(result.Detail, Does.Contain("StartService failed").And.Contain("5"));
    }

    [Test]
    public void Start_StartedByAnotherCallerFirst_WaitsUntilItRuns()
    {
        // arrange: ERROR_SERVICE_ALREADY_RUNNING
        _scm.States(ServiceMethods.Stopped, ServiceMethods.Running);
        _scm.StartError = Win32Error.ServiceAlreadyRunning;

        // act
        var result = _service.Start(Seconds(30));

        // assert
        Assert.That((result.FinalState, result.Win32Error), Is.EqualTo((ServiceState.Running, 0)));
    }

    [Test]
    public void Start_StopPending_NeverStartsIt()
    {
        // arrange: the node is shutting down
        _scm.States(ServiceMethods.StopPending);

        // act
        var result = _service.Start(Seconds(30));

        // assert
        Assert.That((result.FinalState, result.Win32Error, _scm.Calls.Contains("Start")), Is.EqualTo((ServiceState.StopPending, Win32Error.ServiceNotActive, false)));
        Assert.That(result.Detail, Does.Contain("stopping").And.Contain("not started"));
    }

    [Test]
    public void Start_Paused_DoesNotStartIt()
    {
        // arrange
        _scm.States(ServiceMethods.Paused);

        // act
        var result = _service.Start(Seconds(30));

        // assert
        Assert.That((result.FinalState, result.Win32Error, _scm.Calls.Contains("Start")), Is.EqualTo((ServiceState.Paused, Win32Error.ServiceNotActive, false)));
    }

    [Test]
    public void Start_QueryFails_IsTheQueryError()
    {
        // arrange
        _scm.QueryError = Win32Error.AccessDenied;

        // act
        var result = _service.Start(Seconds(30));

        // assert
        Assert.That((result.FinalState, result.Win32Error), Is.EqualTo((ServiceState.Unknown, Win32Error.AccessDenied)));
        Assert.That(result.Detail, Does.Contain("cannot query"));
    }

    [Test]
    public void Start_NotInstalled_IsErrorServiceDoesNotExist()
    {
        // arrange
        _scm.OpenError = Win32Error.ServiceDoesNotExist;

        // act
        var result = _service.Start(Seconds(30));

        // assert
        Assert.That((result.FinalState, result.Win32Error), Is.EqualTo((ServiceState.NotInstalled, Win32Error.ServiceDoesNotExist)));
        Assert.That(result.Detail, Does.Contain("not installed"));
    }

    [Test]
    public void Start_OpenRefused_IsThatError()
    {
        // arrange
        _scm.OpenError = Win32Error.AccessDenied;

        // act
        var result = _service.Start(Seconds(30));

        // assert
        Assert.That((result.FinalState, result.Win32Error), Is.EqualTo((ServiceState.Unknown, Win32Error.AccessDenied)));
        Assert.That(result.Detail, Does.Contain("cannot open"));
    }

    [Test]
    public void Start_StoppedAgainWithAServiceSpecificError_IsErrorServiceSpecificErrorWithTheServicesOwnCode()
    {
        // arrange: ERROR_SERVICE_SPECIFIC_ERROR carries the service's own code in dwServiceSpecificExitCode
        _scm.States(ServiceMethods.Stopped, ServiceMethods.StartPending, ServiceMethods.Stopped);
        _scm.Win32ExitCode = Win32Error.ServiceSpecificError;
        _scm.ServiceSpecificExitCode = 42;

        // act
        var result = _service.Start(Seconds(30));

        // assert: 42 is Virtual Server's own code, not a Win32 error ("net helpmsg 42" would mislead); the Win32
        // error of the failed start is 1066 itself
        Assert.That((result.FinalState, result.StartedNow, result.Win32Error), Is.EqualTo((ServiceState.Stopped, true, Win32Error.ServiceSpecificError)));
        Assert.That(result.Detail, Does.Contain("service-specific error 42").And.Not.Contain("Win32 error 42"));
    }

    [Test]
    public void Start_StoppedAgainWithAWin32ExitCode_IsThatErrorNamed()
    {
        // arrange
        _scm.States(ServiceMethods.Stopped, ServiceMethods.StartPending, ServiceMethods.Stopped);
        _scm.Win32ExitCode = Win32Error.AccessDenied;

        // act
        var result = _service.Start(Seconds(30));

        // assert
        Assert.That((result.Win32Error, result.Detail), Is.EqualTo((Win32Error.AccessDenied, "did not start (Stopped): Win32 error 5 (ERROR_ACCESS_DENIED)")));
    }

    [Test]
    public void Start_QueryFailsOnceWhileWaitingForTheStart_WatchesOnUntilItRuns()
    {
        // arrange: one QueryServiceStatus fails (ERROR_ACCESS_DENIED) while the service is in fact starting
        _scm.States(ServiceMethods.Stopped).QueryFailing(Win32Error.AccessDenied).States(ServiceMethods.StartPending, ServiceMethods.Running);

        // act
        var result = _service.Start(Seconds(30));

        // assert: a failed query is no verdict, least of all "did not start ... ERROR_SERVICE_NOT_ACTIVE (1062)"
        Assert.That((result.FinalState, result.StartedNow, result.Win32Error), Is.EqualTo((ServiceState.Running, true, 0)), result.Detail);
    }

    [Test]
    public void Start_QueryFailsUntilTheDeadlineWhileWaitingForTheStart_IsTheQuerysOwnErrorNamed()
    {
        // arrange
        _scm.States(ServiceMethods.Stopped).QueryFailing(Win32Error.AccessDenied);

        // act
        var result = _service.Start(Seconds(30));

        // assert: watched until the deadline, then the query's own error
        Assert.That((result.FinalState, result.StartedNow, result.Win32Error), Is.EqualTo((ServiceState.Unknown, true, Win32Error.AccessDenied)));
        Assert.That(result.Detail, Does.Contain("QueryServiceStatus failed with Win32 error 5 (ERROR_ACCESS_DENIED)").And.Not.Contain("did not start"));
        Assert.That(_clock.Now, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(30)));
    }

    [TestCase(0u)]
    [TestCase(8u)]
    [TestCase(0xFFFFFFFFu)]
    public void Start_StateOutsideWinsvcH_IsAFailureWithErrorInvalidData(uint state)
    {
        // arrange: QueryServiceStatus succeeds but dwCurrentState is none of winsvc.h's seven values
        _scm.States(state);

        // act
        var result = _service.Start(Seconds(30));

        // assert: ServiceStartResult.Win32Error is never 0 for a start that did not happen
        Assert.That((result.FinalState, result.Win32Error, _scm.Calls.Contains("Start")), Is.EqualTo((ServiceState.Unknown, Win32Error.InvalidData, false)));
        Assert.That(result.Detail, Does.Contain("dwCurrentState " + state.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void Start_StateOutsideWinsvcHWhileWaitingForTheStart_IsAFailureWithErrorInvalidData()
    {
        // arrange
        _scm.States(ServiceMethods.Stopped, ServiceMethods.StartPending, 0u);

        // act
        var result = _service.Start(Seconds(30));

        // assert
        Assert.That((result.FinalState, result.StartedNow, result.Win32Error), Is.EqualTo((ServiceState.Unknown, true, Win32Error.InvalidData)));
    }

    [Test]
    public void Start_StoppedAgainWithoutAnExitCode_IsErrorServiceNotActive()
    {
        // arrange
        _scm.States(ServiceMethods.Stopped, ServiceMethods.Stopped);

        // act
        var result = _service.Start(Seconds(30));

        // assert
        Assert.That(result.Win32Error, Is.EqualTo(Win32Error.ServiceNotActive));
    }

    [Test]
    public void Start_ClosesTheServiceHandle()
    {
        // arrange
        _scm.States(ServiceMethods.Stopped, ServiceMethods.Running);

        // act
        _ = _service.Start(Seconds(30));

        // assert
        Assert.That(_scm.OpenConnections, Is.Zero);
    }
}
