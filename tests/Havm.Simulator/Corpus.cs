namespace Havm.Simulator;

/// <summary>The trace corpus: every *.trace file of a folder, in name order.</summary>
internal static class Corpus
{
    public static IReadOnlyList<Trace> Load(string folder)
    {
        var files = Directory.GetFiles(folder, "*.trace").OrderBy(f => f, StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new TraceFormatException(folder, 0, "no *.trace files");
        }

        var traces = files.Select(TraceParser.ParseFile).ToList();
        var duplicate = traces.GroupBy(t => t.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new TraceFormatException(folder, 0, "two traces are named '" + duplicate.Key + "'");
        }

        return traces;
    }
}
