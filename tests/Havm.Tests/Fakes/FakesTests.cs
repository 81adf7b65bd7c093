using Havm.Core.Model;
using Havm.Core.Ports;
using NUnit.Framework;

namespace Havm.Tests.Fakes;

/// <summary>The fakes themselves (NodaTime tests its FakeClock): a wrong fake would make lifecycle tests pass for nothing.</summary>
[TestFixture]
public sealed class FakesTests
{
    [Test]
    public void FakeClock_Sleep_AdvancesNowBySleptTime()
    {
        // arrange
        var clock = new FakeClock();
        var start = clock.Now;

        // act
        clock.Sleep(TimeSpan.FromSeconds(3));

        // assert
        Assert.That(clock.Now - start, Is.EqualTo(TimeSpan.FromSeconds(3)));
    }

    [Test]
    public void FakeClock_OnSleep_RunsAfterTheClockMoved()
    {
        // arrange
        var clock = new FakeClock();
        var start = clock.Now;
        var seen = TimeSpan.Zero;
        clock.OnSleep = () => seen = clock.Now - start;

        // act
        clock.Sleep(TimeSpan.FromSeconds(1));

        // assert
        Assert.That(seen, Is.EqualTo(TimeSpan.FromSeconds(1)));
    }

    [Test]
    public void FakeResource_Properties_AreCaseInsensitive()
    {
        // arrange
        var resource = new FakeResource();
        resource.Set("OfflineAction", 2);

        // act
        var value = resource.ReadProperty("offlineaction");

        // assert
        Assert.That(value.Number, Is.EqualTo(2));
    }

    [Test]
    public void FakeResource_NumericText_IsReadAsANumberLikeTheHost()
    {
        // arrange
        var resource = new FakeResource();
        resource.Set("OfflineAction", " 0 ");

        // act
        var value = resource.ReadProperty("OfflineAction");

        // assert
        Assert.That(value.Kind, Is.EqualTo(PropertyValueKind.Number));
    }

    [Test]
    public void FakeResource_WriteNumberToMissingProperty_FailsLikeTheHost()
    {
        // arrange
        var resource = new FakeResource();

        // act
        void Write() => resource.WriteProperty("UseAdditionsIsAlive", 1);

        // assert
        Assert.That(Write, Throws.InvalidOperationException);
    }

    [Test]
    public void FakeTask_NeverCompleting_AdvancesTheClockBySliceAndSaysNotComplete()
    {
        // arrange
        var clock = new FakeClock();
        var server = new FakeVirtualServer(clock) { CallCost = TimeSpan.Zero };
        var guest = server.AddGuest("G", GuestState.TurnedOff);
        guest.OnStartup.NeverCompletes();
        var task = guest.Startup(Deadline.After(clock, TimeSpan.FromSeconds(10)), ChangeGuard.Never).Value;
        var start = clock.Now;

        // act
        var done = task.WaitForCompletion(TimeSpan.FromSeconds(1), Deadline.After(clock, TimeSpan.FromSeconds(10)));

        // assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(done.Value, Is.False);
            Assert.That(clock.Now - start, Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(guest.State, Is.EqualTo(GuestState.TurningOn));
        }
    }

    [Test]
    public void FakeTask_Default_CompletesAtFirstWaitAndMovesTheGuest()
    {
        // arrange
        var clock = new FakeClock();
        var server = new FakeVirtualServer(clock);
        var guest = server.AddGuest("G", GuestState.Saved);
        var deadline = Deadline.After(clock, TimeSpan.FromSeconds(10));
        var task = guest.Startup(deadline, ChangeGuard.Never).Value;

        // act
        var done = task.WaitForCompletion(TimeSpan.FromSeconds(1), deadline);

        // assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(done.Value, Is.True);
            Assert.That(guest.State, Is.EqualTo(GuestState.Running));
        }
    }

    [Test]
    public void FakeTask_CancelledRestore_LeavesTheGuestSaved()
    {
        // arrange
        var clock = new FakeClock();
        var server = new FakeVirtualServer(clock);
        var guest = server.AddGuest("G", GuestState.Saved);
        guest.OnStartup.NeverCompletes().IsCancelable = true;
        var deadline = Deadline.After(clock, TimeSpan.FromSeconds(10));
        var task = guest.Startup(deadline, ChangeGuard.Never).Value;

        // act
        task.Cancel(deadline);

        // assert
        Assert.That(guest.State, Is.EqualTo(GuestState.Saved));
    }

    [Test]
    public void FakeVirtualServer_TimedOutCall_UsesUpItsDeadline()
    {
        // arrange
        var clock = new FakeClock();
        var server = new FakeVirtualServer(clock);
        server.AddGuest("G", GuestState.Running);
        server.Fail(VsCall.FindGuest, Fault.TimedOut());
        var deadline = Deadline.After(clock, TimeSpan.FromSeconds(10));

        // act
        var answer = server.FindGuest("G", deadline);

        // assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(answer.Kind, Is.EqualTo(VsAnswerKind.TimedOut));
            Assert.That(deadline.HasPassed, Is.True);
        }
    }

    [Test]
    public void FakeVirtualServer_AfterServiceRestart_OldGuestObjectIsDisconnected()
    {
        // arrange
        var clock = new FakeClock();
        var server = new FakeVirtualServer(clock);
        server.AddGuest("G", GuestState.Running);
        var deadline = Deadline.After(clock, TimeSpan.FromSeconds(10));
        var old = server.FindGuest("G", deadline).Value!;
        server.RestartService();

        // act
        var state = old.ReadState(deadline);

        // assert
        Assert.That(state.FailedWith(HResults.RpcDisconnected), Is.True);
    }

    [Test]
    public void FakeVirtualServer_FaultOnce_FailsOnlyTheNextCall()
    {
        // arrange
        var clock = new FakeClock();
        var server = new FakeVirtualServer(clock);
        server.AddGuest("G", GuestState.Running);
        server.Fail(VsCall.FindGuest, Fault.Failed(HResults.Fail), times: 1);
        var deadline = Deadline.After(clock, TimeSpan.FromSeconds(10));
        server.FindGuest("G", deadline);

        // act
        var second = server.FindGuest("G", deadline);

        // assert
        Assert.That(second.IsOk, Is.True);
    }

    [Test]
    public void FakeGuest_SaveWithUndoDisksDiscard_IsRefusedWithEFail()
    {
        // arrange
        var clock = new FakeClock();
        var server = new FakeVirtualServer(clock);
        var guest = server.AddGuest("G", GuestState.Running);
        guest.UndoDisksDiscard = true;

        // act
        var save = guest.Save(Deadline.After(clock, TimeSpan.FromSeconds(10)), ChangeGuard.Never);

        // assert
        Assert.That(save.FailedWith(HResults.Fail), Is.True);
    }

    [Test]
    public void FakeGuest_BecomesAfter_ChangesStateWhenTheClockGetsThere()
    {
        // arrange
        var clock = new FakeClock();
        var server = new FakeVirtualServer(clock);
        var guest = server.AddGuest("G", GuestState.Saving);
        guest.BecomesAfter(TimeSpan.FromSeconds(5), GuestState.Saved);

        // act
        clock.Advance(TimeSpan.FromSeconds(5));

        // assert
        Assert.That(guest.State, Is.EqualTo(GuestState.Saved));
    }
}
