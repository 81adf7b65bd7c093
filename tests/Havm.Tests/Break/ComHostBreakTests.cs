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
