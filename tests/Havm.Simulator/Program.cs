using System.Globalization;
using Havm.Simulator;

// Havm.Simulator: replays every trace under every policy and prints the report.
//   Havm.Simulator --traces DIR --out DIR            the report; CSV, Markdown table and PNG into --out
//   Havm.Simulator --traces DIR --log TRACE POLICY   one replay, with the cluster log Havm.Core wrote
//   Havm.Simulator --traces DIR --shapes             each trace's 0 % stretches, as Virtual Server would report them
string? tracesDir = null;
string? outDir = null;
string? logTrace = null;
string? logPolicy = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--traces" when i + 1 < args.Length:
            tracesDir = args[++i];
            break;
        case "--out" when i + 1 < args.Length:
            outDir = args[++i];
            break;
        case "--shapes":
            logTrace = "--shapes";
            break;
        case "--log" when i + 2 < args.Length:
            logTrace = args[++i];
            logPolicy = args[++i];
            break;
        default:
            Console.Error.WriteLine("usage: Havm.Simulator --traces DIR (--out DIR | --log TRACE POLICY | --shapes)");
            return 2;
    }
}

tracesDir ??= Path.Combine(AppContext.BaseDirectory, "Traces");
IReadOnlyList<Trace> traces;
try
{
    traces = Corpus.Load(tracesDir);
}
catch (TraceFormatException e)
{
    Console.Error.WriteLine("trace does not parse: " + e.Message);
    return 1;
}

var policies = Policies.All();
if (logTrace == "--shapes")
{
    // What Virtual Server would report, derived from each trace: the lowest percentage while the Additions answer,
    // and the stretches at 0 %.
    foreach (var trace in traces)
    {
        var world = new GuestWorld(trace, new SimClock());
        var zeros = world.ZeroStretches();
        Console.WriteLine(trace.Name + ": " + (zeros.Count == 0 ? "never 0 %" : string.Join(", ", zeros.Select(z => "0 % from " + Trace.Clock(z.From) + " for " + z.Length.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + " s"))));
    }

    return 0;
}

if (logTrace is not null)
{
    var trace = traces.SingleOrDefault(t => t.Name == logTrace);
    var policy = policies.SingleOrDefault(p => p.Name == logPolicy);
    if (trace is null || policy is null)
    {
        Console.Error.WriteLine("no trace '" + logTrace + "' or no policy '" + logPolicy + "'");
        return 2;
    }

    foreach (var one in Replay.RunAllPhases(trace, policy))
    {
        Console.WriteLine("--- phase " + one.Phase.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + " s (Online at " + Trace.Clock(-one.Phase) + ")");
        one.Log.ToList().ForEach(Console.WriteLine);
        Console.WriteLine(trace.Name + " under " + policy.Name + ": " + Report.Cell(new[] { one })
            + (one.Action.Length > 0 ? " (" + one.Reason + " at " + Trace.Clock(one.ActedAt!.Value) + "; Terminate: " + one.Action + ")" : string.Empty));
    }

    return 0;
}

var outcomes = (from t in traces from p in policies from o in Replay.RunAllPhases(t, p) select o).ToList();
var summaries = policies.Select(p => Summary.Of(p, outcomes)).ToList();
var main = policies.Where(p => p.Group is "defaults" or "Havm.vbs" or "peer").ToList();
var designs = policies.Where(p => p.Group is "defaults" or "design").ToList();

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Detection quality: {traces.Count} traces ({traces.Count(t => t.IsHealthy)} healthy, {traces.Count(t => !t.IsHealthy)} failed) x {policies.Count} policies x {Replay.Phases.Count} phases of the host's polls"));
Console.WriteLine("Cells: detection time after the failure (fastest-slowest phase); FALSE k/4 at m:ss: the cluster acted on a guest that");
Console.WriteLine("had not failed at k of the 4 phases, the earliest at m:ss; MISSED k/4; ok.");
Console.WriteLine();
Console.Write(Report.Table(traces, main, outcomes, markdown: false));
Console.WriteLine();
Console.WriteLine("Unshipped designs (simulator only) beside the defaults:");
Console.Write(Report.Table(traces, designs, outcomes, markdown: false));
Console.WriteLine();
if (outDir is not null)
{
    Directory.CreateDirectory(outDir);
    File.WriteAllText(Path.Combine(outDir, "outcomes.csv"), Report.Csv(outcomes));
    File.WriteAllText(Path.Combine(outDir, "summary.csv"), Report.SummaryCsv(summaries));
    File.WriteAllText(Path.Combine(outDir, "table.md"), Report.Table(traces, main, outcomes, markdown: true));
    File.WriteAllText(Path.Combine(outDir, "designs.md"), Report.Table(traces, designs, outcomes, markdown: true));
    Plot.Save(summaries, Path.Combine(outDir, "detection-quality.png"));
    Console.WriteLine("wrote " + Path.Combine(outDir, "outcomes.csv") + ", summary.csv, table.md, designs.md, detection-quality.png");
    Console.WriteLine();
}

summaries.ForEach(s => Console.WriteLine(s.Line));
return 0;
