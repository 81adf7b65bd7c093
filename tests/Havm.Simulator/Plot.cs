using ScottPlot;

namespace Havm.Simulator;

/// <summary>The report's PNG: each policy's false failovers against its median detection time (a line up to its worst).</summary>
internal static class Plot
{
    public static void Save(IReadOnlyList<Summary> summaries, string path)
    {
        var plot = new ScottPlot.Plot();
        plot.Title("Detection quality: false failovers against detection time, per policy");
        plot.XLabel("false failovers (healthy traces the cluster acted on)");
        plot.YLabel("detection time after the failure (s, log scale): median (marker) to worst (line)");

        // A log scale: detection times run from seconds (a guest found off) to half an hour (a crash loop).
        var ticks = new[] { 20.0, 50, 100, 200, 500, 1000, 2000 };
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            ticks.Select(Math.Log10).ToArray(),
            ticks.Select(t => t.ToString("0", System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(1);

        var styles = new Dictionary<string, (Color Color, MarkerShape Shape, float Size, string Legend)>
        {
            ["defaults"] = (Colors.Red, MarkerShape.FilledDiamond, 16, "Havm.Net defaults"),
            ["setting"] = (Colors.SteelBlue, MarkerShape.FilledCircle, 8, "Havm.Net, other settings (m misses, t threshold)"),
            ["Havm.vbs"] = (Colors.DarkOrange, MarkerShape.FilledSquare, 12, "Havm.vbs"),
            ["peer"] = (Colors.Green, MarkerShape.FilledTriangleUp, 12, "Hyper-V, vSphere HA (models)"),
            ["design"] = (Colors.Purple, MarkerShape.OpenCircle, 11, "unshipped designs (simulator only)"),
        };

        // Points that share a spot are spread sideways a little so that each stays visible; labels in one column
        // are pushed up until they no longer overlap.
        var seen = new Dictionary<(int, long), int>();
        var labelY = new Dictionary<Policy, double>();
        var key2 = new List<string>();
        foreach (var column in summaries.Where(s => s.Median is not null).GroupBy(s => s.FalseFailovers))
        {
            var previous = double.MinValue;
            foreach (var s in column.OrderBy(s => s.Median))
            {
                previous = Math.Max(Math.Log10(s.Median!.Value), previous + 0.045);
                labelY[s.Policy] = previous;
            }
        }

        var legendDone = new HashSet<string>();
        foreach (var s in summaries.Where(s => s.Median is not null))
        {
            var style = styles[s.Policy.Group];
            var key = (s.FalseFailovers, (long)Math.Round(Math.Log10(s.Median!.Value) * 8));
            seen[key] = seen.TryGetValue(key, out var n) ? n + 1 : 1;
            var x = s.FalseFailovers + ((seen[key] - 1) * 0.1);
            var line = plot.Add.Line(x, Math.Log10(s.Median.Value), x, Math.Log10(s.Worst!.Value));
            line.Color = style.Color.WithAlpha(0.5);
            line.LineWidth = 1.5f;
            var marker = plot.Add.Marker(x, Math.Log10(s.Median.Value), style.Shape, style.Size, style.Color);
            if (legendDone.Add(s.Policy.Group))
            {
                marker.LegendText = style.Legend;
            }

            var number = (summaries.ToList().IndexOf(s) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            key2.Add(number.PadLeft(2) + "  " + Short(s));
            var label = plot.Add.Text(number, s.FalseFailovers + 0.45, labelY[s.Policy]);
            label.LabelFontSize = 11;
            label.LabelFontColor = style.Color;
            label.LabelAlignment = Alignment.MiddleLeft;
        }

        plot.ShowLegend(Alignment.UpperLeft);
        var names = plot.Add.Annotation(string.Join("\n", key2), Alignment.UpperRight);
        names.LabelFontSize = 12;
        names.LabelFontName = "DejaVu Sans Mono";
        names.LabelBackgroundColor = Colors.White;
        plot.Axes.SetLimits(-0.4, summaries.Max(s => s.FalseFailovers) + 9, Math.Log10(20), Math.Log10(3000));
        plot.SavePng(path, 1400, 850);
    }

    private static string Short(Summary s)
    {
        var numbers = string.Create(System.Globalization.CultureInfo.InvariantCulture, $": {s.FalseFailovers} false, {s.Missed} missed, {Summary.Seconds(s.Median)}/{Summary.Seconds(s.Worst)} s");
        return ShortName(s) + numbers;
    }

    private static string ShortName(Summary s)
    {
        var name = s.Policy.Name;
        if (name.StartsWith("Havm.Net misses=", StringComparison.Ordinal))
        {
            name = name.Replace("Havm.Net misses=", "m", StringComparison.Ordinal).Replace(" threshold=", " t", StringComparison.Ordinal);
        }
        else if (name.StartsWith("design: ", StringComparison.Ordinal))
        {
            name = name.Substring("design: ".Length);
        }

        return name;
    }
}
