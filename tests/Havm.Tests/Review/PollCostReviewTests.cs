using Havm.Core.Configuration;
using Havm.Core.Model;
using Havm.Tests.Explorer;
using Havm.Tests.Fakes;
using Havm.Tests.Lifecycle;
using NUnit.Framework;

namespace Havm.Tests.Review;

/// <summary>Review of the poll-cost work (commits 960a5d4, 7468109, cd1e439).</summary>
[TestFixture]
public sealed class PollCostReviewTests
{
    /// <summary>
    /// behaviour.md 4: "A Resource call that fails is never a reason to leave the guest running: Terminate reads its
    /// settings so that no failure can stop it (last good value, else default)"; section 2: a value is "replaced by
    /// the last good value seen"; Terminate: "Failed its heartbeat: AdditionsIsAliveFailureRecoveryAction".
    /// The administrator sets AdditionsIsAliveFailureRecoveryAction=0 (save) while the guest is online; the IsAlive
    /// polls that declare the heartbeat failure used to read it (last good value 0); ReadPoll no longer does, so the
    /// Terminate that follows with a failing Resource object falls back to Online's value 1 and turns the guest off.
    /// Arguable: the new value was never "seen" by any entry point under the new code; a behaviour change the
    /// commit says it does not make.
    /// </summary>
    [Test]
    public void Terminate_ResourceFailsAfterHeartbeatFailure_UsesRecoveryActionSetWhileOnline()
    {
        // arrange
        var world = World.HeartbeatSeen();
        world.Resource.Set(PropertyNames.AdditionsIsAliveFailureRecoveryAction, 0);
        world.Guest.SetHeartbeat(0);
        var alive = true;
        for (var poll = 0; poll < 5 && alive; poll++)
        {
            world.Clock.Advance(TimeSpan.FromSeconds(60));
            alive = world.IsAlive();
        }

        Assert.That(alive, Is.False, world.Resource.Dump);
        var flaky = new FlakyResource(world.Resource);
        flaky.FailNext(100000);

        // act
        _ = world.Controller.Terminate(flaky);

        // assert: saved, as the administrator asked
        Assert.That(world.Guest.State, Is.EqualTo(GuestState.Saved), world.Resource.Dump);
    }
}
