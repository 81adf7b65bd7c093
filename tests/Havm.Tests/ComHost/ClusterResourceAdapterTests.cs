using System.Runtime.InteropServices;
using Havm.ComHost.Cluster;
using Havm.Core.Model;
using NUnit.Framework;

namespace Havm.Tests.ComHost;

/// <summary>The cluster's Resource object as Havm.Core's <c>IClusterResource</c>, through the late binder.</summary>
[TestFixture]
public sealed class ClusterResourceAdapterTests
{
    private LateBoundResource _resource = null!;
    private ClusterResourceAdapter _adapter = null!;

    [SetUp]
    public void SetUp()
    {
        _resource = new LateBoundResource("Guest1Script");
        _adapter = new ClusterResourceAdapter(_resource);
    }

    [Test]
    public void Name_IsTheResourcesName()
    {
        // act + assert
        Assert.That(_adapter.Name, Is.EqualTo("Guest1Script"));
    }

    [Test]
    public void Name_IsReadOnceAndKeptForTheEntryPoint()
    {
        // arrange
        var resource = new CountingResource();
        var adapter = new ClusterResourceAdapter(resource);

        // act
        var names = new[] { adapter.Name, adapter.Name };

        // assert
        Assert.That((names[0], names[1], resource.Calls.Count(c => c == "Name")), Is.EqualTo(("Guest1Script", "Guest1Script", 1)));
    }

    [Test]
    public void Name_GivenToTheAdapter_IsNotReadFromTheResourceObject()
    {
        // arrange
        var resource = new CountingResource { Fails = HResults.RpcDisconnected.Signed };
        var adapter = new ClusterResourceAdapter(resource, "Guest1Script");

        // act + assert
        Assert.That((adapter.Name, resource.Calls.Count), Is.EqualTo(("Guest1Script", 0)));
    }

    [Test]
    public void Name_ReadFails_RaisesTheResourceObjectsFailure()
    {
        // arrange
        var adapter = new ClusterResourceAdapter(new CountingResource { Fails = HResults.RpcDisconnected.Signed });

        // act + assert
        Assert.That(Assert.Throws<COMException>(() => _ = adapter.Name)!.ErrorCode, Is.EqualTo(HResults.RpcDisconnected.Signed));
    }

    [Test]
    public void NodeName_IsThisMachinesName()
    {
        // act + assert
        Assert.That(_adapter.NodeName, Is.EqualTo(Environment.MachineName));
    }

    [Test]
    public void Log_WritesThroughLogInformation()
    {
        // act
        _adapter.Log("Havm.Net: Online started");

        // assert
        Assert.That(_resource.Log, Is.EqualTo(new[] { "Havm.Net: Online started" }));
    }

    [Test]
    public void PropertyExists_AsksTheResource()
    {
        // arrange
        _ = _resource.With("VirtualMachineName", "Guest1");

        // act + assert
        Assert.That((_adapter.PropertyExists("VirtualMachineName"), _adapter.PropertyExists("OnlineTimeoutSeconds")), Is.EqualTo((true, false)));
    }

    [Test]
    public void AddProperty_CreatesIt()
    {
        // act
        _adapter.AddProperty("LastOnlineNode");

        // assert
        Assert.That(_resource.Calls, Is.EqualTo(new[] { "AddProperty LastOnlineNode" }));
    }

    [Test]
    public void ReadProperty_Missing_IsMissing()
    {
        // act + assert
        Assert.That(_adapter.ReadProperty("OnlineTimeoutSeconds").Kind, Is.EqualTo(PropertyValueKind.Missing));
    }

    [Test]
    public void ReadProperty_Present_IsOneCall()
    {
        // arrange
        var resource = new CountingResource();
        var adapter = new ClusterResourceAdapter(resource);

        // act
        var value = adapter.ReadProperty("VirtualMachineName");

        // assert
        Assert.That((value.Kind, value.Text, resource.Calls.Count), Is.EqualTo((PropertyValueKind.Text, "Guest1", 1)));
    }

    [Test]
    public void ReadProperty_FailingWhilePropertyExistsFailsToo_IsTheResourceObjectsFailureNotMissing()
    {
        // arrange: the host's object is gone (RPC_E_DISCONNECTED) for every member
        var resource = new CountingResource { Fails = HResults.RpcDisconnected.Signed };
        var adapter = new ClusterResourceAdapter(resource);

        // act + assert: never "missing" (which would make the core use a default instead of the last good value)
        var error = Assert.Throws<COMException>(() => adapter.ReadProperty("VirtualMachineName"))!;
        Assert.That(error.ErrorCode, Is.EqualTo(HResults.RpcDisconnected.Signed));
    }

    [Test]
    public void ReadProperty_Text_IsReadWithVbScriptsRules()
    {
        // arrange
        _ = _resource.With("OnlineTimeoutSeconds", " 150.0 ");

        // act
        var value = _adapter.ReadProperty("OnlineTimeoutSeconds");

        // assert
        Assert.That((value.Kind, value.Number), Is.EqualTo((PropertyValueKind.Number, 150d)));
    }

    [Test]
    public void WriteProperty_Number_SetsIt()
    {
        // arrange
        _ = _resource.With("OnlineTimeoutSeconds", 150);

        // act
        _adapter.WriteProperty("OnlineTimeoutSeconds", 170);

        // assert
        Assert.That(_resource.OnlineTimeoutSeconds, Is.EqualTo(170));
    }

    [Test]
    public void WriteProperty_TextToAMissingProperty_CreatesItFirst()
    {
        // act
        _adapter.WriteProperty("LastOnlineNode", "NODE-A");

        // assert
        Assert.That((_resource.Calls.Single(), _resource.LastOnlineNode), Is.EqualTo(("AddProperty LastOnlineNode", (object)"NODE-A")));
    }

    [Test]
    public void WriteProperty_TextToAnExistingProperty_OnlySetsIt()
    {
        // arrange
        _ = _resource.With("LastOnlineNode", "NODE-B");

        // act
        _adapter.WriteProperty("LastOnlineNode", "NODE-A");

        // assert
        Assert.That((_resource.Calls.Count, _resource.LastOnlineNode), Is.EqualTo((0, (object)"NODE-A")));
    }
}
