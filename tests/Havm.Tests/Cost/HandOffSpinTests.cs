using Havm.ComHost.VirtualServer;
using Havm.Core.Model;
using Havm.Tests.Fakes;
using NUnit.Framework;

namespace Havm.Tests.Cost;

/// <summary>
/// Issue 11: an entry point looks for its worker's answer briefly before it blocks, and stops looking where answers
/// do not come that quickly. Counts only: how often the request was looked at, never how long anything took.
/// </summary>
[TestFixture]
public sealed class HandOffSpinTests
{
    private FakeClock _clock = null!;
    private Deadline _deadline;

    [SetUp]
    public void SetUp()
    {
        _clock = new FakeClock();
        _deadline = Deadline.After(_clock, TimeSpan.FromSeconds(10));
    }

    [Test]
    public void LookFor_AnsweredAlready_LooksOnce()
    {
        // arrange
        var spin = new HandOffSpin();
        var request = new Watched { Answered = true };

        // act
        spin.LookFor(request, _deadline);

        // assert
        Assert.That((request.Looks, spin.Resting), Is.EqualTo((1, false)));
    }

    [Test]
    public void LookFor_DeadlineNearerThanALook_DoesNotLook()
    {
        // arrange: LooksAlive's deadline is 200 ms; one that is about to pass leaves no time to look
        var spin = new HandOffSpin();
        var request = new Watched();

        // act
        spin.LookFor(request, Deadline.After(_clock, HandOffSpin.Longest));

        // assert
        Assert.That(request.Looks, Is.Zero);
    }

    [Test]
    public void LookFor_AnswersNeverQuick_RestsAfterMissesInARow()
    {
        // arrange
        var spin = new HandOffSpin();

        // act
        for (var i = 0; i < HandOffSpin.MissesBeforeRest; i++)
        {
            spin.LookFor(new Watched(), _deadline);
        }

        // assert
        Assert.That(spin.Resting, Is.True);
    }

    [Test]
    public void LookFor_Resting_LooksOnlyOnceInRetryEvery()
    {
        // arrange
        var spin = Rested();
        var requests = Enumerable.Range(0, HandOffSpin.RetryEvery * 2).Select(_ => new Watched()).ToList();

        // act
        foreach (var request in requests)
        {
            spin.LookFor(request, _deadline);
        }

        // assert: two waits of the thirty-two looked
        Assert.That(requests.Count(r => r.Looks > 0), Is.EqualTo(2));
    }

    [Test]
    public void LookFor_RestingThenAQuickAnswer_LooksAgainEveryTime()
    {
        // arrange: resting, then the retry finds its answer at once
        var spin = Rested();
        for (var i = 1; i < HandOffSpin.RetryEvery; i++)
        {
            spin.LookFor(new Watched { Answered = true }, _deadline);
        }

        // act
        spin.LookFor(new Watched { Answered = true }, _deadline);
        var next = new Watched { Answered = true };
        spin.LookFor(next, _deadline);

        // assert
        Assert.That((spin.Resting, next.Looks), Is.EqualTo((false, 1)));
    }

    [Test]
    public void NeedsNoWait_FollowsTheRequestsStage()
    {
        // arrange
        var answered = new VsRequest<int>(_ => VsAnswer<int>.Ok(5));
        var givenUp = new VsRequest<int>(_ => VsAnswer<int>.Ok(5));
        var pending = new VsRequest<int>(_ => VsAnswer<int>.Ok(5));

        // act
        _ = answered.Run(null!);
        givenUp.GiveUp();

        // assert
        Assert.That((answered.NeedsNoWait, givenUp.NeedsNoWait, pending.NeedsNoWait), Is.EqualTo((true, true, false)));
    }

    [Test]
    public void Await_AnsweredWhileLooking_ReturnsTheAnswer()
    {
        // arrange
        var request = new VsRequest<int>(_ => VsAnswer<int>.Ok(5));
        _ = request.Run(null!);

        // act
        var answer = request.Await(_deadline, new HandOffSpin());

        // assert
        Assert.That((answer.IsOk, answer.Value), Is.EqualTo((true, 5)));
    }

    private HandOffSpin Rested()
    {
        var spin = new HandOffSpin();
        for (var i = 0; i < HandOffSpin.MissesBeforeRest; i++)
        {
            spin.LookFor(new Watched(), _deadline);
        }

        Assert.That(spin.Resting, Is.True, "setup: looking rests");
        return spin;
    }

    /// <summary>A request that counts how often its waiter looked at it.</summary>
    private sealed class Watched : IVsRequest
    {
        public bool Answered { get; init; }

        public int Looks { get; private set; }

        public bool NeedsNoWait
        {
            get
            {
                Looks++;
                return Answered;
            }
        }

        public bool Run(VsConnection connection) => false;

        public void GiveUp()
        {
        }
    }
}
