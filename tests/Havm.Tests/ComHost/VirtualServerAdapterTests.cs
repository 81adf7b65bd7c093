using System.Diagnostics;
using System.Runtime.InteropServices;
using Havm.ComHost.Services;
using Havm.ComHost.VirtualServer;
using Havm.Core.Model;
using Havm.Core.Ports;
using NUnit.Framework;

namespace Havm.Tests.ComHost;

/// <summary>
/// The worker, its requests and the adapter (spec section 5, Threads) against a late-bound fake Virtual Server on real
/// threads. Time is real but can jump (<see cref="JumpClock"/>), so "hung for 60 s" takes no minute.
/// </summary>
[TestFixture]
public sealed class VirtualServerAdapterTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan PastHung = TimeSpan.FromSeconds(61);

    private JumpClock _clock = null!;
    private LateBoundVirtualServer _vs = null!;
    private LateBoundGuest _guest1 = null!;
    private VirtualServerAdapter _adapter = null!;
    private Hang _hang = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new JumpClock();
        _vs = new LateBoundVirtualServer();
        _guest1 = _vs.Add("Guest1");
        _hang = new Hang();
        _adapter = new VirtualServerAdapter(_clock, _vs.Connect, new ServiceControl(_clock, new FakeServiceControlManager()));
    }

    [TearDown]
    public void TearDown()
    {
        _hang.Dispose();
        _adapter.Release();
    }

    private Deadline Within(TimeSpan timeout) => Deadline.After(_clock, timeout);

    private IGuest Guest1() => _adapter.FindGuest("Guest1", Within(Long)).Value!;

    [Test]
    public void FindGuest_Registered_AnswersAGuestWhoseStateReads()
    {
        // act
        var state = Guest1().ReadState(Within(Long));

        // assert
        Assert.That((state.Kind, state.Value), Is.EqualTo((VsAnswerKind.Ok, GuestState.Running)));
    }

    [Test]
    public void FindGuest_NotRegistered_AnswersNoGuest()
    {
        // act
        var answer = _adapter.FindGuest("Guest2", Within(Long));

        // assert
        Assert.That((answer.Kind, answer.Value), Is.EqualTo((VsAnswerKind.Ok, (IGuest?)null)));
    }

    [Test]
    public void GuestNames_ListsEveryGuestVirtualServerKnows()
    {
        // arrange
        _ = _vs.Add("Guest2");

        // act
        var names = _adapter.GuestNames(Within(Long));

        // assert
        Assert.That(names.Value, Is.EqualTo(new[] { "Guest1", "Guest2" }));
    }

    [Test]
    public void Connect_Refused_AnswersFailedWithItsHResult()
    {
        // arrange: REGDB_E_CLASSNOTREG
        _vs.ConnectFails = HResults.ClassNotRegistered.Signed;

        // act
        var answer = _adapter.FindGuest("Guest1", Within(Long));

        // assert
        Assert.That((answer.Kind, answer.Error), Is.EqualTo((VsAnswerKind.Failed, HResults.ClassNotRegistered)));
    }

    [Test]
    public void Call_Refused_AnswersFailedWithTheCalleesHResult()
    {
        // arrange
        var guest = Guest1();
        _guest1.StateFails = HResults.VmTimedOut.Signed;

        // act
        var answer = guest.ReadState(Within(Long));

        // assert
        Assert.That((answer.Kind, answer.Error), Is.EqualTo((VsAnswerKind.Failed, HResults.VmTimedOut)));
    }

    [Test]
    public void Call_ThatHangs_AnswersNoAnswerInTimeAtTheDeadline()
    {
        // arrange
        var guest = Guest1();
        _guest1.StateHang = _hang;
        var deadline = Within(Short);

        // act
        var answer = guest.ReadState(deadline);

        // assert
        Assert.That(answer.Kind, Is.EqualTo(VsAnswerKind.TimedOut));
        Assert.That(_clock.Now, Is.GreaterThanOrEqualTo(deadline.End));
    }

    [Test]
    public void Request_GivenUpBeforeItStarted_NeverRuns()
    {
        // arrange: the worker is stuck in a state read; a Startup queues behind it and its waiter gives up
        var guest = Guest1();
        _guest1.StateHang = _hang;
        _ = guest.ReadState(Within(Short));
        _ = guest.Startup(Within(Short), ChangeGuard.Never);

        // act: the state read returns
        _hang.Release();
        _ = guest.ReadState(Within(Long));

        // assert: a late Startup cannot surprise a later entry point
        Assert.That(_guest1.Calls, Does.Not.Contain("Startup"));
    }

    [Test]
    public void AtMostOneAbandonedWorkerPerResourceIsAliveAtAnyTime()
    {
        // arrange: the heartbeat read hangs while the state answers (issue 7, kind 4)
        var guest = Guest1();
        _guest1.GuestOS!.HeartbeatHang = _hang;
        var most = (abandoned: 0, workers: 0, stuck: 0);

        // act: ten IsAlive polls a minute apart, each reading the state and then the heartbeat
        for (var poll = 0; poll < 10; poll++)
        {
            _ = guest.ReadState(Within(Short));
            _ = guest.HeartbeatPercentage(Within(Short));
            most = (Math.Max(most.abandoned, _adapter.AbandonedWorkersAlive), Math.Max(most.workers, _adapter.WorkersAlive), Math.Max(most.stuck, _hang.Stuck));
            _clock.Jump(PastHung);
        }

        // assert: one thread and one connection for a wedged Virtual Server, not one a minute
        Assert.That(most, Is.EqualTo((abandoned: 1, workers: 1, stuck: 1)));
        Assert.That(_vs.Connections, Is.EqualTo(1));
    }

    [Test]
    public void WhileAnAbandonedWorkerIsStuck_RequestsAnswerNoAnswerInTimeAtOnce()
    {
        // arrange: a worker hung for more than 60 s is abandoned by the next request
        var guest = Guest1();
        _guest1.GuestOS!.HeartbeatHang = _hang;
        _ = guest.HeartbeatPercentage(Within(Short));
        _clock.Jump(PastHung);
        _ = guest.ReadState(Within(Short));
        var watch = Stopwatch.StartNew();

        // act
        var answer = guest.ReadState(Within(Long));

        // assert
        Assert.That(answer.Kind, Is.EqualTo(VsAnswerKind.TimedOut));
        Assert.That(watch.Elapsed, Is.LessThan(Long / 4));
        Assert.That(_adapter.WorkersAlive, Is.EqualTo(1));
    }

    [Test]
    public void OnceTheAbandonedWorkerEnds_TheNextRequestGetsAFreshWorkerAndConnection()
    {
        // arrange: abandoned while stuck
        var guest = Guest1();
        _guest1.GuestOS!.HeartbeatHang = _hang;
        _ = guest.HeartbeatPercentage(Within(Short));
        _clock.Jump(PastHung);
        _ = guest.ReadState(Within(Short));

        // act: the hung call returns, the abandoned worker releases its objects and ends
        _hang.Release();
        Assert.That(Hang.Until(() => _adapter.WorkersAlive == 0), Is.True, "the abandoned worker did not end");
        _ = _adapter.FindGuest("Guest1", Within(Long));
        var answer = guest.ReadState(Within(Long));

        // assert
        Assert.That((answer.Kind, answer.Value, _vs.Connections), Is.EqualTo((VsAnswerKind.Ok, GuestState.Running, 2)));
    }

    [Test]
    public void RequestsQueuedBehindAHungCall_AnswerNoAnswerInTimeWhenItsWorkerIsAbandoned()
    {
        // arrange: a state read queued behind a hung heartbeat read, its waiter still waiting
        var guest = Guest1();
        _guest1.GuestOS!.HeartbeatHang = _hang;
        _ = guest.HeartbeatPercentage(Within(Short));
        var queued = Task.Run(() => guest.ReadState(Within(Long)));
        Assert.That(Hang.Until(() => !queued.IsCompleted && _hang.Stuck == 1), Is.True);
        Thread.Sleep(50);
        var watch = Stopwatch.StartNew();

        // act: the next request finds the worker hung for more than 60 s
        _clock.Jump(PastHung);
        _ = guest.ReadState(Within(Short));

        // assert
        Assert.That(queued.Wait(Long / 4), Is.True, "the queued request still waits");
        Assert.That((queued.Result.Kind, watch.Elapsed < Long / 4), Is.EqualTo((VsAnswerKind.TimedOut, true)));
    }

    [Test]
    public void Release_WhileACallRuns_ReturnsAndTheWorkerEndsWhenTheCallReturns()
    {
        // arrange
        var guest = Guest1();
        _guest1.StateHang = _hang;
        _ = guest.ReadState(Within(Short));
        var watch = Stopwatch.StartNew();

        // act
        _adapter.Release();

        // assert: Close waits at most its 2 s for the worker, which ends once the call returns
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
        Assert.That(_adapter.WorkersAlive, Is.EqualTo(1));
        _hang.Release();
        Assert.That(Hang.Until(() => _adapter.WorkersAlive == 0), Is.True, "the released worker did not end");
    }

    [Test]
    public void Release_WhileACallIsStuck_StartsNoNewWorkerUntilTheStuckOneEnds()
    {
        // arrange
        var guest = Guest1();
        _guest1.StateHang = _hang;
        _ = guest.ReadState(Within(Short));
        _adapter.Release();

        // act
        var whileStuck = _adapter.FindGuest("Guest1", Within(Long));
        _hang.Release();
        Assert.That(Hang.Until(() => _adapter.WorkersAlive == 0), Is.True);
        var afterwards = _adapter.FindGuest("Guest1", Within(Long));

        // assert
        Assert.That((whileStuck.Kind, afterwards.Kind, _adapter.AbandonedWorkersAlive), Is.EqualTo((VsAnswerKind.TimedOut, VsAnswerKind.Ok, 0)));
    }

    [Test]
    public void Release_RacingAPollWhileACallIsStuck_LeavesAtMostOneGivenUpWorkerStuckAndCountsIt()
    {
        // arrange: worker 1 is stuck in a state read (a wedged Virtual Server)
        using var hang2 = new Hang();
        using var hang3 = new Hang();
        var mostStuck = 0;
        var samples = new List<string>();
        void Sample()
        {
            var stuck = _hang.Stuck + hang2.Stuck + hang3.Stuck;
            mostStuck = Math.Max(mostStuck, stuck);
            samples.Add("worker1=" + _hang.Stuck + " worker2=" + hang2.Stuck + " worker3=" + hang3.Stuck + " (AbandonedWorkersAlive " + _adapter.AbandonedWorkersAlive + ")");
            Assert.That(_adapter.AbandonedWorkersAlive, Is.EqualTo(stuck), "a stuck given-up worker not counted: " + samples[samples.Count - 1]);
        }

        try
        {
            var guest = Guest1();
            _guest1.StateHang = _hang;
            _ = guest.ReadState(Within(Short));
            Assert.That(Hang.Until(() => _hang.Stuck == 1), Is.True);

            // act: Close (Release) runs on one thread while a poll posts on another
            var close = Task.Run(_adapter.Release);
            Assert.That(Hang.Until(() => !_adapter.IsConnected), Is.True, "Release did not take the worker");
            _vs.FindHang = hang2;
            var whileClosing = _adapter.FindGuest("Guest1", Within(Short));
            Sample();
            Assert.That(close.Wait(10000), Is.True);
            _vs.FindHang = null;

            // a second Close while worker 1 is still stuck; then its call returns
            _adapter.Release();
            Sample();
            _hang.Release();
            Assert.That(Hang.Until(() => _hang.Stuck == 0 && _adapter.WorkersAlive == 0), Is.True);

            // the next polls: a fresh worker, which wedges too and is abandoned a minute later
            var again = _adapter.FindGuest("Guest1", Within(TimeSpan.FromSeconds(5)));
            _guest1.StateHang = hang3;
            _ = again.Value!.ReadState(Within(Short));
            _clock.Jump(PastHung);
            _ = guest.ReadState(Within(Short));
            Sample();

            // assert: never more than one given-up worker stuck in Virtual Server per resource; the poll racing the
            // Close answered "no answer in time" at once instead of starting a worker
            Assert.That(mostStuck, Is.LessThanOrEqualTo(1), "stuck worker threads at each stage: " + string.Join("; ", samples.ToArray()));
            Assert.That((whileClosing.Kind, hang2.Entered), Is.EqualTo((VsAnswerKind.TimedOut, 0)));
        }
        finally
        {
            hang2.Release();
            hang3.Release();
        }
    }

    [Test]
    public void Release_WhileACallIsStuck_CountsTheReleasedWorkerAsTheOneStuck()
    {
        // arrange
        var guest = Guest1();
        _guest1.StateHang = _hang;
        _ = guest.ReadState(Within(Short));

        // act
        _adapter.Release();
        var whileStuck = _adapter.AbandonedWorkersAlive;
        _hang.Release();
        Assert.That(Hang.Until(() => _adapter.WorkersAlive == 0), Is.True);

        // assert
        Assert.That((whileStuck, _adapter.AbandonedWorkersAlive), Is.EqualTo((1, 0)));
    }

    [Test]
    public void Release_Idle_CountsNoStuckWorkerAndTheNextCallAnswersAtOnce()
    {
        // arrange
        _ = Guest1();

        // act: Close, then at once the next Online's lookup (no wait for the thread to end)
        _adapter.Release();
        var stuck = _adapter.AbandonedWorkersAlive;
        var answer = _adapter.FindGuest("Guest1", Within(Long));

        // assert
        Assert.That((stuck, answer.Kind), Is.EqualTo((0, VsAnswerKind.Ok)));
    }

    [Test]
    public void WhileTheWorkerHangs_ShortDeadlinesAreKept()
    {
        // arrange
        var guest = Guest1();
        _guest1.StateHang = _hang;
        var times = new List<TimeSpan>();

        // act: five LooksAlive-sized reads (250 ms) against a wedged worker, and a lookup queued behind each
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            _ = guest.ReadState(Within(TimeSpan.FromMilliseconds(250)));
            _ = _adapter.FindGuest("Guest1", Within(TimeSpan.FromMilliseconds(250)));
            times.Add(watch.Elapsed);
        }

        // assert
        Assert.That(times, Is.All.LessThan(TimeSpan.FromMilliseconds(1500)));
    }

    [Test]
    public void Release_Idle_EndsTheWorkerAndTheNextCallConnectsAgain()
    {
        // arrange
        _ = Guest1();

        // act
        _adapter.Release();
        Assert.That(Hang.Until(() => _adapter.WorkersAlive == 0), Is.True);
        var answer = _adapter.FindGuest("Guest1", Within(Long));

        // assert
        Assert.That((answer.Kind, _vs.Connections), Is.EqualTo((VsAnswerKind.Ok, 2)));
    }

    [Test]
    public void Release_WithNoWorker_DoesNothing()
    {
        // act
        _adapter.Release();

        // assert
        Assert.That((_adapter.WorkersAlive, _vs.Connections), Is.EqualTo((0, 0)));
    }

    [Test]
    public void Reconnect_MakesTheNextLookupConnectAfresh()
    {
        // arrange
        var guest = Guest1();

        // act
        _adapter.Reconnect();
        _ = _adapter.FindGuest("Guest1", Within(Long));
        var answer = guest.ReadState(Within(Long));

        // assert: the guest is looked up again on the new connection
        Assert.That((answer.Value, _vs.Connections), Is.EqualTo((GuestState.Running, 2)));
    }

    [Test]
    public void Reconnect_AKeptGuestReadBeforeALookup_NeverConnects()
    {
        // arrange: only a lookup may create VirtualServer.Application (after the core asked the SCM)
        var guest = Guest1();
        _adapter.Reconnect();

        // act
        var answer = guest.ReadState(Within(Long));

        // assert
        Assert.That((answer.Error, _vs.Connections), Is.EqualTo((HResults.ObjectNotConnected, 1)));
    }

    [Test]
    public void ConnectionLost_DropsTheConnectionSoThatTheNextLookupConnectsAfresh()
    {
        // arrange
        var guest = Guest1();
        _guest1.StateFails = HResults.RpcDisconnected.Signed;
        var lost = guest.ReadState(Within(Long));
        _guest1.StateFails = null;

        // act
        _ = _adapter.FindGuest("Guest1", Within(Long));
        var answer = guest.ReadState(Within(Long));

        // assert
        Assert.That((lost.Error, answer.Value, _vs.Connections), Is.EqualTo((HResults.RpcDisconnected, GuestState.Running, 2)));
    }

    [Test]
    public void ConnectionLost_IsDroppedBeforeTheCallerSeesTheFailure()
    {
        // arrange: the caller decides on IsConnected whether to ask the SCM before a lookup (GuestProbe)
        var guest = Guest1();
        _guest1.StateFails = HResults.RpcDisconnected.Signed;

        // act
        var lost = guest.ReadState(Within(Long));
        var connected = _adapter.IsConnected;

        // assert
        Assert.That((lost.Error, connected), Is.EqualTo((HResults.RpcDisconnected, false)));
    }

    [Test]
    public void FindGuest_WhoseSeenConnectionIsLostBeforeItRuns_AnswersObjectNotConnectedWithoutConnecting()
    {
        // arrange: a state read holds the worker, then fails with RPC_E_DISCONNECTED; a lookup posted meanwhile saw the connection
        var guest = Guest1();
        _guest1.StateHang = _hang;
        _guest1.StateFails = HResults.RpcDisconnected.Signed;
        var read = Task.Run(() => guest.ReadState(Within(Long)));
        Assert.That(Hang.Until(() => _hang.Stuck == 1), Is.True);
        Assert.That(_adapter.IsConnected, Is.True);
        var release = Task.Run(() =>
        {
            Thread.Sleep(200);
            _hang.Release();
        });

        // act: the lookup sees the connection at once, and runs after the read lost it
        var lookup = _adapter.FindGuest("Guest1", Within(Long));

        // assert: no new VirtualServer.Application behind the caller's back (it would start a stopped service)
        release.Wait();
        Assert.That((read.Result.Error, lookup.Error, _vs.Connections), Is.EqualTo((HResults.RpcDisconnected, HResults.ObjectNotConnected, 1)));
    }

    [Test]
    public void Task_AfterAConnectionLoss_WaitAndCancelAnswerFailedWithoutRaising()
    {
        // arrange: a Save task, then the connection is lost (RPC_E_DISCONNECTED drops every kept object)
        var guest = Guest1();
        var task = guest.Save(Within(Long), ChangeGuard.Never).Value;
        _guest1.StateFails = HResults.RpcDisconnected.Signed;
        _ = guest.ReadState(Within(Long));

        // act
        var wait = task.WaitForCompletion(TimeSpan.FromSeconds(1), Within(Long));
        var cancel = task.Cancel(Within(Long));

        // assert
        Assert.That((wait.Kind, cancel.Kind), Is.EqualTo((VsAnswerKind.Failed, VsAnswerKind.Failed)));
    }

    [Test]
    public void ReadFiles_ReadsTheDisksUndoDisksAndNetworks()
    {
        // arrange
        _guest1.HardDiskConnections = new LateBoundItems(
            new LateBoundDiskConnection(@"X:\Guest1\disk.vhd", @"X:\Guest1\disk.vud"),
            new LateBoundDiskConnection(@"X:\Guest1\data.vhd"));
        _guest1.NetworkAdapters = new LateBoundItems(new LateBoundNetworkAdapter(@"X:\Guest1\lan.vnc"));

        // act
        var files = Guest1().ReadFiles(Within(Long));

        // assert
        Assert.That(files.Kind, Is.EqualTo(VsAnswerKind.Ok));
        Assert.That(
            (files.Value!.HardDisks, files.Value.UndoDisks, files.Value.Networks),
            Is.EqualTo((new[] { @"X:\Guest1\disk.vhd", @"X:\Guest1\data.vhd" }, new[] { @"X:\Guest1\disk.vud" }, new[] { @"X:\Guest1\lan.vnc" })));
    }

    [Test]
    public void ReadFiles_NetworkAdaptersFail_AnswersTheFailureAndTheWorkerGoesOn()
    {
        // arrange: HardDiskConnections was read (and must be released) before NetworkAdapters fails
        _guest1.HardDiskConnections = new LateBoundItems(new LateBoundDiskConnection(@"X:\Guest1\disk.vhd"));
        _guest1.NetworkAdaptersFails = HResults.Fail.Signed;
        var guest = Guest1();

        // act
        var files = guest.ReadFiles(Within(Long));
        var state = guest.ReadState(Within(Long));

        // assert
        Assert.That((files.Kind, files.Error.Value, state.Kind), Is.EqualTo((VsAnswerKind.Failed, 0x80004005u, VsAnswerKind.Ok)));
    }

    [Test]
    public void Task_AfterAReconnect_IsLostAndAnswersEAbort()
    {
        // arrange
        var guest = Guest1();
        var task = guest.Save(Within(Long), ChangeGuard.Never).Value;
        _adapter.Reconnect();

        // act
        var status = task.ReadStatus(Within(Long));

        // assert
        Assert.That((status.Kind, status.Error.Value), Is.EqualTo((VsAnswerKind.Failed, 0x80004004u)));
    }

    [Test]
    public void Startup_ReturningATask_ReadsItsStatus()
    {
        // arrange
        _guest1.NextTask = new LateBoundTask2 { IsComplete = true, Result = (int)TaskResult.DiskRelatedError, PercentCompleted = 40, IsCancelable = true, Error = 0xA0040306u };
        var task = Guest1().Startup(Within(Long), ChangeGuard.Never).Value;

        // act
        var status = task.ReadStatus(Within(Long)).Value;

        // assert
        Assert.That((status.IsComplete, status.Result, status.PercentCompleted, status.IsCancelable, status.Error), Is.EqualTo((true, TaskResult.DiskRelatedError, 40, true, HResults.UnloadableActivation)));
    }

    [Test]
    public void TaskStatus_Incomplete_ReadsNeitherResultNorError()
    {
        // arrange
        _guest1.NextTask = new LateBoundTask2 { IsComplete = false, Result = (int)TaskResult.DiskRelatedError, PercentCompleted = 10, Error = -1 };
        var task = Guest1().Startup(Within(Long), ChangeGuard.Never).Value;

        // act
        var status = task.ReadStatus(Within(Long)).Value;

        // assert
        Assert.That((status.Result, status.PercentCompleted, status.Error), Is.EqualTo((TaskResult.Success, 10, HResults.Ok)));
    }

    [Test]
    public void TaskStatus_OfAnIvmTaskWithoutError_HasNoError()
    {
        // arrange: IVMTask without IVMTask2
        _guest1.NextTask = new LateBoundTask { IsComplete = true };
        var task = Guest1().Save(Within(Long), ChangeGuard.Never).Value;

        // act
        var status = task.ReadStatus(Within(Long));

        // assert
        Assert.That((status.Kind, status.Value.Error), Is.EqualTo((VsAnswerKind.Ok, HResults.Ok)));
    }

    [Test]
    public void WaitForCompletion_WaitsAtMostOneSecondPerSlice()
    {
        // arrange
        var vsTask = new LateBoundTask { IsComplete = false };
        _guest1.NextTask = vsTask;
        var task = Guest1().TurnOff(Within(Long), ChangeGuard.Never).Value;

        // act
        var done = task.WaitForCompletion(TimeSpan.FromSeconds(5), Within(Long));

        // assert
        Assert.That((done.Value, vsTask.LastWaitMilliseconds), Is.EqualTo((false, 1000)));
    }

    [Test]
    public void Cancel_CancelsTheTask()
    {
        // arrange
        var vsTask = new LateBoundTask { IsCancelable = true };
        _guest1.NextTask = vsTask;
        var task = Guest1().Resume(Within(Long), ChangeGuard.Never).Value;

        // act
        var answer = task.Cancel(Within(Long));

        // assert
        Assert.That((answer.Value, vsTask.Cancelled), Is.EqualTo((true, true)));
    }

    [Test]
    public void Call_ReturningNoTask_GivesATaskCompleteAtOnce()
    {
        // arrange
        _guest1.NextTask = null;

        // act
        var task = Guest1().Save(Within(Long), ChangeGuard.Never).Value;

        // assert
        Assert.That((task.WaitForCompletion(Short, Within(Long)).Value, task.ReadStatus(Within(Long)).Value.Result, task.Cancel(Within(Long)).Value), Is.EqualTo((true, TaskResult.Success, false)));
    }

    [Test]
    public void Heartbeat_ReadsTheAdditions()
    {
        // arrange
        _guest1.GuestOS!.HeartbeatPercentage = 40;
        var guest = Guest1();

        // act + assert
        Assert.That((guest.IsHeartbeating(Within(Long)).Value, guest.HeartbeatPercentage(Within(Long)).Value), Is.EqualTo((true, 40)));
    }

    [Test]
    public void Heartbeat_ReadAgain_ReadsGuestOsOnce()
    {
        // arrange: IsAlive at most two Virtual Server calls (state and heartbeat): the GuestOS object is kept
        var guest = Guest1();
        _ = guest.HeartbeatPercentage(Within(Long));

        // act
        var second = guest.HeartbeatPercentage(Within(Long));

        // assert
        Assert.That((second.Value, _guest1.GuestOsReads), Is.EqualTo((100, 1)));
    }

    [Test]
    public void Heartbeat_ThroughAKeptGuestOsThatFails_IsReadThroughAFreshOne()
    {
        // arrange: the kept GuestOS went stale (the guest restarted): a fresh one answers
        var guest = Guest1();
        _ = guest.HeartbeatPercentage(Within(Long));
        _guest1.GuestOS!.Fails = HResults.DispException.Signed;
        _guest1.GuestOS = new LateBoundGuestOs { HeartbeatPercentage = 60 };

        // act
        var answer = guest.HeartbeatPercentage(Within(Long));

        // assert
        Assert.That((answer.Kind, answer.Value), Is.EqualTo((VsAnswerKind.Ok, 60)));
    }

    [Test]
    public void Heartbeat_KeptGuestOsAnsweringAdditionsNotAvailable_IsNotReadAgainThroughAFreshOne()
    {
        // arrange: a rebooting guest's Additions say "not available" for minutes: an answer, not a stale object
        var guest = Guest1();
        _ = guest.HeartbeatPercentage(Within(Long));
        _guest1.GuestOS!.Fails = HResults.AdditionsNotAvailable.Signed;
        var readsBefore = _guest1.GuestOsReads;

        // act
        var answer = guest.HeartbeatPercentage(Within(Long));

        // assert: no GuestOS read by the adapter for this answer
        Assert.That((answer.Error, _guest1.GuestOsReads - readsBefore), Is.EqualTo((HResults.AdditionsNotAvailable, 0)));
    }

    [Test]
    public void Heartbeat_WithoutAdditions_IsAdditionsNotAvailable()
    {
        // arrange: GuestOS is Nothing
        _guest1.GuestOS = null;

        // act
        var answer = Guest1().HeartbeatPercentage(Within(Long));

        // assert
        Assert.That(answer.Error, Is.EqualTo(HResults.AdditionsNotAvailable));
    }

    [Test]
    public void ShutdownGuestOs_ReturnsTheAdditionsTask()
    {
        // act
        var answer = Guest1().ShutdownGuestOs(Within(Long), ChangeGuard.Never);

        // assert
        Assert.That((answer.Kind, answer.Value.ReadStatus(Within(Long)).Value.IsComplete), Is.EqualTo((VsAnswerKind.Ok, true)));
    }

    [Test]
    public void DiscardSavedState_CallsIt()
    {
        // act
        var answer = Guest1().DiscardSavedState(Within(Long), ChangeGuard.Never);

        // assert
        Assert.That((answer.Value, _guest1.Calls), Is.EqualTo((true, new List<string> { "DiscardSavedState" })));
    }

    [TestCase(true, 0, true)]
    [TestCase(true, 1, false)]
    [TestCase(false, 0, false)]
    public void ReadConfiguration_UndoDisksDiscardOnlyWhenUndoableAndDiscard(bool undoable, int undoAction, bool expected)
    {
        // arrange
        _guest1.Undoable = undoable;
        _guest1.UndoAction = undoAction;
        _guest1.AutoStartAtLaunch = 1;
        _guest1.ShutdownActionOnQuit = 2;

        // act
        var configuration = Guest1().ReadConfiguration(Within(Long)).Value;

        // assert
        Assert.That(
            (configuration.ConfigurationFile, configuration.UndoDisksDiscard, configuration.AutoStartAtLaunch, configuration.ShutdownActionOnQuit),
            Is.EqualTo((@"X:\Guests\Guest1\Guest1.vmc", expected, 1, 2)));
    }

    [Test]
    public void Guest_UnregisteredAfterAReconnect_IsVmUnknown()
    {
        // arrange
        var guest = Guest1();
        _adapter.Reconnect();
        _ = _vs.Guests.Remove("Guest1");

        // act
        var found = _adapter.FindGuest("Guest1", Within(Long));
        var answer = guest.ReadState(Within(Long));

        // assert: the lookup finds none, and the kept guest is unknown on the new connection
        Assert.That((found.Value, answer.Error), Is.EqualTo(((IGuest?)null, HResults.VmUnknown)));
    }

    [Test]
    public void FindGuest_Again_ReplacesTheGuestItKept()
    {
        // arrange
        var first = Guest1();
        var replacement = new LateBoundGuest("Guest1") { State = (int)GuestState.Saved };
        _vs.Guests["Guest1"] = replacement;

        // act
        _ = _adapter.FindGuest("Guest1", Within(Long));

        // assert
        Assert.That(first.ReadState(Within(Long)).Value, Is.EqualTo(GuestState.Saved));
    }

    [Test]
    public void ServiceCalls_GoToTheServiceControlManager()
    {
        // arrange
        var scm = new FakeServiceControlManager().States(Havm.ComHost.Services.ServiceMethods.StopPending);
        var adapter = new VirtualServerAdapter(_clock, _vs.Connect, new ServiceControl(_clock, scm));

        // act + assert
        Assert.That((adapter.QueryService(Within(Long)), adapter.StartService(Within(Long)).FinalState), Is.EqualTo((ServiceState.StopPending, ServiceState.StopPending)));
    }
}
