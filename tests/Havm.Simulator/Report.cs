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

    public static Summary Of(Policy policy, IReadOnlyList<Outcome> outcomes)
    {
        var mine = outcomes.Where(o => o.Policy == policy).ToList();
        var times = mine.Where(o => o.DetectionTime is not null).Select(o => o.DetectionTime!.Value.TotalSeconds).OrderBy(t => t).ToList();
        double? median = times.Count == 0 ? null
            : times.Count % 2 == 1 ? times[times.Count / 2]
            : (times[(times.Count / 2) - 1] + times[times.Count / 2]) / 2;
        return new Summary(
            policy,
            mine.Count(o => o.Verdict == Verdict.FalseFailover),
            mine.Count(o => o.Trace.IsHealthy),
            mine.Count(o => o.Verdict == Verdict.Missed),
            mine.Count(o => !o.Trace.IsHealthy),
            median,
            times.Count == 0 ? null : times[^1]);
    }
}

/// <summary>The report: a table per trace, the summary lines, the CSV.</summary>
internal static class Report
{
    /// <summary>One cell: "ok", "FALSE at m:ss", "NNN s" or "MISSED".</summary>
    public static string Cell(Outcome o) => o.Verdict switch
    {
        Verdict.Ok => "ok",
        Verdict.FalseFailover => "FALSE at " + Trace.Clock(o.ActedAt!.Value),
        Verdict.Detected => Summary.Seconds(o.DetectionTime!.Value.TotalSeconds) + " s",
        Verdict.Missed => "MISSED",
        _ => throw new InvalidOperationException("Unknown verdict " + o.Verdict + "."),
    };

    /// <summary>A fixed-width table: one row per trace, one column per policy in <paramref name="columns"/>.</summary>
    public static string Table(IReadOnlyList<Trace> traces, IReadOnlyList<Policy> columns, IReadOnlyList<Outcome> outcomes, bool markdown)
    {
        var header = new List<string> { "trace", "label" };
        header.AddRange(columns.Select(c => c.Name));
        var rows = new List<List<string>>();
        foreach (var trace in traces)
        {
            var row = new List<string> { trace.Name, trace.FailedAt is { } f ? "failed at " + Trace.Clock(f) : "healthy" };
            row.AddRange(columns.Select(c => Cell(outcomes.Single(o => o.Trace == trace && o.Policy == c))));
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
        var text = new StringBuilder("trace,label,failed_at_s,policy,verdict,acted_at_s,detection_s,action\n");
        foreach (var o in outcomes)
        {
            text.AppendLine(string.Join(",",
                o.Trace.Name,
                o.Trace.IsHealthy ? "healthy" : "failed",
                Secs(o.Trace.FailedAt),
                Quote(o.Policy.Name),
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
