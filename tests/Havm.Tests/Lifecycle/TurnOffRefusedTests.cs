using Havm.Core.Configuration;
using Havm.Core.Model;
using Havm.Tests.Fakes;
using NUnit.Framework;

namespace Havm.Tests.Lifecycle;

/// <summary>
/// behaviour.md section 1: "every failure becomes a logged line". A TurnOff that Virtual Server refuses with
/// VM_E_VM_NOT_RUNNING while the guest still reads running (after the state lag) is a refusal like any other.
/// </summary>
[TestFixture]
public sealed class TurnOffRefusedTests
{
    [Test]
    public void Offline_TurnOffRefusedNotRunningWhileRunning_FailsOnceNamingTheCode()
    {
        // arrange: OfflineAction=0 (turn off); Virtual Server refuses every TurnOff, the guest keeps running
        var world = World.Started();
        world.Resource.Set(PropertyNames.OfflineAction, 0);
        world.Guest.Fail(VsCall.TurnOff, Fault.Failed(HResults.VmNotRunning));
        var mark = world.Resource.LogCount;

        // act
        var rc = world.Offline();

        // assert: one turn-off, then a failure whose line names the code (not eight silent tries, "kept changing state")
        var lines = world.Resource.LogSince(mark);
        Assert.That(
            (rc, world.Guest.Count(VsCall.TurnOff), lines.Any(l => l.Contains("TurnOff()", StringComparison.Ordinal) && l.Contains("VM_E_VM_NOT_RUNNING", StringComparison.Ordinal))),
            Is.EqualTo((Win32Error.FunctionFailed, 1, true)),
            world.Resource.Dump);
    }
}
