using System.Runtime.InteropServices;
using Havm.ComHost.Interop;
using Havm.Core.Model;
using NUnit.Framework;

namespace Havm.Tests.ComHost;

/// <summary>
/// The HRESULT of an exception, on both targets (the net40 build reads the protected <c>Exception.HResult</c>; not
/// <c>Marshal.GetHRForException</c>, which on .NET Framework also sets the thread's COM error info).
/// </summary>
[TestFixture]
public sealed class ExceptionCodeTests
{
    [Test]
    public void Of_ComException_IsItsErrorCode()
    {
        // act + assert
        Assert.That(ExceptionCode.Of(new COMException("Save refused", unchecked((int)0xA0040202))), Is.EqualTo(new HResult(0xA0040202u)));
    }

    [Test]
    public void Of_ExternalExceptionOtherThanCom_IsItsErrorCode()
    {
        // act + assert
        Assert.That(ExceptionCode.Of(new ExternalException("failed", unchecked((int)0x80010108))), Is.EqualTo(HResults.RpcDisconnected));
    }

    [TestCase(typeof(InvalidOperationException), 0x80131509u)]
    [TestCase(typeof(ArgumentException), 0x80070057u)]
    [TestCase(typeof(NotSupportedException), 0x80131515u)]
    [TestCase(typeof(OutOfMemoryException), 0x8007000Eu)]
    public void Of_RuntimeException_IsItsCorError(Type type, uint expected)
    {
        // act
        var code = ExceptionCode.Of((Exception)Activator.CreateInstance(type)!);

        // assert
        Assert.That(code, Is.EqualTo(new HResult(expected)));
    }
}
