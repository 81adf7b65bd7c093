namespace Havm.Simulator.Tests;

[TestFixture]
public class TraceParserTests
{
    private static Trace Parse(params string[] lines) => TraceParser.Parse("t.trace", "t", lines);

    private static TraceFormatException Fails(params string[] lines) =>
        Assert.Throws<TraceFormatException>(() => Parse(lines))!;

    [Test]
    public void Parse_FullTrace_ReadsHeadersAndCumulativeSteps()
    {
        // arrange, act
        var trace = Parse(
            "# a comment",
            "name: reboot",
            "label: failed at 10:30",
            "length: 1:00:00",
            "note: one",
            "at 0:00 state Running, heartbeat 100%   # trailing comment",
            "at 10:00 additions off, io off",
            "at 12:00 vs fail 0x80010108, service stoppending",
            "at 12:30 vs hang, registered no, state Paused");

        // assert
        Assert.That(trace.Name, Is.EqualTo("reboot"));
        Assert.That(trace.FailedAt, Is.EqualTo(TimeSpan.FromSeconds(630)));
        Assert.That(trace.Length, Is.EqualTo(TimeSpan.FromHours(1)));
        Assert.That(trace.Notes, Is.EqualTo(new[] { "one" }));
        Assert.That(trace.Steps, Has.Count.EqualTo(4));
        var at11 = trace.At(TimeSpan.FromMinutes(11));
        Assert.That(at11, Is.EqualTo(Conditions.Initial with { Additions = false, Io = false }));
        var end = trace.At(TimeSpan.FromMinutes(50));
        Assert.That(end.Vs, Is.EqualTo(VsBehaviour.Hang));
        Assert.That(end.Service, Is.EqualTo(ServiceState.StopPending));
        Assert.That(end.Registered, Is.False);
        Assert.That(end.State, Is.EqualTo(GuestState.Paused));
        Assert.That(end.Additions, Is.False, "settings carry over from earlier lines");
        Assert.That(trace.At(TimeSpan.FromMinutes(12)).VsError, Is.EqualTo(HResults.RpcDisconnected));
    }

    [Test]
    public void Parse_NoNameAndFirstStepLater_UsesFileNameAndStartsFromTheInitialConditions()
    {
        var trace = Parse("label: healthy", "length: 30:00", "at 10:00 heartbeat 30%");

        Assert.That(trace.Name, Is.EqualTo("t"));
        Assert.That(trace.IsHealthy, Is.True);
        Assert.That(trace.Steps[0].At, Is.EqualTo(TimeSpan.Zero));
        Assert.That(trace.At(TimeSpan.FromMinutes(5)), Is.EqualTo(Conditions.Initial));
        Assert.That(trace.At(TimeSpan.FromMinutes(10)).HeartbeatRate, Is.EqualTo(30));
    }

    [TestCase("at 10:00 heartbeet 30%", 3, "unknown setting 'heartbeet'")]
    [TestCase("at 10:00 heartbeat 130%", 3, "heartbeat takes a share")]
    [TestCase("at 10:00 heartbeat 30", 3, "heartbeat takes a share")]
    [TestCase("at 10:00 state Sleeping", 3, "unknown state 'Sleeping'")]
    [TestCase("at 10:00 state 5", 3, "unknown state '5'")]
    [TestCase("at 10:00 additions maybe", 3, "additions takes on or off")]
    [TestCase("at 10:00 vs fail", 3, "'vs fail' takes an HRESULT")]
    [TestCase("at 10:00 vs fail 12", 3, "'vs fail' takes an HRESULT")]
    [TestCase("at 10:00 service paused", 3, "service takes running")]
    [TestCase("at 10:00 registered perhaps", 3, "registered takes yes or no")]
    [TestCase("at 10:00 io on off", 3, "'io' takes 1 value")]
    [TestCase("at 10:00 additions off,, io off", 3, "empty setting")]
    [TestCase("at 10:0 additions off", 3, "bad time '10:0'")]
    [TestCase("at 10:61 additions off", 3, "bad time '10:61'")]
    [TestCase("at ten additions off", 3, "bad time 'ten'")]
    [TestCase("at 10:00", 3, "'at' needs a time and at least one setting")]
    [TestCase("at 1:2:03 additions off", 3, "bad time '1:2:03'")]
    [TestCase("at 35:00 additions off", 3, "not before the end of the trace")]
    [TestCase("colour: blue", 3, "unknown header 'colour:'")]
    [TestCase("additions off", 3, "expected 'name:', 'label:'")]
    public void Parse_BadLine_NamesTheFileAndLine(string bad, int line, string problem)
    {
        var error = Fails("label: healthy", "length: 30:00", bad);

        Assert.That(error.Line, Is.EqualTo(line));
        Assert.That(error.Message, Does.StartWith("t.trace:" + line + ": "));
        Assert.That(error.Problem, Does.Contain(problem));
    }

    [Test]
    public void Parse_TimesOutOfOrder_NamesTheLaterLine()
    {
        var error = Fails("label: healthy", "length: 30:00", "at 10:00 io off", "", "at 9:59 io on");

        Assert.That(error.Message, Is.EqualTo("t.trace:5: time 9:59 is before the previous line's 10:00 (lines must be in time order)"));
    }

    [TestCase("label: broken", "label must be 'healthy' or 'failed at <m:ss>'")]
    [TestCase("label: failed at soon", "bad time 'soon'")]
    public void Parse_BadLabel_NamesItsLine(string label, string problem)
    {
        var error = Fails("length: 30:00", label);

        Assert.That(error.Line, Is.EqualTo(2));
        Assert.That(error.Problem, Does.Contain(problem));
    }

    [Test]
    public void Parse_FailureAfterTheEnd_NamesTheLabelLine()
    {
        var error = Fails("label: failed at 40:00", "length: 30:00");

        Assert.That(error.Line, Is.EqualTo(1));
        Assert.That(error.Problem, Does.Contain("not before the end of the trace"));
    }

    [TestCase("length: 30:00", "no 'label:' line")]
    [TestCase("label: healthy", "no 'length:' line")]
    public void Parse_MissingHeader_SaysWhich(string only, string problem)
    {
        var error = Fails(only, "at 1:00 io off");

        Assert.That(error.Problem, Does.Contain(problem));
        Assert.That(error.Line, Is.EqualTo(2));
    }

    [Test]
    public void ParseFile_NamesTheFileInTheError()
    {
        var path = Path.Combine(Path.GetTempPath(), "havm-sim-" + Guid.NewGuid().ToString("N") + ".trace");
        File.WriteAllLines(path, new[] { "label: healthy", "length: 30:00", "at 1:00 additions sideways" });
        try
        {
            var error = Assert.Throws<TraceFormatException>(() => TraceParser.ParseFile(path))!;

            Assert.That(error.Message, Does.StartWith(Path.GetFileName(path) + ":3: additions takes on or off"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
