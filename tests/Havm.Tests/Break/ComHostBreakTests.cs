using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Havm.ComHost;
using Havm.ComHost.Cluster;
using Havm.ComHost.Services;
using Havm.ComHost.VirtualServer;
using Havm.Core.Lifecycle;
using Havm.Core.Model;
using Havm.Core.Ports;
using Havm.Tests.ComHost;
using Havm.Tests.Fakes;
using NSubstitute;
using NUnit.Framework;

namespace Havm.Tests.Break.ComHost;

/// <summary>
/// Adversarial review of Havm.ComHost (issue 10) against behaviour.md v3 sections 1, 2, 5 and the platform's facts.
/// Failing tests are open faults; [Category("BreakPassed")] tests are probes that held.
/// </summary>
[TestFixture]
public sealed class ComHostBreakTests
{
    // ------------------------------------------------------------------------------------------------------------
    // VirtualServerAdapter / VsWorker (spec section 5, Threads): "At most one abandoned worker per resource may still
    // be stuck: while it is, no new worker is started and requests answer 'cannot tell' at once."
    // ------------------------------------------------------------------------------------------------------------

    [Test]
    public void Break_Adapter_CloseRacingAPollWhileAWorkerIsStuck_LeavesAtMostOneGivenUpWorkerStuck()
    {
        // arrange
        var clock = new JumpClock();
        var vs = new LateBoundVirtualServer();
        var guest1 = vs.Add("Guest1");
        using var hang1 = new Hang();
        using var hang2 = new Hang();
        using var hang3 = new Hang();
        var adapter = new VirtualServerAdapter(clock, vs.Connect, new ServiceControl(clock, new FakeServiceControlManager()));
        var short250 = TimeSpan.FromMilliseconds(250);
        var mostStuck = 0;
        var samples = new List<string>();
        void Sample()
        {
            mostStuck = Math.Max(mostStuck, hang1.Stuck + hang2.Stuck + hang3.Stuck);
            samples.Add("worker1=" + hang1.Stuck + " worker2=" + hang2.Stuck + " worker3=" + hang3.Stuck + " (AbandonedWorkersAlive " + adapter.AbandonedWorkersAlive + ", WorkersAlive " + adapter.WorkersAlive + ")");
        }

        try
        {
            // worker 1 is stuck in a state read (a wedged Virtual Server)
            var guest = adapter.FindGuest("Guest1", Deadline.After(clock, TimeSpan.FromSeconds(10))).Value!;
            guest1.StateHang = hang1;
            _ = guest.ReadState(Deadline.After(clock, short250));
            Assert.That(Hang.Until(() => hang1.Stuck == 1), Is.True);

            // Close (Release) runs on one thread while a poll (or a concurrent Online's wait slice) posts on another
            var close = Task.Run(adapter.Release);
            Assert.That(Hang.Until(() => !adapter.IsConnected), Is.True, "Release did not take the worker");
            vs.FindHang = hang2;
            _ = adapter.FindGuest("Guest1", Deadline.After(clock, short250));
            Sample();
            Assert.That(close.Wait(10000), Is.True);
            vs.FindHang = null;

            // a second Close while both are still stuck; then worker 1's call returns
            adapter.Release();
            Sample();
            hang1.Release();
            Assert.That(Hang.Until(() => hang1.Stuck == 0), Is.True);
            Thread.Sleep(200);

            // the next polls: a fresh worker, which wedges too and is abandoned a minute later
            var again = adapter.FindGuest("Guest1", Deadline.After(clock, TimeSpan.FromSeconds(5)));
            guest1.StateHang = hang3;
            if (again.Value is { } found)
            {
                _ = found.ReadState(Deadline.After(clock, short250));
            }

            clock.Jump(TimeSpan.FromSeconds(61));
            _ = guest.ReadState(Deadline.After(clock, short250));
            Sample();

            // assert: never more than one given-up worker thread stuck in Virtual Server per resource
            Assert.That(mostStuck, Is.LessThanOrEqualTo(1), "stuck worker threads at each stage: " + string.Join("; ", samples));
        }
        finally
        {
            hang1.Release();
            hang2.Release();
            hang3.Release();
            adapter.Release();
        }
    }

    [Test]
    [Category("BreakPassed")]
    public void Break_Adapter_LooksAliveSizedDeadline_IsKeptWhileTheWorkerHangs()
    {
        // arrange
        var clock = new JumpClock();
        var vs = new LateBoundVirtualServer();
        var guest1 = vs.Add("Guest1");
        using var hang = new Hang();
        var adapter = new VirtualServerAdapter(clock, vs.Connect, new ServiceControl(clock, new FakeServiceControlManager()));
        try
        {
            var guest = adapter.FindGuest("Guest1", Deadline.After(clock, TimeSpan.FromSeconds(10))).Value!;
            guest1.StateHang = hang;
            var times = new List<TimeSpan>();

            // act: five LooksAlive-sized reads (250 ms) against a wedged worker, and a lookup queued behind it
            for (var i = 0; i < 5; i++)
            {
                var watch = Stopwatch.StartNew();
                _ = guest.ReadState(Deadline.After(clock, TimeSpan.FromMilliseconds(250)));
                _ = adapter.FindGuest("Guest1", Deadline.After(clock, TimeSpan.FromMilliseconds(250)));
                times.Add(watch.Elapsed);
            }

            // assert
            Assert.That(times, Is.All.LessThan(TimeSpan.FromMilliseconds(1500)));
        }
        finally
        {
            hang.Release();
            adapter.Release();
        }
    }

    [Test]
    [Category("BreakPassed")]
    public void Break_Adapter_LostTaskAfterAConnectionLoss_AnswersWithoutRaising()
    {
        // arrange: a Save task, then the connection is lost (RPC_E_DISCONNECTED drops every kept object)
        var clock = new JumpClock();
        var vs = new LateBoundVirtualServer();
        var guest1 = vs.Add("Guest1");
        var adapter = new VirtualServerAdapter(clock, vs.Connect, new ServiceControl(clock, new FakeServiceControlManager()));
        try
        {
            var guest = adapter.FindGuest("Guest1", Deadline.After(clock, TimeSpan.FromSeconds(10))).Value!;
            var task = guest.Save(Deadline.After(clock, TimeSpan.FromSeconds(10)), ChangeGuard.Never).Value;
            guest1.StateFails = HResults.RpcDisconnected.Signed;
            _ = guest.ReadState(Deadline.After(clock, TimeSpan.FromSeconds(10)));

            // act
            var wait = task.WaitForCompletion(TimeSpan.FromSeconds(1), Deadline.After(clock, TimeSpan.FromSeconds(10)));
            var cancel = task.Cancel(Deadline.After(clock, TimeSpan.FromSeconds(10)));

            // assert
            Assert.That((wait.Kind, cancel.Kind), Is.EqualTo((VsAnswerKind.Failed, VsAnswerKind.Failed)));
        }
        finally
        {
            adapter.Release();
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // EntryPointGuard (spec section 5: "No exception reaches the script"; "Open, Online, Offline, Terminate and Close
    // write one line on entry and one on exit with the result and the time taken").
    // ------------------------------------------------------------------------------------------------------------

    private sealed class MessageThrows : Exception
    {
        public override string Message => throw new InvalidOperationException("no message either");
    }

    [Test]
    [Category("BreakPassed")]
    public void Break_Guard_ExceptionWhoseMessageThrows_StillReturnsTheFailureValue()
    {
        // arrange
        var resource = new LateBoundResource();
        var controller = new GuestController(Substitute.For<IVirtualServer>(), new FakeClock());
        var guard = new EntryPointGuard(_ => controller, _ => { });

        // act + assert
        Assert.That(guard.Win32(resource, "Online", (c, r) => throw new MessageThrows()), Is.EqualTo(1627));
        Assert.That(guard.Boolean(resource, "IsAlive", (c, r) => throw new MessageThrows()), Is.False);
    }

    [Test]
    public void Break_Guard_Win32EntryPointThatThrows_ExitLineHasTheTimeTaken()
    {
        // arrange: Online fails with an exception after the entry line was written
        var resource = new LateBoundResource();
        var controller = new GuestController(Substitute.For<IVirtualServer>(), new FakeClock());
        var guard = new EntryPointGuard(_ => controller, _ => { });

        // act
        _ = guard.Win32(resource, "Online", (c, r) =>
        {
            r.Log("Online: entering on node " + r.NodeName);
            Thread.Sleep(30);
            throw new COMException("Startup refused", HResults.VmTimedOut.Signed);
        });

        // assert: the exit line carries the result and the time taken, as every exit line of a Win32 entry point must
        Assert.That(resource.Log, Has.Count.EqualTo(2));
        Assert.That(resource.Log[1], Does.Contain("1627").And.Match(@"\d+(\.\d+)? ?(s|ms|seconds)\b"), resource.Log[1]);
    }

    // ------------------------------------------------------------------------------------------------------------
    // ClusterResourceAdapter: the Resource object read with the right type, and no more calls than needed.
    // ------------------------------------------------------------------------------------------------------------

    /// <summary>A Resource object that counts every call the late binder makes on it.</summary>
    public sealed class CountingResource
    {
        private readonly HashSet<string> _existing = new(StringComparer.OrdinalIgnoreCase) { "VirtualMachineName" };

        public List<string> Calls { get; } = [];

        public List<string> Log { get; } = [];

        public int? Fails { get; set; }

        public string Name
        {
            get
            {
                Calls.Add("Name");
                Fail();
                return "Guest1Script";
            }
        }

        public object? VirtualMachineName
        {
            get
            {
                Calls.Add("VirtualMachineName");
                Fail();
                return "Guest1";
            }
        }

        public void LogInformation(string line)
        {
            Calls.Add("LogInformation");
            Log.Add(line);
        }

        public bool PropertyExists(string name)
        {
            Calls.Add("PropertyExists " + name);
            Fail();
            return _existing.Contains(name);
        }

        public void AddProperty(string name) => Calls.Add("AddProperty " + name);

        private void Fail()
        {
            if (Fails is { } hr)
            {
                throw new COMException("the Resource object failed", hr);
            }
        }
    }

    [Test]
    public void Break_Guard_IsAlive_ReadsTheResourceNameOnce()
    {
        // arrange: the real controller over a Virtual Server that cannot tell
        var resource = new CountingResource();
        var virtualServer = Substitute.For<IVirtualServer>();
        var controller = new GuestController(virtualServer, new FakeClock());
        var guard = new EntryPointGuard(_ => controller, _ => { });

        // act
        _ = guard.Boolean(resource, "IsAlive", (c, r) => c.IsAlive(r));

        // assert: Resource.Name cannot change during one call; one read does
        Assert.That(resource.Calls.Count(c => c == "Name"), Is.EqualTo(1), string.Join(", ", resource.Calls));
    }

    [Test]
    [Category("BreakPassed")]
    public void Break_ClusterResource_ReadFailingWhilePropertyExistsFailsToo_IsTheResourceObjectsFailureNotMissing()
    {
        // arrange: the host's object is gone (RPC_E_DISCONNECTED) for every member
        var resource = new CountingResource { Fails = HResults.RpcDisconnected.Signed };
        var adapter = new ClusterResourceAdapter(resource);

        // act + assert: never "missing" (which would make the core use a default instead of the last good value)
        var error = Assert.Throws<COMException>(() => adapter.ReadProperty("VirtualMachineName"))!;
        Assert.That(error.ErrorCode, Is.EqualTo(HResults.RpcDisconnected.Signed));
    }

    [Test]
    [Category("BreakPassed")]
    public void Break_ClusterResource_PresentProperty_IsOneCall()
    {
        // arrange
        var resource = new CountingResource();
        var adapter = new ClusterResourceAdapter(resource);

        // act
        var value = adapter.ReadProperty("VirtualMachineName");

        // assert
        Assert.That((value.Kind, value.Text, resource.Calls.Count), Is.EqualTo((PropertyValueKind.Text, "Guest1", 1)));
    }
}
