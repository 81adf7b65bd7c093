using System.Runtime.InteropServices;
using Havm.ComHost.Cluster;
using Havm.ComHost.Interop;
using Havm.Core.Model;
using Havm.Tests.ComHost;
using NUnit.Framework;

namespace Havm.Tests.Cost;

/// <summary>
/// Issue 11: a private property that does not exist costs one call into the Resource object when the object answers
/// so with an error code (DISP_E_UNKNOWNNAME or DISP_E_MEMBERNOTFOUND, from the name's lookup or raised by the
/// member, as the test bed's Resource class does): no exception and no <c>PropertyExists</c> after it.
/// </summary>
[TestFixture]
public sealed class MissingPropertyTests
{
    private const int DispEUnknownName = unchecked((int)0x80020006);
    private const int DispEMemberNotFound = unchecked((int)0x80020003);
    private const int RpcEDisconnected = unchecked((int)0x80010108);

    private TestVariants _variants = null!;
    private RawDispatchObject _raw = null!;

    [SetUp]
    public void SetUp()
    {
        _variants = new TestVariants();
        _raw = new RawDispatchObject(_variants);
    }

    [Test]
    public void GetOrMissing_NameUnknown_IsMissingWithoutACall()
    {
        // arrange
        _raw.DispIdResult = DispEUnknownName;

        // act
        var value = Get(_raw, "OnlineTimeoutSeconds", out var missing);

        // assert: the lookup answered; nothing was invoked
        Assert.That((value, missing, _raw.Flags), Is.EqualTo(((object?)null, true, (ushort)0)));
    }

    [Test]
    public void GetOrMissing_NameUnknownThroughIDispatchOnly_IsMissing()
    {
        // arrange
        _raw.DispIdResult = DispEUnknownName;

        // act
        _ = Get(new RawDispatchOnly(_raw), "OnlineTimeoutSeconds", out var missing);

        // assert
        Assert.That(missing, Is.True);
    }

    [TestCase(DispEUnknownName)]
    [TestCase(DispEMemberNotFound)]
    public void GetOrMissing_MemberRaisesMissing_IsMissing(int code)
    {
        // arrange: as the test bed's Resource class does (Err.Raise &H80020006 in its Property Get)
        _raw.Raises = RawDispatchObject.Exception(scode: code, description: "The private property does not exist.", source: "Resource");

        // act
        _ = Get(_raw, "OnlineTimeoutSeconds", out var missing);

        // assert
        Assert.That(missing, Is.True);
    }

    [Test]
    public void GetOrMissing_MemberAnswersMemberNotFound_IsMissing()
    {
        // arrange
        _raw.InvokeResult = DispEMemberNotFound;

        // act
        _ = Get(_raw, "OnlineTimeoutSeconds", out var missing);

        // assert
        Assert.That(missing, Is.True);
    }

    [Test]
    public void GetOrMissing_OtherFailure_ThrowsWithTheCalleesCodeAndWords()
    {
        // arrange
        _raw.Raises = RawDispatchObject.Exception(scode: RpcEDisconnected, description: "The object invoked has disconnected from its clients.", source: "Resource");

        // act
        var error = Assert.Throws<COMException>(() => Get(_raw, "OnlineTimeoutSeconds", out _))!;

        // assert: as Get's own exception
        Assert.That(
            (error.ErrorCode, error.Message),
            Is.EqualTo((RpcEDisconnected, "OnlineTimeoutSeconds: The object invoked has disconnected from its clients. (Resource)")));
    }

    [Test]
    public void GetOrMissing_Value_IsTheValue()
    {
        // arrange
        _raw.Returns = 150;

        // act
        var value = Get(_raw, "OnlineTimeoutSeconds", out var missing);

        // assert
        Assert.That((value, missing), Is.EqualTo(((object?)150, false)));
    }

    [Test]
    public void Get_NameUnknown_StillThrows()
    {
        // arrange
        _raw.DispIdResult = DispEUnknownName;

        // act + assert: only GetOrMissing answers a missing member
        Assert.That(
            Assert.Throws<COMException>(() => LateBinder.Invoke(_raw, "Startup", Dispatch.Method, [], _variants))!.ErrorCode,
            Is.EqualTo(DispEUnknownName));
    }

    [Test]
    public void ReadProperty_NoSuchMember_IsMissingInOneCall()
    {
        // arrange: a Resource object that has no member of that name
        var resource = new CountingResource();
        var adapter = new ClusterResourceAdapter(resource);

        // act
        var value = adapter.ReadProperty("OnlineTimeoutSeconds");

        // assert: no PropertyExists after it
        Assert.That((value.Kind, resource.Calls.Count), Is.EqualTo((PropertyValueKind.Missing, 0)));
    }

    [Test]
    public void ReadProperty_ObjectFails_AsksPropertyExistsAndRaisesTheFailure()
    {
        // arrange: a failure that does not say "no such member" proves nothing about the property
        var resource = new CountingResource { Fails = RpcEDisconnected };
        var adapter = new ClusterResourceAdapter(resource);

        // act
        var error = Assert.Throws<COMException>(() => adapter.ReadProperty("VirtualMachineName"))!;

        // assert
        Assert.That((error.ErrorCode, resource.Calls), Is.EqualTo((RpcEDisconnected, new List<string> { "VirtualMachineName", "PropertyExists VirtualMachineName" })));
    }

    private object? Get(object target, string name, out bool missing) =>
        LateBinder.Invoke(target, name, Dispatch.PropertyGet | Dispatch.Method, [], _variants, missingIsAnswer: true, out missing);
}
