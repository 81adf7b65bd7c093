using System.Runtime.InteropServices;
using Havm.ComHost.Interop;
using Havm.Core.Model;
using NUnit.Framework;

namespace Havm.Tests.ComHost;

/// <summary>
/// The late binder: on plain .NET objects through reflection, and on the raw IDispatchEx/IDispatch path with
/// <see cref="DispatchFrame"/> (VARIANT frame, EXCEPINFO, deferred fill-in, wCode, cleanup) through objects that
/// implement those interfaces in .NET and VARIANTs written by <see cref="TestVariants"/>.
/// </summary>
[TestFixture]
public sealed class LateBinderTests
{
    private TestVariants _variants = null!;
    private RawDispatchObject _raw = null!;

    [SetUp]
    public void SetUp()
    {
        _variants = new TestVariants();
        _raw = new RawDispatchObject(_variants);
    }

    private object? Get(object target, string name, params object?[] args) =>
        LateBinder.Invoke(target, name, Dispatch.PropertyGet | Dispatch.Method, args, _variants);

    private static int CodeOf(TestDelegate call) => Assert.Throws<COMException>(call)!.ErrorCode;

    // ---- plain .NET objects ----

    [Test]
    public void Call_OnNothing_IsEPointer()
    {
        // act + assert
        Assert.That(CodeOf(() => LateBinder.Call(null, "LogInformation", "x")), Is.EqualTo(HResults.NullPointer.Signed));
    }

    [Test]
    public void Call_ManagedMethod_ReturnsWhatItReturned()
    {
        // arrange
        var resource = new LateBoundResource().With("VirtualMachineName", "Guest1");

        // act + assert
        Assert.That(LateBinder.Call(resource, "propertyexists", "VirtualMachineName"), Is.EqualTo(true));
    }

    [Test]
    public void Get_ManagedMethodWithAnArgument_IsCalledAsVbScriptReadsItemI()
    {
        // arrange
        var collection = new LateBoundVirtualServer.Collection([new LateBoundGuest("Guest1")]);

        // act
        var guest = LateBinder.Get(collection, "Item", 1);

        // assert
        Assert.That(((LateBoundGuest)guest!).Name, Is.EqualTo("Guest1"));
    }

    [Test]
    public void Get_ManagedMethodWithoutArguments_IsCalled()
    {
        // arrange
        var os = new LateBoundGuestOs();

        // act
        var task = LateBinder.Get(os, "Shutdown");

        // assert
        Assert.That(task, Is.InstanceOf<LateBoundTask>());
    }

    [Test]
    public void Set_ManagedProperty_WritesIt()
    {
        // arrange
        var resource = new LateBoundResource();

        // act
        LateBinder.Set(resource, "LastOnlineNode", "NODE-A");

        // assert
        Assert.That(resource.LastOnlineNode, Is.EqualTo("NODE-A"));
    }

    [Test]
    public void ManagedMember_Missing_IsDispEUnknownName()
    {
        // act + assert
        Assert.That(CodeOf(() => LateBinder.Call(new LateBoundResource(), "Undo")), Is.EqualTo(HResults.UnknownName.Signed));
    }

    [Test]
    public void ManagedMember_Throwing_KeepsItsHResult()
    {
        // arrange
        var resource = new LateBoundResource { Fails = HResults.VmTimedOut.Signed };

        // act + assert
        Assert.That(CodeOf(() => LateBinder.Get(resource, "Name")), Is.EqualTo(HResults.VmTimedOut.Signed));
    }

    [Test]
    public void ManagedMember_ImplementedExplicitly_IsFoundOnItsInterface()
    {
        // arrange
        IExplicit target = new Explicit();

        // act + assert
        Assert.That(LateBinder.Get(target, "State"), Is.EqualTo(5));
    }

    [Test]
    public void ManagedMembers_UnknownDispatchKind_IsRefused()
    {
        // act + assert
        Assert.That(() => ManagedMembers.Invoke(new Explicit(), "State", 0x8, []), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    // ---- raw IDispatchEx ----

    [Test]
    public void Raw_Get_PassesTheNameFlagsLcidAndArgumentsInOrder()
    {
        // arrange
        _raw.Returns = "Guest1";

        // act
        var value = Get(_raw, "Item", 1, "two");

        // assert
        Assert.That(
            (value, _raw.AskedName, _raw.Flags, _raw.Lcid, _raw.Arguments, _raw.NamedArguments.Length),
            Is.EqualTo(((object?)"Guest1", "Item", (ushort)3, 0x0409, new object?[] { 1, "two" }, 0)));
    }

    [Test]
    public void Raw_Put_PassesTheValueAsTheNamedArgumentDispidPropertyPut()
    {
        // act
        _ = LateBinder.Invoke(_raw, "LastOnlineNode", Dispatch.PropertyPut, ["NODE-A"], _variants);

        // assert
        Assert.That((_raw.Flags, _raw.Arguments, _raw.NamedArguments), Is.EqualTo(((ushort)4, new object?[] { "NODE-A" }, new[] { -3 })));
    }

    [Test]
    public void Raw_Call_ClearsEveryVariantItMade()
    {
        // arrange
        _raw.Returns = "a string result";

        // act
        _ = Get(_raw, "Name", "x", "y");

        // assert: two arguments and the result
        Assert.That((_variants.Clears, _variants.LiveStrings), Is.EqualTo((3, 0)));
    }

    [Test]
    public void Raw_ArgumentThatCannotConvert_ClearsTheOnesAlreadyConverted()
    {
        // act: the last argument converts first (DISPPARAMS order), the first one fails
        Assert.That(() => Get(_raw, "Name", new object(), "converted"), Throws.ArgumentException);

        // assert
        Assert.That(_variants.LiveStrings, Is.Zero);
    }

    [Test]
    public void Raw_UnknownName_IsItsHResult()
    {
        // arrange
        _raw.DispIdResult = HResults.UnknownName.Signed;

        // act + assert
        Assert.That(CodeOf(() => Get(_raw, "Error")), Is.EqualTo(HResults.UnknownName.Signed));
    }

    [Test]
    public void Raw_InvokeFails_IsItsHResultWithItsName()
    {
        // arrange: RPC_E_DISCONNECTED
        _raw.InvokeResult = HResults.RpcDisconnected.Signed;

        // act
        var error = Assert.Throws<COMException>(() => Get(_raw, "State"))!;

        // assert
        Assert.That((error.ErrorCode, error.Message), Is.EqualTo((HResults.RpcDisconnected.Signed, "State: RPC_E_DISCONNECTED 0x80010108")));
    }

    [Test]
    public void Raw_Exception_IsTheCalleesSCodeDescriptionAndSource()
    {
        // arrange
        _raw.Raises = RawDispatchObject.Exception(scode: HResults.VmRunning.Signed, description: "The virtual machine is running", source: "Virtual Server");

        // act
        var error = Assert.Throws<COMException>(() => LateBinder.Invoke(_raw, "Startup", Dispatch.Method, [], _variants))!;

        // assert
        Assert.That((error.ErrorCode, error.Message), Is.EqualTo((HResults.VmRunning.Signed, "Startup: The virtual machine is running (Virtual Server)")));
    }

    [Test]
    public void Raw_ExceptionWithOnlyAWCode_IsThatCodeInTheControlFacility()
    {
        // arrange: a VBScript Err.Raise 13 from the Resource object
        _raw.Raises = RawDispatchObject.Exception(wCode: 13);

        // act + assert
        Assert.That(CodeOf(() => Get(_raw, "Name")), Is.EqualTo(unchecked((int)0x800A000D)));
    }

    [Test]
    public void Raw_ExceptionWithoutACode_IsDispEExceptionDescribed()
    {
        // arrange
        _raw.Raises = RawDispatchObject.Exception();

        // act
        var error = Assert.Throws<COMException>(() => Get(_raw, "Name"))!;

        // assert
        Assert.That((error.ErrorCode, error.Message), Is.EqualTo((HResults.DispException.Signed, "Name: DISP_E_EXCEPTION 0x80020009")));
    }

    [Test]
    public void Raw_ExceptionFilledInOnDemand_IsFilledInBeforeItIsRead()
    {
        // arrange: pfnDeferredFillIn set, the rest empty until it runs
        _raw.Raises = new ExcepInfo();
        _raw.FillsIn = RawDispatchObject.Exception(scode: HResults.VmUnknown.Signed, description: "not registered");

        // act
        var error = Assert.Throws<COMException>(() => Get(_raw, "FindVirtualMachine"))!;

        // assert
        Assert.That((error.ErrorCode, error.Message), Is.EqualTo((HResults.VmUnknown.Signed, "FindVirtualMachine: not registered")));
    }

    // ---- raw IDispatch only ----

    [Test]
    public void RawDispatchOnly_IsCalledThroughGetIDsOfNamesAndInvokeWithPuArgErr()
    {
        // arrange
        _raw.Returns = 5;

        // act
        var value = Get(new RawDispatchOnly(_raw), "State");

        // assert
        Assert.That((value, _raw.AskedName), Is.EqualTo(((object?)5, "State")));
    }

    [Test]
    public void RawDispatchOnly_UnknownName_IsItsHResult()
    {
        // arrange
        _raw.DispIdResult = HResults.UnknownName.Signed;

        // act + assert
        Assert.That(CodeOf(() => Get(new RawDispatchOnly(_raw), "Error")), Is.EqualTo(HResults.UnknownName.Signed));
    }

    public interface IExplicit
    {
        int State { get; }
    }

    private sealed class Explicit : IExplicit
    {
        int IExplicit.State => 5;
    }
}
