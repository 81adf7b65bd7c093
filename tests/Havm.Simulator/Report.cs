using System.Globalization;
using System.Text;

namespace Havm.Simulator;

/// <summary>One policy's totals over the corpus.</summary>
internal sealed record Summary(Policy Policy, int FalseFailovers, int Healthy, int Missed, int Failures, double? Median, double? Worst)
{
    /// <summary>The script-readable line: "&lt;policy&gt;: N false failovers on H healthy traces, M missed of F failure traces, detection median X s, worst Y s".</summary>
    public string Line => string.Create(CultureInfo.InvariantCulture,
        $"{Policy.Name}: {FalseFailovers} false failovers on {Healthy} healthy traces, {Missed} missed of {Failures} failure traces, detection median {Seconds(Median)} s, worst {Seconds(Worst)} s");

    public static string Seconds(double? value) =>
        value is { } v ? Math.Round(v, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture) : "-";

    /// <summary>
    /// A healthy trace counts as a false failover when the cluster acted at any phase; a failure trace as missed when
    /// it went unnoticed at any phase; the median and worst run over every detection at every phase. A failure trace
    /// acted on before its failure shows in its cell (FALSE) but in neither count.
    /// </summary>
    public static Summary Of(Policy policy, IReadOnlyList<Outcome> outcomes)
    {
        var byTrace = outcomes.Where(o => o.Policy == policy).GroupBy(o => o.Trace).ToList();
        var times = byTrace.SelectMany(g => g).Where(o => o.DetectionTime is not null).Select(o => o.DetectionTime!.Value.TotalSeconds).OrderBy(t => t).ToList();
        double? median = times.Count == 0 ? null
            : times.Count % 2 == 1 ? times[times.Count / 2]
            : (times[(times.Count / 2) - 1] + times[times.Count / 2]) / 2;
        return new Summary(
            policy,
            byTrace.Count(g => g.Key.IsHealthy && g.Any(o => o.Verdict == Verdict.FalseFailover)),
            byTrace.Count(g => g.Key.IsHealthy),
            byTrace.Count(g => !g.Key.IsHealthy && g.Any(o => o.Verdict == Verdict.Missed)),
            byTrace.Count(g => !g.Key.IsHealthy),
            median,
            times.Count == 0 ? null : times[^1]);
    }
}

/// <summary>The report: a table per trace, the summary lines, the CSV.</summary>
internal static class Report
{
    /// <summary>
    /// One cell over the phases: "ok"; "FALSE k/n at m:ss" (the cluster acted on a guest that had not failed at k of
    /// n phases, the earliest at m:ss); "a-b s" (detection time, fastest to slowest phase); "MISSED k/n".
    /// </summary>
    public static string Cell(IReadOnlyList<Outcome> phases)
    {
        var n = phases.Count;
        var falses = phases.Where(o => o.Verdict == Verdict.FalseFailover).ToList();
        if (falses.Count > 0)
        {
            return "FALSE " + falses.Count + "/" + n + " at " + Trace.Clock(falses.Min(o => o.ActedAt!.Value));
        }

        var missed = phases.Count(o => o.Verdict == Verdict.Missed);
        if (missed > 0)
        {
            return "MISSED " + missed + "/" + n;
        }

        if (phases.All(o => o.Verdict == Verdict.Ok))
        {
            return "ok";
        }

        var times = phases.Select(o => o.DetectionTime!.Value.TotalSeconds).ToList();
        var low = Summary.Seconds(times.Min());
        var high = Summary.Seconds(times.Max());
        return (low == high ? low : low + "-" + high) + " s";
    }

    /// <summary>A fixed-width table: one row per trace, one column per policy in <paramref name="columns"/>.</summary>
    public static string Table(IReadOnlyList<Trace> traces, IReadOnlyList<Policy> columns, IReadOnlyList<Outcome> outcomes, bool markdown)
    {
        var header = new List<string> { "trace", "label" };
        header.AddRange(columns.Select(c => c.Name));
        var rows = new List<List<string>>();
        foreach (var trace in traces)
        {
            var row = new List<string> { trace.Name, trace.FailedAt is { } f ? "failed at " + Trace.Clock(f) : "healthy" };
            row.AddRange(columns.Select(c => Cell(outcomes.Where(o => o.Trace == trace && o.Policy == c).ToList())));
            rows.Add(row);
        }

        var summaries = columns.Select(c => Summary.Of(c, outcomes)).ToList();
        rows.Add(new List<string> { "**false failovers**", string.Empty }.Concat(summaries.Select(s => s.FalseFailovers.ToString(CultureInfo.InvariantCulture))).ToList());
        rows.Add(new List<string> { "**missed**", string.Empty }.Concat(summaries.Select(s => s.Missed.ToString(CultureInfo.InvariantCulture))).ToList());
        rows.Add(new List<string> { "**detection median / worst**", string.Empty }.Concat(summaries.Select(s => Summary.Seconds(s.Median) + " / " + Summary.Seconds(s.Worst) + " s")).ToList());

        var text = new StringBuilder();
        if (markdown)
        {
            text.Append("| ").Append(string.Join(" | ", header)).AppendLine(" |");
            text.Append('|').Append(string.Concat(header.Select(_ => "---|"))).AppendLine();
            foreach (var row in rows)
            {
                text.Append("| ").Append(string.Join(" | ", row)).AppendLine(" |");
            }

            return text.ToString();
        }

        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Replace("**", string.Empty, StringComparison.Ordinal).Length))).ToList();
        void Line(IReadOnlyList<string> cells) =>
            text.AppendLine(string.Join("  ", cells.Select((c, i) => c.Replace("**", string.Empty, StringComparison.Ordinal).PadRight(widths[i]))).TrimEnd());
        Line(header);
        Line(widths.Select(w => new string('-', w)).ToList());
        rows.ForEach(Line);
        return text.ToString();
    }

    /// <summary>Every outcome, one per line.</summary>
    public static string Csv(IReadOnlyList<Outcome> outcomes)
    {
        var text = new StringBuilder("trace,label,failed_at_s,policy,phase_s,verdict,acted_at_s,detection_s,action\n");
        foreach (var o in outcomes)
        {
            text.AppendLine(string.Join(",",
                o.Trace.Name,
                o.Trace.IsHealthy ? "healthy" : "failed",
                Secs(o.Trace.FailedAt),
                Quote(o.Policy.Name),
                Secs(o.Phase),
                o.Verdict,
                Secs(o.ActedAt),
                Secs(o.DetectionTime),
                o.Action));
        }

        return text.ToString();
    }

    public static string SummaryCsv(IReadOnlyList<Summary> summaries)
    {
        var text = new StringBuilder("policy,group,false_failovers,healthy,missed,failures,median_s,worst_s\n");
        foreach (var s in summaries)
        {
            text.AppendLine(string.Join(",", Quote(s.Policy.Name), s.Policy.Group, s.FalseFailovers, s.Healthy, s.Missed, s.Failures, Summary.Seconds(s.Median), Summary.Seconds(s.Worst)));
        }

        return text.ToString();
    }

    private static string Secs(TimeSpan? t) => t is { } v ? v.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) : string.Empty;

    private static string Quote(string s) => "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
