using Havm.Core.Model;
using NUnit.Framework;

namespace Havm.Tests.Model;

[TestFixture]
public class HResultTests
{
    [Test]
    public void Equality_SignedAndUnsignedSpellingsOfOneCode_AreEqual()
    {
        // arrange
        var signed = new HResult(-1610349312);
        var unsigned = new HResult(2684617984u);

        // act + assert
        Assert.That(signed == unsigned, Is.True);
        Assert.That(signed != unsigned, Is.False);
        Assert.That(signed.Equals((object)unsigned), Is.True);
        Assert.That(signed.GetHashCode(), Is.EqualTo(unsigned.GetHashCode()));
        Assert.That(signed, Is.EqualTo(HResults.VmRunning));
    }

    [Test]
    public void Equality_DifferentCodes_AreNotEqual()
    {
        // act + assert
        Assert.That(HResults.VmRunning == HResults.VmNotRunning, Is.False);
        Assert.That(HResults.VmRunning.Equals("VM_E_VM_RUNNING"), Is.False);
    }

    [Test]
    public void Signed_OfAFailureCode_IsNegativeAsErrNumberShowsIt()
    {
        // act + assert
        Assert.That(HResults.VmRunning.Signed, Is.EqualTo(-1610349312));
        Assert.That(HResults.VmRunning.IsFailure, Is.True);
        Assert.That(HResults.False.IsFailure, Is.False);
    }

    [Test]
    public void ToString_NamedCode_GivesNameAndHex()
    {
        // act + assert
        Assert.That(HResults.VmRunning.ToString(), Is.EqualTo("VM_E_VM_RUNNING 0xA0040500"));
    }

    [Test]
    public void ToString_UnnamedCode_GivesHexOnly()
    {
        // act + assert
        Assert.That(new HResult(0x80004001u).ToString(), Is.EqualTo("0x80004001"));
    }
}

[TestFixture]
public class HResultsTests
{
    // behaviour.md and platform-and-peers.md section 2.5: every Virtual Server code the contract names has one constant.
    [TestCase(0xA0040500u, "VM_E_VM_RUNNING")]
    [TestCase(0xA0040206u, "VM_E_VM_NOT_RUNNING")]
    [TestCase(0x80020009u, "DISP_E_EXCEPTION")]
    [TestCase(0xA0040202u, "VM_E_TIMED_OUT")]
    [TestCase(0xA0040203u, "VM_E_OUT_OF_RESOURCE")]
    [TestCase(0xA0040204u, "VM_E_TOO_MANY_VMS")]
    [TestCase(0xA0040207u, "VM_E_VM_UNKNOWN")]
    [TestCase(0xA0040208u, "VM_E_OUT_OF_RESERVE")]
    [TestCase(0xA0040209u, "VM_E_APP_SHUTTING_DOWN")]
    [TestCase(0xA0040306u, "VM_E_PREF_UNLOADABLE_ACTIVATION")]
    [TestCase(0xA0040307u, "VM_E_PREF_SAVED_STATE_BAD_VERSION")]
    [TestCase(0xA0040308u, "VM_E_PREF_SAVED_STATE_ACCESS_DENIED")]
    [TestCase(0xA0040501u, "VM_E_VM_NO_SAVED_STATE")]
    [TestCase(0xA0040504u, "VM_E_ADDITIONS_NOT_AVAIL")]
    [TestCase(0xA0040505u, "VM_E_ADDITIONS_FEATURE_NOT_AVAIL")]
    [TestCase(0xA0040507u, "VM_E_VM_PAUSED")]
    [TestCase(0xA004067Cu, "VM_E_HD_IMAGE_OPEN_FAIL")]
    [TestCase(0x80010108u, "RPC_E_DISCONNECTED")]
    [TestCase(0x800706BAu, "RPC_S_SERVER_UNAVAILABLE")]
    [TestCase(0x800401FDu, "CO_E_OBJNOTCONNECTED")]
    [TestCase(0x8001010Eu, "RPC_E_WRONG_THREAD")]
    // winerror.h: the COM and IDispatch codes the adapters raise or meet.
    [TestCase(0x00000000u, "S_OK")]
    [TestCase(0x00000001u, "S_FALSE")]
    [TestCase(0x80004005u, "E_FAIL")]
    [TestCase(0x80004002u, "E_NOINTERFACE")]
    [TestCase(0x80004003u, "E_POINTER")]
    [TestCase(0x80004004u, "E_ABORT")]
    [TestCase(0x80020003u, "DISP_E_MEMBERNOTFOUND")]
    [TestCase(0x80020006u, "DISP_E_UNKNOWNNAME")]
    [TestCase(0x80040154u, "REGDB_E_CLASSNOTREG")]
    [TestCase(0x80080005u, "CO_E_SERVER_EXEC_FAILURE")]
    public void NameOf_ContractCode_IsItsHeaderName(uint code, string name)
    {
        // act + assert
        Assert.That(HResults.NameOf(new HResult(code)), Is.EqualTo(name));
    }

    // winerror.h: HRESULT_FROM_WIN32(x) is 0x80070000 | x for a Win32 code x.
    [TestCase(0x80070002u, "HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)")]
    [TestCase(0x80070003u, "HRESULT_FROM_WIN32(ERROR_PATH_NOT_FOUND)")]
    [TestCase(0x80070005u, "E_ACCESSDENIED")] // its own winerror.h name comes first
    [TestCase(0x800703E3u, "HRESULT_FROM_WIN32(ERROR_OPERATION_ABORTED)")]
    public void NameOf_Win32CodeInAnHResult_IsItsWin32Name(uint code, string name)
    {
        // act + assert
        Assert.That(HResults.NameOf(new HResult(code)), Is.EqualTo(name));
    }

    [Test]
    public void NameOf_EveryConstant_HasAName()
    {
        // arrange: a code added to HResults without its name would log as bare hex
        var constants = typeof(HResults).GetFields().Where(f => f.FieldType == typeof(HResult)).ToArray();

        // act
        var unnamed = constants.Where(f => HResults.NameOf((HResult)f.GetValue(null)!) is null).Select(f => f.Name);

        // assert
        Assert.That(constants, Is.Not.Empty);
        Assert.That(unnamed, Is.Empty);
    }

    [Test]
    public void FromWin32_IsHresultFromWin32()
    {
        // act + assert: winerror.h's HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)
        Assert.That(HResults.FromWin32(Win32Error.FileNotFound), Is.EqualTo(new HResult(0x80070002u)));
    }

    [TestCase(0x80070002u, 2)]
    [TestCase(0x800703E3u, 995)]
    [TestCase(0x80004005u, null)]
    [TestCase(0x00070002u, null)]
    public void Win32CodeOf_UndoesHresultFromWin32Only(uint code, int? expected)
    {
        // act + assert
        Assert.That(HResults.Win32CodeOf(new HResult(code)), Is.EqualTo(expected));
    }

    [Test]
    public void FromControlCode_IsInVbScriptsFacility()
    {
        // act + assert: VBScript's "Type mismatch" (13) as Err.Number shows it
        Assert.That(HResults.FromControlCode(13), Is.EqualTo(new HResult(0x800A000Du)));
    }

    [Test]
    public void NameOf_Win32CodeHavmNetDoesNotName_IsNull()
    {
        // act + assert
        Assert.That(HResults.NameOf(new HResult(0x80070057u)), Is.Null);
    }

    [Test]
    public void NameOf_UnknownCode_IsNull()
    {
        // act + assert
        Assert.That(HResults.NameOf(new HResult(0x80004001u)), Is.Null);
    }

    [TestCase(0x80010108u, true)]
    [TestCase(0x800706BAu, true)]
    [TestCase(0x800401FDu, true)]
    [TestCase(0x8001010Eu, true)]
    [TestCase(0xA0040207u, false)]
    [TestCase(0x80004005u, false)]
    public void IsConnectionLost_SaysWhetherAFreshConnectionMayAnswer(uint code, bool expected)
    {
        // act + assert
        Assert.That(HResults.IsConnectionLost(new HResult(code)), Is.EqualTo(expected));
    }

    [TestCase(0xA0040306u, true)]
    [TestCase(0xA0040307u, true)]
    [TestCase(0xA0040501u, true)]
    [TestCase(0xA0040308u, false)]
    [TestCase(0xA0040500u, false)]
    public void IsUnrestorableSavedState_NamesTheCodesThatOnlyADiscardCures(uint code, bool expected)
    {
        // act + assert
        Assert.That(HResults.IsUnrestorableSavedState(new HResult(code)), Is.EqualTo(expected));
    }
}
