using System.Text.RegularExpressions;

namespace Havm.Simulator.Tests;

/// <summary>The replay drives the real GuestController at the host's cadence, and the report reads as promised.</summary>
[TestFixture]
public class ReplayTests
{
    private static readonly IReadOnlyList<Trace> Traces = Corpus.Load(Path.Combine(AppContext.BaseDirectory, "Traces"));
    private static readonly IReadOnlyList<Policy> All = Policies.All();

    private static Trace Named(string name) => Traces.Single(t => t.Name == name);

    private static Policy Policy(string name) => All.Single(p => p.Name == name);

    private static Trace Make(string label, params string[] steps) =>
        TraceParser.Parse("t.trace", "t", new[] { "label: " + label, "length: 10:00" }.Concat(steps).ToArray());

    [Test]
    public void Run_HealthyGuest_LooksAliveEvery5sAndIsAliveEvery60s()
    {
        var calls = new List<(TimeSpan At, string Call, bool Answer)>();

        var outcome = Replay.Run(Make("healthy"), Policy(Policies.Defaults), calls: calls);

        Assert.That(outcome.Verdict, Is.EqualTo(Verdict.Ok));
        Assert.That(calls.Where(c => c.Call == "IsAlive").Select(c => c.At.TotalSeconds), Is.EqualTo(Enumerable.Range(1, 10).Select(m => m * 60.0)));
        var looks = calls.Where(c => c.Call == "LooksAlive").Select(c => c.At.TotalSeconds).ToList();
        Assert.That(looks, Has.Count.EqualTo(120 - 10));
        Assert.That(looks.Take(3), Is.EqualTo(new[] { 5.0, 10.0, 15.0 }));
        Assert.That(calls, Has.All.Matches<(TimeSpan, string, bool Answer)>(c => c.Answer));
    }

    [Test]
    public void Run_LooksAliveFalse_CallsIsAliveAtOnce()
    {
        var calls = new List<(TimeSpan At, string Call, bool Answer)>();

        var outcome = Replay.Run(Make("failed at 2:02", "at 2:02 state TurnedOff"), Policy(Policies.Defaults), calls: calls);

        var falseLook = calls.First(c => c.Call == "LooksAlive" && !c.Answer);
        Assert.That(falseLook.At, Is.EqualTo(TimeSpan.FromSeconds(125)));
        Assert.That(calls[calls.IndexOf(falseLook) + 1], Is.EqualTo((TimeSpan.FromSeconds(125), "IsAlive", false)));
        Assert.That(outcome.Verdict, Is.EqualTo(Verdict.Detected));
        Assert.That(outcome.DetectionTime, Is.EqualTo(TimeSpan.FromSeconds(3)));
    }

    [Test]
    public void Run_VirtualServerHangs_CallsSpendTheirDeadlinesOnTheFakeClock()
    {
        var calls = new List<(TimeSpan At, string Call, bool Answer)>();

        var outcome = Replay.Run(Make("healthy", "at 2:00 vs hang", "at 4:00 vs ok"), Policy(Policies.Defaults), calls: calls);

        Assert.That(outcome.Verdict, Is.EqualTo(Verdict.Ok));
        var during = calls.Where(c => c.At >= TimeSpan.FromMinutes(2) && c.At < TimeSpan.FromMinutes(4)).ToList();
        Assert.That(during.Where(c => c.Call == "LooksAlive"), Has.All.Matches<(TimeSpan, string, bool Answer)>(c => !c.Answer), "cannot tell: IsAlive decides");
        Assert.That(during.Where(c => c.Call == "IsAlive"), Has.All.Matches<(TimeSpan, string, bool Answer)>(c => c.Answer), "cannot tell counts as alive for 300 s");

        // A LooksAlive (200 ms of its 250 ms on Virtual Server) then an IsAlive (10 s) per poll: fewer polls fit.
        Assert.That(during, Has.Count.LessThan(2 * 24));
    }

    [Test]
    public void Run_VirtualServerHangsPast300s_IsAliveReportsFailure()
    {
        var outcome = Replay.Run(Make("healthy", "at 2:00 vs hang"), Policy(Policies.Defaults));

        Assert.That(outcome.Verdict, Is.EqualTo(Verdict.FalseFailover));
        Assert.That(outcome.ActedAt!.Value.TotalSeconds, Is.InRange(120 + 300, 120 + 300 + 20));
    }

    [Test]
    public void Run_Hang_DefaultsActWithinTwoToThreeIsAlivePolls()
    {
        var outcome = Replay.Run(Named("guest-os-hang"), Policy(Policies.Defaults));

        Assert.That(outcome.Verdict, Is.EqualTo(Verdict.Detected));
        Assert.That(outcome.DetectionTime!.Value.TotalSeconds, Is.InRange(60, 180 + 60));
        Assert.That(outcome.Action, Is.EqualTo("TurnOff"), "AdditionsIsAliveFailureRecoveryAction=1 turns a heartbeat failure off");
        Assert.That(outcome.Log, Has.Some.Contains("IsAlive: false"));
    }

    [Test]
    public void Run_Reboot_HavmVbsFailsItOverAndDefaultsDoNot()
    {
        var trace = Named("reboot-additions-2min");

        Assert.That(Replay.Run(trace, Policy(Policies.HavmVbs)).Verdict, Is.EqualTo(Verdict.FalseFailover));
        Assert.That(Replay.Run(trace, Policy(Policies.Defaults)).Verdict, Is.EqualTo(Verdict.Ok));
    }

    [Test]
    public void Run_MissesOne_FailsAGuestWhoseLoadStallsPastOnePoll()
    {
        // A stall under a minute at 0 % that one IsAlive happens to read: one miss is a death with HeartbeatMissesBeforeFailure=1.
        Assert.That(Replay.Run(Named("load-dip-to-zero"), Policy(Policies.SettingName(1, 0))).Verdict, Is.EqualTo(Verdict.FalseFailover));
        Assert.That(Replay.Run(Named("load-dip-to-zero"), Policy(Policies.Defaults)).Verdict, Is.EqualTo(Verdict.Ok));
    }

    [Test]
    public void Run_HyperV_ResetsAGuestWhoseRebootOutlastsAMinute()
    {
        Assert.That(Replay.Run(Named("reboot-additions-2min"), Policy(Policies.HyperV)).Verdict, Is.EqualTo(Verdict.FalseFailover));
        Assert.That(Replay.Run(Named("reboot-additions-30s"), Policy(Policies.HyperV)).Verdict, Is.EqualTo(Verdict.Ok));
    }

    [Test]
    public void Run_VSphere_IgnoresAGuestThatStillDoesIo()
    {
        Assert.That(Replay.Run(Named("crash-loop-in-boot"), Policy(Policies.VSphere)).Verdict, Is.EqualTo(Verdict.Missed));
        Assert.That(Replay.Run(Named("guest-os-hang"), Policy(Policies.VSphere)).DetectionTime!.Value.TotalSeconds, Is.InRange(120, 130));
    }

    [Test]
    public void Run_Phase_BringsTheResourceOnlineThatMuchBeforeTheTrace()
    {
        var calls = new List<(TimeSpan At, string Call, bool Answer)>();

        Replay.Run(Make("healthy"), Policy(Policies.Defaults), TimeSpan.FromSeconds(15), calls);

        Assert.That(calls.First(c => c.Call == "IsAlive").At, Is.EqualTo(TimeSpan.FromSeconds(45)));
        Assert.That(calls.First().At, Is.EqualTo(TimeSpan.FromSeconds(-10)));
    }

    [Test]
    public void Cell_OverPhases_ShowsTheSpreadAndTheShareOfFalseFailovers()
    {
        var hang = Replay.RunAllPhases(Named("guest-os-hang"), Policy(Policies.Defaults));
        var reboot = Replay.RunAllPhases(Named("reboot-additions-30s"), Policy(Policies.HavmVbs));

        Assert.That(Report.Cell(hang), Does.Match(@"^\d+-\d+ s$"));
        Assert.That(Report.Cell(reboot), Does.Match(@"^FALSE [1-3]/4 at \d+:\d\d$"), "a 30 s reboot fails Havm.vbs only when an IsAlive falls inside it");
    }

    [Test]
    public void Summary_FalseFailovers_CountHealthyTracesOnly()
    {
        // Havm.vbs takes an administrator's Saving for a failure: acted on before the guest reads Saved.
        var policy = Policy(Policies.HavmVbs);
        var outcomes = Replay.RunAllPhases(Named("admin-save-restore"), policy);

        Assert.That(outcomes.Any(o => o.Verdict == Verdict.FalseFailover), Is.True);
        Assert.That(Summary.Of(policy, outcomes).FalseFailovers, Is.Zero);
    }

    [Test]
    public void Run_EveryTraceUnderEveryPolicy_Completes()
    {
        var outcomes = (from t in Traces from p in All from o in Replay.RunAllPhases(t, p) select o).ToList();

        Assert.That(outcomes, Has.Count.EqualTo(Traces.Count * All.Count * Replay.Phases.Count));
        Assert.That(outcomes.Where(o => o.Verdict == Verdict.Detected), Has.All.Matches<Outcome>(o => o.DetectionTime >= TimeSpan.Zero));
    }

    [Test]
    public void Summary_Line_HasTheScriptReadableForm()
    {
        var policy = Policy(Policies.Defaults);
        var outcomes = Traces.Select(t => Replay.Run(t, policy)).ToList();

        var line = Summary.Of(policy, outcomes).Line;

        Assert.That(line, Does.Match(@"^Havm\.Net defaults: \d+ false failovers on \d+ healthy traces, \d+ missed of \d+ failure traces, detection median \d+ s, worst \d+ s$"));
        var m = Regex.Match(line, @"on (\d+) healthy traces, \d+ missed of (\d+) failure");
        Assert.That(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(Traces.Count(t => t.IsHealthy)));
        Assert.That(int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(Traces.Count(t => !t.IsHealthy)));
    }

    [Test]
    public void Summary_MedianAndWorst_OverDetectedFailuresOnly()
    {
        var policy = Policy(Policies.Defaults);
        var outcomes = new[]
        {
            Replay.Run(Make("failed at 1:02", "at 1:02 state TurnedOff"), policy),
            Replay.Run(Make("failed at 1:00", "at 1:00 heartbeat 0%"), policy),
            Replay.Run(Make("failed at 0:00", "at 0:00 additions off"), policy),
        };

        var summary = Summary.Of(policy, outcomes);

        Assert.That(summary.Missed, Is.EqualTo(1));
        Assert.That(summary.Worst, Is.EqualTo(outcomes[1].DetectionTime!.Value.TotalSeconds));
        Assert.That(summary.Median, Is.EqualTo((outcomes[0].DetectionTime!.Value.TotalSeconds + outcomes[1].DetectionTime!.Value.TotalSeconds) / 2));
    }

    [Test]
    public void Csv_HasOneLinePerOutcome()
    {
        var outcomes = Traces.Take(3).Select(t => Replay.Run(t, Policy(Policies.HavmVbs))).ToList();

        var csv = Report.Csv(outcomes).TrimEnd().Split('\n');

        Assert.That(csv, Has.Length.EqualTo(4));
        Assert.That(csv[0], Is.EqualTo("trace,label,failed_at_s,policy,phase_s,verdict,acted_at_s,detection_s,action"));
    }
}
