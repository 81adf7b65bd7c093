using Havm.Core.Model;
using Havm.Tests.Fakes;
using NUnit.Framework;

namespace Havm.Tests.Model;

[TestFixture]
public class DeadlineTests
{
    [Test]
    public void Remaining_AfterTheEnd_IsZeroAndHasPassed()
    {
        // arrange
        var clock = new FakeClock();
        var deadline = Deadline.After(clock, TimeSpan.FromSeconds(5));

        // act
        clock.Advance(TimeSpan.FromSeconds(7));

        // assert
        Assert.That(deadline.Remaining, Is.EqualTo(TimeSpan.Zero));
        Assert.That(deadline.HasPassed, Is.True);
    }

    [Test]
    public void Less_MovesTheEndEarlier()
    {
        // arrange
        var clock = new FakeClock();
        var deadline = Deadline.After(clock, TimeSpan.FromSeconds(150));

        // act
        var earlier = deadline.Less(TimeSpan.FromSeconds(30));

        // assert
        Assert.That(earlier.Remaining, Is.EqualTo(TimeSpan.FromSeconds(120)));
    }

    [Test]
    public void NextSlice_NearTheEnd_IsWhatIsLeft()
    {
        // arrange
        var clock = new FakeClock();
        var deadline = Deadline.After(clock, TimeSpan.FromMilliseconds(300));

        // act + assert
        Assert.That(deadline.NextSlice(TimeSpan.FromSeconds(1)), Is.EqualTo(TimeSpan.FromMilliseconds(300)));
    }

    [Test]
    public void From_AStartInThePast_CountsFromThatStart()
    {
        // arrange
        var clock = new FakeClock();
        var start = clock.Now;
        clock.Advance(TimeSpan.FromSeconds(20));

        // act
        var deadline = Deadline.From(clock, start, TimeSpan.FromSeconds(150));

        // assert: the Open that began 20 s ago used part of Online's time
        Assert.That(deadline.Remaining, Is.EqualTo(TimeSpan.FromSeconds(130)));
    }
}

[TestFixture]
public class VsAnswerTests
{
    [Test]
    public void ToString_Failure_NamesTheCodeAndTheDescription()
    {
        // act
        var text = VsAnswer<int>.Failed(HResults.VmNotRunning, "must be running").ToString();

        // assert
        Assert.That(text, Is.EqualTo("VM_E_VM_NOT_RUNNING 0xA0040206 (must be running)"));
    }

    [Test]
    public void ToString_TimedOut_SaysNoAnswer()
    {
        // act + assert
        Assert.That(VsAnswer<int>.TimedOut().ToString(), Is.EqualTo("no answer in time"));
    }

    [Test]
    public void ToString_Ok_IsTheValue()
    {
        // act + assert
        Assert.That(VsAnswer<int>.Ok(42).ToString(), Is.EqualTo("42"));
    }

    [Test]
    public void FailedWith_OtherCodeOrTimeout_IsFalse()
    {
        // act + assert
        Assert.That(VsAnswer<int>.Failed(HResults.Fail).FailedWith(HResults.VmRunning), Is.False);
        Assert.That(VsAnswer<int>.TimedOut().FailedWith(HResults.Ok), Is.False);
    }
}

[TestFixture]
public class PropertyValueTests
{
    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public void FromText_EmptyOrSpaces_IsBlank(string? text)
    {
        // act + assert
        Assert.That(PropertyValue.FromText(text).Kind, Is.EqualTo(PropertyValueKind.Blank));
    }

    [Test]
    public void ToString_ForTheLog_QuotesTextAndNamesMissingAndBlank()
    {
        // act + assert
        Assert.That(PropertyValue.FromText("Guest1").ToString(), Is.EqualTo("\"Guest1\""));
        Assert.That(PropertyValue.FromNumber(1).ToString(), Is.EqualTo("\"1\""));
        Assert.That(PropertyValue.Missing.ToString(), Is.EqualTo("(missing)"));
        Assert.That(PropertyValue.FromText(" ").ToString(), Is.EqualTo("(blank)"));
    }
}

[TestFixture]
public class ServiceStartResultTests
{
    [Test]
    public void Properties_KeepWhatTheAttemptFound()
    {
        // act
        var result = new ServiceStartResult(ServiceState.Stopped, false, 1053, "did not respond");

        // assert
        Assert.That(result.FinalState, Is.EqualTo(ServiceState.Stopped));
        Assert.That(result.StartedNow, Is.False);
        Assert.That(result.Win32Error, Is.EqualTo(1053));
        Assert.That(result.Detail, Is.EqualTo("did not respond"));
    }
}
