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
        plot.YLabel("detection time (s): median (marker) to worst");

        var styles = new Dictionary<string, (Color Color, MarkerShape Shape, float Size, string Legend)>
        {
            ["defaults"] = (Colors.Red, MarkerShape.FilledDiamond, 16, "Havm.Net defaults"),
            ["setting"] = (Colors.SteelBlue, MarkerShape.FilledCircle, 8, "Havm.Net, other settings (m misses, t threshold)"),
            ["Havm.vbs"] = (Colors.DarkOrange, MarkerShape.FilledSquare, 12, "Havm.vbs"),
            ["peer"] = (Colors.Green, MarkerShape.FilledTriangleUp, 12, "Hyper-V, vSphere HA (models)"),
            ["design"] = (Colors.Purple, MarkerShape.OpenCircle, 11, "unshipped designs (simulator only)"),
        };

        // Points that share a spot are spread sideways a little so that each stays visible.
        var seen = new Dictionary<(int, long), int>();
        var legendDone = new HashSet<string>();
        foreach (var s in summaries.Where(s => s.Median is not null))
        {
            var style = styles[s.Policy.Group];
            var key = (s.FalseFailovers, (long)Math.Round(s.Median!.Value / 5));
            seen[key] = seen.TryGetValue(key, out var n) ? n + 1 : 1;
            var x = s.FalseFailovers + ((seen[key] - 1) * 0.12);
            var line = plot.Add.Line(x, s.Median.Value, x, s.Worst!.Value);
            line.Color = style.Color.WithAlpha(0.5);
            line.LineWidth = 1.5f;
            var marker = plot.Add.Marker(x, s.Median.Value, style.Shape, style.Size, style.Color);
            if (legendDone.Add(s.Policy.Group))
            {
                marker.LegendText = style.Legend;
            }

            var label = plot.Add.Text(Short(s), x + 0.06, s.Median.Value);
            label.LabelFontSize = 11;
            label.LabelFontColor = style.Color;
            label.LabelAlignment = Alignment.MiddleLeft;
        }

        plot.ShowLegend(Alignment.UpperRight);
        plot.Axes.SetLimitsX(-0.4, summaries.Max(s => s.FalseFailovers) + 1.6);
        plot.SavePng(path, 1400, 850);
    }

    private static string Short(Summary s)
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

        return s.Missed > 0 ? name + " (" + s.Missed + " missed)" : name;
    }
}
