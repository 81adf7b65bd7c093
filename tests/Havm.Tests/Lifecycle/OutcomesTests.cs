using Havm.Core.Lifecycle;
using Havm.Core.Model;
using NUnit.Framework;

namespace Havm.Tests.Lifecycle;

/// <summary>How a failed Virtual Server call becomes the Win32 code an entry point returns (behaviour.md section 4).</summary>
[TestFixture]
internal sealed class OutcomesTests
{
    [Test]
    public void ForFailure_Win32CodeInAnHResult_KeepsTheWin32Code() =>
        Assert.That(Outcomes.ForFailure(VsAnswer<bool>.Failed(HResults.FromWin32(Win32Error.NotReady))), Is.EqualTo(Win32Error.NotReady));

    [Test]
    public void ForFailure_HResultFromWin32OfSuccess_IsFunctionFailedNeverSuccess() =>
        Assert.That(Outcomes.ForFailure(VsAnswer<bool>.Failed(HResults.FromWin32(Win32Error.Success))), Is.EqualTo(Win32Error.FunctionFailed));

    [Test]
    public void ForFailure_VirtualServerCode_IsFunctionFailed() =>
        Assert.That(Outcomes.ForFailure(VsAnswer<bool>.Failed(HResults.VmRunning)), Is.EqualTo(Win32Error.FunctionFailed));

    [Test]
    public void ForFailure_TimedOut_IsTimeout() =>
        Assert.That(Outcomes.ForFailure(VsAnswer<bool>.TimedOut()), Is.EqualTo(Win32Error.Timeout));

    [Test]
    public void ForTaskWithoutEffect_TaskClaimingSuccess_IsFunctionFailed() =>
        Assert.That(Outcomes.ForTaskWithoutEffect(null), Is.EqualTo(Win32Error.FunctionFailed));
}
