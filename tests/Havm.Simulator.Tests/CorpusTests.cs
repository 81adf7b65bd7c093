namespace Havm.Simulator.Tests;

/// <summary>The corpus has what the issue asks for, and each trace has the shape its comment claims.</summary>
[TestFixture]
public class CorpusTests
{
    private static readonly IReadOnlyList<Trace> Traces = Corpus.Load(Path.Combine(AppContext.BaseDirectory, "Traces"));

    private static Trace Named(string name) => Traces.Single(t => t.Name == name);

    [Test]
    public void Corpus_HasAtLeast25Traces_BothLabels()
    {
        Assert.That(Traces, Has.Count.GreaterThanOrEqualTo(25));
        Assert.That(Traces.Count(t => t.IsHealthy), Is.GreaterThanOrEqualTo(10));
        Assert.That(Traces.Count(t => !t.IsHealthy), Is.GreaterThanOrEqualTo(10));
    }

    [TestCase("reboot-additions-30s")]
    [TestCase("reboot-additions-9min")]
    [TestCase("additions-upgrade")]
    [TestCase("load-heavy-30pct")]
    [TestCase("load-dip-to-zero")]
    [TestCase("pause-resume-2min")]
    [TestCase("backup-vs-unresponsive-2min")]
    [TestCase("steady-running")]
    public void Corpus_Covers_HealthyBehaviour(string name) => Assert.That(Named(name).IsHealthy, Is.True);

    [TestCase("admin-save-restore")]
    [TestCase("vs-service-restart")]
    [TestCase("guest-os-hang")]
    [TestCase("crash-loop-in-boot")]
    [TestCase("crash-loop-after-logon")]
    [TestCase("boot-hang-after-reboot")]
    [TestCase("guest-shuts-itself-down")]
    [TestCase("vs-crash")]
    public void Corpus_Covers_Failure(string name) => Assert.That(Named(name).IsHealthy, Is.False);

    [Test]
    public void Reboots_LoseTheAdditionsFrom30SecondsTo9Minutes()
    {
        var gaps = Traces.Where(t => t.Name.StartsWith("reboot-additions-", StringComparison.Ordinal))
            .Select(t => Gone(t).Single()).OrderBy(g => g).ToList();

        Assert.That(gaps.First(), Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(gaps.Last(), Is.EqualTo(TimeSpan.FromMinutes(9)));
    }

    [TestCase("load-dip-to-zero")]
    [TestCase("load-repeated-dips")]
    public void LoadDips_ReachZeroPercentForUnderAMinute(string name)
    {
        var zeros = new GuestWorld(Named(name), new SimClock()).ZeroStretches();

        Assert.That(zeros, Is.Not.Empty);
        Assert.That(zeros.Select(z => z.Length), Has.All.LessThan(TimeSpan.FromMinutes(1)));
    }

    [TestCase("load-heavy-30pct", 20, 40)]
    [TestCase("load-heavy-10pct", 10, 10)]
    [TestCase("load-dip-to-zero", 10, 40)]
    public void LoadTraces_ReadBetween10And40PercentOutsideTheStalls(string name, int low, int high)
    {
        var trace = Named(name);
        var world = new GuestWorld(trace, new SimClock());
        var loaded = trace.Steps.First(s => s.Conditions.HeartbeatRate < 100).At + TimeSpan.FromMinutes(1);
        var readings = Enumerable.Range(0, 200).Select(i => loaded + TimeSpan.FromSeconds(i * 3))
            .Where(t => trace.At(t - TimeSpan.FromMinutes(1)).HeartbeatRate is > 0 and < 100 && trace.At(t).HeartbeatRate is > 0 and < 100)
            .Select(world.Percentage).ToList();

        Assert.That(readings, Is.Not.Empty);
        Assert.That(readings, Has.All.InRange(low, high));
    }

    [Test]
    public void FailureTraces_AreHealthyUntilTheirFailure()
    {
        foreach (var trace in Traces.Where(t => !t.IsHealthy && t.FailedAt > TimeSpan.Zero))
        {
            // Running until then (under load, or saving at an administrator's request: alive by the contract until it reads Saved).
            var before = trace.At(trace.FailedAt!.Value - TimeSpan.FromSeconds(1));
            Assert.That(before with { State = GuestState.Running, Additions = true, HeartbeatRate = 100 }, Is.EqualTo(Conditions.Initial), trace.Name);
            Assert.That(before.HeartbeatRate, Is.Positive, trace.Name);
            Assert.That(before.State, Is.AnyOf(GuestState.Running, GuestState.Saving), trace.Name);
            Assert.That(trace.Steps.Any(s => s.At == trace.FailedAt), Is.True, trace.Name + ": something changes at the moment of failure");
        }
    }

    private static IEnumerable<TimeSpan> Gone(Trace trace)
    {
        TimeSpan? off = null;
        foreach (var step in trace.Steps)
        {
            if (!step.Conditions.Additions && off is null)
            {
                off = step.At;
            }
            else if (step.Conditions.Additions && off is { } o)
            {
                yield return step.At - o;
                off = null;
            }
        }
    }
}
