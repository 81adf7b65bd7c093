namespace Havm.Simulator.Tests;

/// <summary>What Virtual Server reports, derived from the guest's ticks (platform-and-peers.md 2.4).</summary>
[TestFixture]
public class GuestWorldTests
{
    private static GuestWorld World(params string[] steps) =>
        new(TraceParser.Parse("t.trace", "t", new[] { "label: healthy", "length: 30:00" }.Concat(steps).ToArray()), new SimClock());

    [Test]
    public void Percentage_SteadyGuest_Is100AndTicksEvery6Seconds()
    {
        var world = World();

        Assert.That(world.Percentage(TimeSpan.Zero), Is.EqualTo(100));
        Assert.That(world.Percentage(TimeSpan.FromSeconds(61)), Is.EqualTo(100));
        Assert.That(world.Ticks.Zip(world.Ticks.Skip(1), (a, b) => b - a).Distinct(), Is.EqualTo(new[] { TimeSpan.FromSeconds(6) }));
    }

    [Test]
    public void Percentage_AfterTheHeartbeatStops_FallsToZeroWithinTheOneMinuteWindow()
    {
        var world = World("at 10:00 heartbeat 0%");

        // The last tick is at 9:54 (the slot at 10:00 already has rate 0).
        Assert.That(world.LastTick(TimeSpan.FromMinutes(20)), Is.EqualTo(TimeSpan.FromSeconds(594)));
        Assert.That(world.Percentage(TimeSpan.FromSeconds(599)), Is.EqualTo(100));
        Assert.That(world.Percentage(TimeSpan.FromSeconds(630)), Is.EqualTo(40));
        Assert.That(world.Percentage(TimeSpan.FromSeconds(653)), Is.EqualTo(10));
        Assert.That(world.Percentage(TimeSpan.FromSeconds(654)), Is.Zero);
    }

    [Test]
    public void IsHeartbeating_TurnsFalse120SecondsAfterTheLastTick()
    {
        var world = World("at 10:00 heartbeat 0%");

        Assert.That(world.IsHeartbeating(TimeSpan.FromSeconds(594 + 119)), Is.True);
        Assert.That(world.IsHeartbeating(TimeSpan.FromSeconds(594 + 120)), Is.False);
    }

    [TestCase(30, 30)]
    [TestCase(10, 10)]
    [TestCase(40, 40)]
    public void Percentage_UnderLoad_ReadsTheShareOfTicksSent(int rate, int expected)
    {
        var world = World("at 5:00 heartbeat " + rate + "%");

        var readings = Enumerable.Range(10, 10).Select(m => world.Percentage(TimeSpan.FromMinutes(m) + TimeSpan.FromSeconds(7))).ToList();

        Assert.That(readings, Has.All.InRange(expected - 10, expected + 10));
        Assert.That(readings.Average(), Is.EqualTo(expected).Within(5));
    }

    [Test]
    public void HeartbeatRead_AdditionsOff_AnswersAdditionsNotAvailable()
    {
        var world = World("at 10:00 additions off");
        world.Commanded = null;
        world.Clock.AdvanceTo(TimeSpan.FromMinutes(11));

        var read = world.HeartbeatRead(world.Percentage);

        Assert.That(read.FailedWith(HResults.AdditionsNotAvailable), Is.True);
    }

    [Test]
    public void HeartbeatRead_Paused_AnswersNotRunning()
    {
        var world = World("at 10:00 state Paused");
        world.Commanded = null;
        world.Clock.AdvanceTo(TimeSpan.FromMinutes(11));

        Assert.That(world.HeartbeatRead(world.Percentage).FailedWith(HResults.VmNotRunning), Is.True);
    }

    [Test]
    public void Percentage_AfterTheAdditionsReturn_RisesOverAMinute()
    {
        var world = World("at 10:00 additions off", "at 12:00 additions on");

        Assert.That(world.Percentage(TimeSpan.FromSeconds(720)), Is.EqualTo(10));
        Assert.That(world.Percentage(TimeSpan.FromSeconds(750)), Is.EqualTo(60));
        Assert.That(world.Percentage(TimeSpan.FromSeconds(780)), Is.EqualTo(100));
    }
}
