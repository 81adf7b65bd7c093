using System.Globalization;
using System.Text.Json;

namespace Havm.TestBed.Runner;

/// <summary>Builds the steps of a plan the way the cluster would drive a resource.</summary>
internal sealed class Steps
{
    public List<Step> List { get; } = new();

    /// <summary>Labels whose results are shown in the table, in order.</summary>
    public List<string> Shown { get; } = new();

    /// <summary>The resource that load, unload, call, repeat, prop and propRemove steps act on from now (see <see cref="On"/>).</summary>
    private int _resource;

    private Steps Add(Step s)
    {
        if (s.Op is "load" or "unload" or "call" or "repeat" or "prop" or "propRemove")
        {
            s.Resource = _resource;
        }

        List.Add(s);
        return this;
    }

    /// <summary>Labels the step added last (e.g. a fake step whose timing another figure needs).</summary>
    public Steps Label(string label)
    {
        List[^1].Label = label;
        return this;
    }

    /// <summary>The following resource steps act on the plan's resource number <paramref name="resource"/> (0: the first).</summary>
    public Steps On(int resource)
    {
        _resource = resource;
        return this;
    }

    /// <summary>The host process's private bytes and working set (after a full garbage collection) into a labelled step.</summary>
    public Steps Memory(string label) => Add(new Step { Op = "memory", Label = label });

    public Steps Fake(string method, params object[] args) =>
        Add(new Step { Op = "fake", Method = method, Args = args.Select(a => JsonSerializer.SerializeToElement(a)).ToList() });

    public Steps Guest(string name, int state) => Fake("AddGuest", name, state);

    /// <summary>As <c>cluster res /priv Name=Value</c> (a number, text, or null for "created, empty").</summary>
    public Steps Prop(string name, object? value) =>
        Add(new Step { Op = "prop", Name = name, Value = value is null ? null : JsonSerializer.SerializeToElement(value) });

    public Steps PropRemove(string name) => Add(new Step { Op = "propRemove", Name = name });

    public Steps Load(string? label = null) => Add(new Step { Op = "load", Label = label });

    public Steps Unload() => Add(new Step { Op = "unload" });

    /// <summary>Calls an entry point; a label makes the result checkable and shown in the table.</summary>
    public Steps Call(string fn, string? label = null, int timeoutMs = 0, bool show = true)
    {
        if (label is not null && show && !Shown.Contains(label))
        {
            Shown.Add(label);
        }

        return Add(new Step { Op = "call", Fn = fn, Label = label, TimeoutMs = timeoutMs });
    }

    public Steps Repeat(string fn, int count, string label, int timeoutMs = 0)
    {
        Shown.Add(label);
        return Add(new Step { Op = "repeat", Fn = fn, Count = count, Label = label, TimeoutMs = timeoutMs });
    }

    /// <summary>stop | stop-pending:MS (the service stays StopPending that long) | start | query; a label makes the state checkable.</summary>
    public Steps Service(string action, string? label = null) => Add(new Step { Op = "service", Name = action, Label = label });

    public Steps Note(string text) => Add(new Step { Op = "note", Name = text });

    /// <summary>Waits; a label keeps the host process's CPU time over the wait (an idle host).</summary>
    public Steps Sleep(int ms, string? label = null) => Add(new Step { Op = "sleep", Count = ms, Label = label });

    /// <summary>How many lines of the fake's call log contain the fragment, into a labelled step (not shown).</summary>
    public Steps Count(string fragment, string label) =>
        Add(new Step { Op = "fake", Method = "CallCount", Args = new List<JsonElement> { JsonSerializer.SerializeToElement(fragment) }, Label = label });

    /// <summary>The host process's thread count into a labelled step (not shown).</summary>
    public Steps Threads(string label) => Add(new Step { Op = "threads", Label = label });

    /// <summary>The "Virtual Server" service's state into a labelled step ("running", "stopped", "stop pending").</summary>
    public Steps ServiceState(string label) => Service("query", label);

    /// <summary>Reads a guest's state into a labelled step (shown as "vm1=5").</summary>
    public Steps State(string vm, string? label = null)
    {
        label ??= vm;
        Shown.Add(label);
        return Add(new Step { Op = "fake", Method = "GetState", Args = new List<JsonElement> { JsonSerializer.SerializeToElement(vm) }, Label = label });
    }

    // ---- the host's call sequences (behaviour.md section 1) ----------------------------------------------------

    /// <summary>Bring online: load, Open, Online (the script stays loaded).</summary>
    public Steps BringOnline(string onlineLabel = "Online", int timeoutMs = 0) =>
        Load().Call("Open", "Open", show: false).Call("Online", onlineLabel, timeoutMs);

    /// <summary>Take offline: Offline, Close, unload.</summary>
    public Steps TakeOffline(string offlineLabel = "Offline", int timeoutMs = 0) =>
        Call("Offline", offlineLabel, timeoutMs).Call("Close", "Close", show: false).Unload();

    /// <summary>Failure: (load if needed), Open, Terminate, Close, unload.</summary>
    public Steps Failure(string terminateLabel = "Terminate", bool load = false, int timeoutMs = 0)
    {
        if (load)
        {
            Load();
        }

        return Call("Open", null).Call("Terminate", terminateLabel, timeoutMs).Call("Close").Unload();
    }
}

/// <summary>One check of a Havm.Net result: a name and a verdict with what was seen.</summary>
internal sealed record Check(string Name, Func<HostRun, (bool Ok, string Seen)> Verdict);

/// <summary>A scenario: the same steps against Havm.vbs and Havm.Net, checks on Havm.Net's results.</summary>
internal sealed class Scenario
{
    public required string Name { get; init; }

    /// <summary>The behaviour.md section 6 change that explains a difference from Havm.vbs ("" = none expected).</summary>
    public string Change { get; init; } = "";

    public required Steps Steps { get; init; }

    public List<Check> Checks { get; } = new();

    /// <summary>Runs on Linux before and after both runs (e.g. unregistering a COM class).</summary>
    public Action? Before { get; init; }

    public Action? After { get; init; }

    /// <summary>Havm.vbs does not use the COM class: its column reads "n/a".</summary>
    public bool HavmNotApplicable { get; init; }

    /// <summary>Havm.vbs is not run (it would block with Virtual Server for minutes): its column says so.</summary>
    public bool HavmNotRun { get; init; }

    public int TimeoutSeconds { get; init; } = 90;

    /// <summary>Runs for minutes of real time: only when --only names it.</summary>
    public bool Long { get; init; }

    public Scenario Expect(params Check[] checks)
    {
        Checks.AddRange(checks);
        return this;
    }
}

/// <summary>The checks scenarios use.</summary>
internal static class Is
{
    private static string Show(StepResult? s) =>
        s is null ? "(step missing)" : (s.Value ?? "(none)") + (s.Type is null ? "" : $" ({s.Type})") + (s.Error is null ? "" : $" [{s.Error}]");

    /// <summary>The step returned this value ("0", "1168", "True", "False", "Empty").</summary>
    public static Check Returns(string label, string expected) =>
        new($"{label} returns {expected}", r => (r.Step(label)?.Value == expected && r.Step(label)?.Error is null, Show(r.Step(label))));

    public static Check ReturnsNot(string label, params string[] unwanted) =>
        new($"{label} fails (not {string.Join("/", unwanted)})", r =>
        {
            var s = r.Step(label);
            return (s?.Value is not null && s.Error is null && !unwanted.Contains(s.Value) && s.Value != "ERROR", Show(s));
        });

    public static Check Within(string label, double ms, string? why = null) =>
        new($"{label} within {ms.ToString(CultureInfo.InvariantCulture)} ms{why}", r =>
        {
            var s = r.Step(label);
            double t = s is null ? double.NaN : s.Op == "repeat" ? s.MaxMs : s.Ms;
            return (s is not null && t <= ms, s is null ? "(step missing)" : $"{t:F1} ms");
        });

    public static Check AtLeast(string label, double ms, string? why = null) =>
        new($"{label} takes at least {ms.ToString(CultureInfo.InvariantCulture)} ms{why}", r =>
        {
            var s = r.Step(label);
            return (s is not null && s.Ms >= ms, s is null ? "(step missing)" : $"{s.Ms:F1} ms");
        });

    public static Check FinalState(string vm, int state) =>
        new($"{vm} ends in state {state}", r =>
        {
            var seen = r.Result.Guests.Split(';').FirstOrDefault(g => g.StartsWith(vm + "=", StringComparison.OrdinalIgnoreCase));
            return (seen == $"{vm}={state}", seen ?? "(not registered)");
        });

    public static Check Called(string fragment) =>
        new($"Virtual Server saw {Words(fragment)}", r => (Lines(r).Any(l => Has(l, fragment)), Count(r, fragment)));

    public static Check NotCalled(string fragment) =>
        new($"Virtual Server never saw {Words(fragment)}", r => (!Lines(r).Any(l => Has(l, fragment)), Count(r, fragment)));

    /// <summary>
    /// The cluster log of the labelled step (or of the whole run) has a line with every fragment ("{node}" stands
    /// for the host's computer name). A fragment must hold words (an empty one matches every line, so a check built
    /// with one could never fail).
    /// </summary>
    public static Check Logged(string? label, string fragment, params string[] more)
    {
        var fragments = more.Prepend(fragment).Select(Words).ToArray();
        return new($"log{(label is null ? "" : " of " + label)} says {string.Join(" + ", fragments.Select(f => "'" + f + "'"))}", r =>
        {
            var lines = LogOf(r, label);
            var hit = lines.FirstOrDefault(l => fragments.All(f => Has(l, f.Replace("{node}", r.Result.ComputerName, StringComparison.Ordinal))));
            return (hit is not null, hit ?? (lines.Count == 0 ? "(no log line)" : $"{lines.Count} lines, e.g. '{Cut(lines[^1])}'"));
        });
    }

    /// <summary>Exactly <paramref name="times"/> lines of the labelled step's log (or the run's) contain the fragment.</summary>
    public static Check LoggedTimes(string? label, string fragment, int times)
    {
        fragment = Words(fragment);
        return new($"log{(label is null ? "" : " of " + label)} says '{fragment}' {times} time(s)", r =>
        {
            int n = LogOf(r, label).Count(l => Has(l, fragment));
            return (n == times, $"{n} time(s)");
        });
    }

    public static Check NotLogged(string? label, string fragment)
    {
        fragment = Words(fragment);
        return new($"log{(label is null ? "" : " of " + label)} never says '{fragment}'", r =>
        {
            var hit = LogOf(r, label).FirstOrDefault(l => Has(l, fragment));
            return (hit is null, hit ?? "not logged");
        });
    }

    /// <summary>A step's value read as a number meets the condition (e.g. a count from the fake or the host).</summary>
    public static Check Number(string label, string what, Func<long, bool> condition) =>
        new($"{label}: {what}", r =>
        {
            var s = r.Step(label);
            return (s?.Value is { } v && s.Error is null && long.TryParse(v, out long n) && condition(n), Show(s));
        });

    /// <summary>The labelled call step's counts (Virtual Server member calls, activations, SCM queries) meet the condition.</summary>
    public static Check Counted(string label, string what, Func<long, long, long, bool> condition) =>
        new($"{label}: {what}", r =>
        {
            var s = r.Step(label);
            bool ok = s is { VsCalls: { } c, VsActivations: { } a, ScmQueries: { } q } && condition(c, a, q);
            return (ok, s is null ? "(step missing)" : $"{s.VsCalls?.ToString(CultureInfo.InvariantCulture) ?? "?"} calls, {s.VsActivations?.ToString(CultureInfo.InvariantCulture) ?? "?"} activations, {s.ScmQueries?.ToString(CultureInfo.InvariantCulture) ?? "?"} SCM queries");
        });

    /// <summary>The difference of two numeric steps (a count after minus the same count before) meets the condition.</summary>
    public static Check Growth(string before, string after, string what, Func<long, bool> condition) =>
        new(what, r =>
        {
            var (b, a) = (r.Step(before), r.Step(after));
            bool ok = long.TryParse(b?.Value, out long x) && long.TryParse(a?.Value, out long y) && b!.Error is null && a!.Error is null && condition(y - x);
            return (ok, $"{Show(b)} before, {Show(a)} after");
        });

    private static List<string> LogOf(HostRun r, string? label) =>
        label is null ? r.Result.Steps.SelectMany(s => s.Log).ToList() : r.Step(label)?.Log ?? new List<string>();

    /// <summary>A fragment to look for: never empty or blank (it would match everything).</summary>
    private static string Words(string fragment) =>
        string.IsNullOrWhiteSpace(fragment) ? throw new ArgumentException("a fragment to look for must hold words: an empty one matches every line", nameof(fragment)) : fragment;

    /// <summary>The private property has this value at the end (null: the property does not exist).</summary>
    public static Check Property(string name, string? value) =>
        new(value is null ? $"property {name} not created" : $"property {name} = {value}", r =>
        {
            var line = r.Result.Properties.Split('\n').FirstOrDefault(l => l.StartsWith(name + " = ", StringComparison.Ordinal));
            string? seen = line is null ? null : line[(name.Length + 3)..line.LastIndexOf(" (", StringComparison.Ordinal)];
            return (seen == value, line ?? "(absent)");
        });

    /// <summary>LastOnlineNode names the computer the host ran on.</summary>
    public static Check LastOnlineNodeIsThisNode() =>
        new("property LastOnlineNode = this node", r =>
        {
            var line = r.Result.Properties.Split('\n').FirstOrDefault(l => l.StartsWith("LastOnlineNode = ", StringComparison.Ordinal)) ?? "(absent)";
            return (Has(line, "= " + r.Result.ComputerName + " "), $"{line} on {r.Result.ComputerName}");
        });

    private static bool Has(string text, string fragment) => text.Contains(fragment, StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<string> Lines(HostRun r) => r.Result.FakeLog.Split('\n');

    private static string Count(HostRun r, string fragment) =>
        $"{Lines(r).Count(l => Has(l, fragment))} call(s)";

    public static string Cut(string s) => s.Length <= 110 ? s : s[..107] + "...";
}
