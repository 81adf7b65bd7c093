using System.Globalization;

namespace Havm.TestBed.Runner;

/// <summary>
/// eng/bench.sh's test bed half: every cost of watching a guest, Havm.Net (havm-wrapper.vbs + Havm.GenericScript)
/// beside Havm.vbs, through the same hosted VBScript engine under Wine against the same fake Virtual Server, in one
/// run. Prints a table (each figure with its ratio: Havm.vbs's over Havm.Net's, bigger is better for Havm.Net) and
/// ends with the summary line. Figures are printed, never asserted.
/// </summary>
internal static class Bench
{
    /// <summary>What the bench is asked to do.</summary>
    internal sealed record Options(int Calls, int TaskMs, int FirstRuns, int WineServerPid, string? VsExe, int SecondsBefore);

    private const int GuestStateSaved = 2;
    private const int GuestStateSaving = 7;

    /// <summary>The host's cadence: LooksAlive every 5 s, IsAlive every 60 s.</summary>
    private const int LooksAlivePerHour = 720;
    private const int IsAlivePerHour = 60;

    /// <summary>"100 polls" at the host's cadence (12 LooksAlive to one IsAlive).</summary>
    private const int PollLooksAlive = 92;
    private const int PollIsAlive = 8;

    private const int ManyResources = 20;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private sealed record Script(string Name, string Path, bool Patch);

    /// <summary>One measured figure per script (NaN: not measured), how to show it, and a note when it is doubtful.</summary>
    internal sealed class Row
    {
        public required string Name { get; init; }
        public double Vbs { get; set; } = double.NaN;
        public double Net { get; set; } = double.NaN;
        public string Unit { get; init; } = "";
        public string Format { get; init; } = "F0";
        /// <summary>Show Havm.Net minus Havm.vbs as well (sizes and one-off times).</summary>
        public bool Delta { get; init; }
        public string VbsNote { get; set; } = "";
        public string NetNote { get; set; } = "";
    }

    public static int Run(WineHost host, string wrapper, string havm, string work, Options o)
    {
        var scripts = new[] { new Script("Havm.vbs", havm, true), new Script("Havm.Net", wrapper, false) };
        foreach (var s in scripts)
        {
            if (!File.Exists(s.Path))
            {
                Console.WriteLine($"{s.Name}: {s.Path} not found");
                return 1;
            }
        }

        if (Environment.GetEnvironmentVariable("DOTNET_EnableWriteXorExecute") != "0")
        {
            Console.WriteLine("warning: DOTNET_EnableWriteXorExecute is not 0: under Wine a .NET process may die in a finalizer (NOTES.md limit 11)");
        }

        var sections = new List<(string Title, List<Row> Rows, List<string> Notes)>();
        Console.WriteLine("Test bed runs (one Wine host process each; plans, results and output in the work folder):");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // ---- polls ----------------------------------------------------------------------------------------------
        var polls = new List<Row>();
        var pollNotes = new List<string>();
        var laMedian = new Row { Name = "LooksAlive median", Unit = "µs" };
        var laP99 = new Row { Name = "LooksAlive 99th percentile", Unit = "µs" };
        var iaMedian = new Row { Name = "IsAlive median", Unit = "µs" };
        var iaP99 = new Row { Name = "IsAlive 99th percentile", Unit = "µs" };
        var counts = new Dictionary<string, Row>(StringComparer.Ordinal);
        foreach (var fn in new[] { "LooksAlive", "IsAlive" })
        {
            counts[fn + " calls"] = new Row { Name = $"{fn}: Virtual Server member calls per call", Format = "F2" };
            counts[fn + " activations"] = new Row { Name = $"{fn}: VirtualServer.Application activations per call", Format = "F2" };
            counts[fn + " scm"] = new Row { Name = $"{fn}: Service Control Manager queries per call", Format = "F2" };
        }

        var laCpu = new Row { Name = "LooksAlive CPU per call", Unit = "µs" };
        var iaCpu = new Row { Name = "IsAlive CPU per call", Unit = "µs" };
        var hourCpu = new Row { Name = $"CPU per guest-hour ({LooksAlivePerHour} LooksAlive + {IsAlivePerHour} IsAlive)", Unit = "ms", Format = "F1" };
        var hourServer = new Row { Name = "  and the wineserver's CPU for the same calls", Unit = "ms", Format = "F1" };
        var laNoGuest = new Row { Name = "profile: LooksAlive median, VirtualMachineName blank (no Virtual Server call)", Unit = "µs" };
        var iaAllSet = new Row { Name = "profile: IsAlive median, every property it reads set", Unit = "µs" };
        var iaNoGuest = new Row { Name = "profile: IsAlive median, VirtualMachineName blank, every property set", Unit = "µs" };
        foreach (var s in scripts)
        {
            var steps = new Steps();
            BroughtOnline(steps.Service("start"), 1)
                .Repeat("IsAlive", 100, "warm-up IsAlive").Repeat("LooksAlive", 100, "warm-up LooksAlive").Sleep(1000)
                .Repeat("IsAlive", o.Calls, "IsAlive", timeoutMs: 600000)
                .Repeat("LooksAlive", o.Calls, "LooksAlive", timeoutMs: 600000);
            AllPropertiesSet(steps)
                .Repeat("IsAlive", o.Calls, "IsAlive (every property set)", timeoutMs: 600000)
                .On(1).Prop("VirtualMachineName", "").Load().Call("Open", "Open (no guest)")
                .Repeat("LooksAlive", 100, "warm-up LooksAlive (no guest)")
                .Repeat("LooksAlive", o.Calls, "LooksAlive (no guest)", timeoutMs: 600000);
            AllPropertiesSet(steps.Prop("LastOnlineNode", "(none)"))
                .Repeat("IsAlive", 100, "warm-up IsAlive (no guest)")
                .Repeat("IsAlive", o.Calls, "IsAlive (no guest)", timeoutMs: 600000).On(0);
            var run = RunPlan(host, s, steps, "polls", 1200, o, resources: 2);
            bool net = s.Name == "Havm.Net";
            string? failure = Failure(run, "Online", "IsAlive", "LooksAlive") ?? NotOnline(run, "Online");
            if (failure is not null)
            {
                pollNotes.Add($"{s.Name}: the poll run failed: {failure}");
                continue;
            }

            var ia = run.Step("IsAlive")!;
            var la = run.Step("LooksAlive")!;
            foreach (var (step, fn) in new[] { (ia, "IsAlive"), (la, "LooksAlive") })
            {
                if (step.Value != "True")
                {
                    pollNotes.Add($"{s.Name}: {fn} answered {step.Value} (not True every time){(step.Error is null ? "" : ": " + step.Error)}");
                }
            }

            Set(laMedian, net, la.MedianMs * 1000);
            if (run.Step("LooksAlive (no guest)") is { Error: null } bare)
            {
                Set(laNoGuest, net, bare.MedianMs * 1000);
            }

            if (run.Step("IsAlive (every property set)") is { Error: null } allSet)
            {
                Set(iaAllSet, net, allSet.MedianMs * 1000);
            }

            if (run.Step("IsAlive (no guest)") is { Error: null } bareIsAlive)
            {
                Set(iaNoGuest, net, bareIsAlive.MedianMs * 1000);
            }

            Set(laP99, net, la.P99Ms * 1000);
            Set(iaMedian, net, ia.MedianMs * 1000);
            Set(iaP99, net, ia.P99Ms * 1000);
            foreach (var (step, fn) in new[] { (la, "LooksAlive"), (ia, "IsAlive") })
            {
                Set(counts[fn + " calls"], net, PerCall(step.VsCalls, o.Calls));
                Set(counts[fn + " activations"], net, PerCall(step.VsActivations, o.Calls));
                Set(counts[fn + " scm"], net, PerCall(step.ScmQueries, o.Calls));
            }

            double laCpuMs = (la.CpuMs ?? double.NaN) / o.Calls, iaCpuMs = (ia.CpuMs ?? double.NaN) / o.Calls;
            Set(laCpu, net, laCpuMs * 1000);
            Set(iaCpu, net, iaCpuMs * 1000);
            Set(hourCpu, net, (LooksAlivePerHour * laCpuMs) + (IsAlivePerHour * iaCpuMs));
            Set(hourServer, net, (LooksAlivePerHour * (la.WineServerCpuMs ?? double.NaN) / o.Calls) + (IsAlivePerHour * (ia.WineServerCpuMs ?? double.NaN) / o.Calls));
        }

        polls.AddRange(new[] { laMedian, laP99, iaMedian, iaP99 });
        polls.AddRange(counts.Values);
        polls.AddRange(new[] { laCpu, iaCpu, hourCpu, hourServer, laNoGuest, iaNoGuest, iaAllSet });
        pollNotes.Add($"{o.Calls} calls of each after Open, Online (a restore) and 100 warm-up calls of each; one host process per script, the fake");
        pollNotes.Add("  Virtual Server in that process. Counts per call: by the fake (member calls, activations) and from Wine's trace+service lines.");
        pollNotes.Add("CPU: Process.TotalProcessorTime of the host process (every thread, user + kernel) read inside it before and after the repeats;");
        pollNotes.Add("  it includes the in-process fake's own work for both scripts. Under Wine the wineserver does much of what Windows' kernel");
        pollNotes.Add("  does (waits, events): its CPU for the same calls is shown on the next line (not in the ratio). Both read in 10 ms ticks.");
        pollNotes.Add("Profile: a second resource in the same host process, never brought online, VirtualMachineName blank: Havm.Net's LooksAlive");
        pollNotes.Add("  then crosses the COM boundary, reads the Resource object and returns False without handing anything to a worker;");
        pollNotes.Add("  LooksAlive's median minus this one is the worker hand-off and the one Virtual Server call (Havm.vbs: a script call only).");
        pollNotes.Add("  Then that resource's IsAlive with every property it reads set (LastOnlineNode, and the two heartbeat properties no one");
        pollNotes.Add("  sets, AdditionsIsAliveHeartbeatThreshold and HeartbeatMissesBeforeFailure): its property reads, no Virtual Server call.");
        pollNotes.Add("  Last, the first resource's IsAlive once those two are set: IsAlive's median minus this one is what reading two missing");
        pollNotes.Add("  properties costs (the bed's Resource class raises DISP_E_UNKNOWNNAME from VBScript for each), and this one minus the");
        pollNotes.Add("  blank-name IsAlive is IsAlive's two hand-offs with their Virtual Server calls. Havm.vbs reads none of these properties.");
        sections.Add(("Polls: per call, and CPU at the host's cadence", polls, pollNotes));

        // ---- memory ---------------------------------------------------------------------------------------------
        var memRows = new List<Row>();
        var memNotes = new List<string>();
        var memBase = new Row { Name = "host process before the script is loaded", Unit = "MB", Format = "F1", Delta = true };
        var memOne = new Row { Name = "after Open, Online, 100 polls: 1 resource", Unit = "MB", Format = "F1", Delta = true };
        var memMany = new Row { Name = $"after Open, Online, 100 polls each: {ManyResources} resources", Unit = "MB", Format = "F1", Delta = true };
        var memPer = new Row { Name = "each resource beyond the first", Unit = "MB", Format = "F2", Delta = true };
        foreach (var s in scripts)
        {
            bool net = s.Name == "Havm.Net";
            var one = new Steps();
            one.Service("start").Memory("base");
            BroughtOnline(one, 1)
                .Repeat("LooksAlive", PollLooksAlive, "LooksAlive").Repeat("IsAlive", PollIsAlive, "IsAlive").Memory("memory");
            var run = RunPlan(host, s, one, "memory-1", 300, o);
            string? failure = Failure(run, "Online", "memory") ?? NotOnline(run, "Online");
            if (failure is null)
            {
                Set(memBase, net, Mb(run.Step("base")?.AnonBytes));
                Set(memOne, net, Mb(run.Step("memory")?.AnonBytes));
            }
            else
            {
                memNotes.Add($"{s.Name}: the 1-resource run failed: {failure}");
            }

            var many = new Steps();
            BroughtOnline(many.Service("start"), ManyResources);
            for (int i = 0; i < ManyResources; i++)
            {
                many.On(i).Repeat("LooksAlive", PollLooksAlive, $"LooksAlive {i + 1}").Repeat("IsAlive", PollIsAlive, $"IsAlive {i + 1}");
            }

            many.Memory("memory");
            var runMany = RunPlan(host, s, many, "memory-20", 600, o, ManyResources);
            failure = Failure(runMany, "memory");
            // Havm.vbs's Open returns nothing (Empty: success for the host)
            var bad = runMany.Result.Steps.FirstOrDefault(x => x.Op is "call" or "repeat" && (x.Error is not null || x.Value is not ("0" or "True" or "Empty")));
            if (failure is null && bad is null)
            {
                Set(memMany, net, Mb(runMany.Step("memory")?.AnonBytes));
                Set(memPer, net, (Get(memMany, net) - Get(memOne, net)) / (ManyResources - 1));
            }
            else
            {
                memNotes.Add($"{s.Name}: the {ManyResources}-resource run failed: {failure ?? $"{bad!.Label} answered {bad.Value} {bad.Error}"}");
            }
        }

        memRows.AddRange(new[] { memBase, memOne, memMany, memPer });
        memNotes.Add("Private memory of the host process after a full garbage collection: RssAnon + VmSwap of its Unix process (under Wine the");
        memNotes.Add("  Windows counters of private bytes read 0), read by the runner when the host asks. The guests are restored by Online.");
        memNotes.Add("The test bed's host is itself a .NET program: the CLR and the fake Virtual Server are loaded in both columns, so Havm.Net's");
        memNotes.Add("  cost is the difference between the two columns (Havm.Net minus Havm.vbs), not Havm.Net's column. The CLR's own start,");
        memNotes.Add("  which a native cluster host pays for Havm.Net alone, shows in the native host's rows below.");
        memNotes.Add($"{ManyResources} resources: one host process with {ManyResources} Resource objects and script engines (what SeparateMonitor=0 gives), a guest each.");
        sections.Add(("Memory of the host process", memRows, memNotes));

        // ---- first calls in a fresh process ---------------------------------------------------------------------
        var firstRows = new List<Row>();
        var firstNotes = new List<string>();
        var firstOpen = new Row { Name = "first Open in a fresh host process", Unit = "ms", Format = "F1", Delta = true };
        var firstOnline = new Row { Name = "first Online in a fresh host process", Unit = "ms", Format = "F1", Delta = true };
        foreach (var s in scripts)
        {
            bool net = s.Name == "Havm.Net";
            var opens = new List<double>();
            var onlines = new List<double>();
            for (int i = 0; i < o.FirstRuns; i++)
            {
                var steps = new Steps();
                BroughtOnline(steps.Service("start"), 1);
                var run = RunPlan(host, s, steps, "first", 120, o);
                string? failure = Failure(run, "Open", "Online") ?? NotOnline(run, "Online");
                if (failure is not null)
                {
                    firstNotes.Add($"{s.Name}: fresh process {i + 1}: {failure}");
                    continue;
                }

                opens.Add(run.Step("Open")!.Ms);
                onlines.Add(run.Step("Online")!.Ms);
            }

            Set(firstOpen, net, Median(opens));
            Set(firstOnline, net, Median(onlines));
        }

        firstRows.AddRange(new[] { firstOpen, firstOnline });
        firstNotes.Add($"Median of {o.FirstRuns} fresh host processes per script; the guest is found Saved and the fake's restore takes {RestoreMs} ms (included).");
        firstNotes.Add("The bed's host has the CLR running already (it is .NET, and the in-process fake is too): Havm.Net's assembly load and JIT");
        firstNotes.Add("  are paid here, the CLR's start is not; the native host below pays it.");
        sections.Add(("First calls in a fresh host process", firstRows, firstNotes));

        // ---- failover overhead ----------------------------------------------------------------------------------
        var failRows = new List<Row>();
        var failNotes = new List<string>();
        var offRunning = new Row { Name = "Offline, guest Running (save)", Unit = "ms", Format = "F0", Delta = true };
        var onSaved = new Row { Name = "Online, guest Saved (restore)", Unit = "ms", Format = "F0", Delta = true };
        var offSaving = new Row { Name = "Offline, guest found Saving (state wait)", Unit = "ms", Format = "F0", Delta = true };
        var onSaving = new Row { Name = "Online, guest found Saving (wait, restore)", Unit = "ms", Format = "F0", Delta = true };
        const int StateWaitMs = 1500;
        foreach (var s in scripts)
        {
            bool net = s.Name == "Havm.Net";
            var a = new Steps();
            BroughtOnline(a.Service("start"), 1).Label("Online first").Repeat("IsAlive", 5, "IsAlive")
                .Fake("SetTaskPlan", "Save", $"ms:{o.TaskMs}", 0, 0, false, -1, 1)
                .Call("Offline", "Offline").State("vm1", "after Offline").Call("Close", "Close").Unload()
                .Fake("SetTaskPlan", "Startup", $"ms:{o.TaskMs}", 0, 0, false, -1, 1)
                .Load().Call("Open", "Open 2").Call("Online", "Online").State("vm1", "after Online");
            var run = RunPlan(host, s, a, "failover-running", 180, o);
            Overhead(run, "Offline", o.TaskMs, offRunning, net, s.Name, failNotes);
            Overhead(run, "Online", o.TaskMs, onSaved, net, s.Name, failNotes);

            var b = new Steps();
            b.Service("start").Guest("vm1", GuestStateSaving).Prop("VirtualMachineName", "vm1")
                .Load().Call("Open", "Open")
                .Fake("ScheduleState", "vm1", GuestStateSaved, StateWaitMs).Label("schedule 1")
                .Call("Offline", "Offline").State("vm1", "after Offline").Call("Close", "Close").Unload()
                .Fake("SetState", "vm1", GuestStateSaving)
                .Fake("SetTaskPlan", "Startup", $"ms:{o.TaskMs}", 0, 0, false, -1, 1)
                .Load().Call("Open", "Open 2")
                .Fake("ScheduleState", "vm1", GuestStateSaved, StateWaitMs).Label("schedule 2")
                .Call("Online", "Online").State("vm1", "after Online");
            run = RunPlan(host, s, b, "failover-saving", 180, o);
            Overhead(run, "Offline", Remaining(run, "schedule 1", "Offline", StateWaitMs), offSaving, net, s.Name, failNotes);
            Overhead(run, "Online", Remaining(run, "schedule 2", "Online", StateWaitMs) + o.TaskMs, onSaving, net, s.Name, failNotes);
        }

        failRows.AddRange(new[] { offRunning, onSaved, offSaving, onSaving });
        failNotes.Add($"Each entry point's time minus the fake's own: its save and restore tasks take {o.TaskMs} ms (SetTaskPlan \"ms:{o.TaskMs}\"); a guest");
        failNotes.Add($"  found Saving turns Saved {StateWaitMs} ms after the step that schedules it (the time already gone when the call starts is");
        failNotes.Add("  subtracted). Warm host process: the script was loaded and opened first. Smaller is better; a negative time means");
        failNotes.Add("  the call returned before Virtual Server's own work ended (it did not wait).");
        sections.Add(("Failover overhead: time beyond Virtual Server's own", failRows, failNotes));

        // ---- native host ----------------------------------------------------------------------------------------
        var native = NativeHost.Run(scripts.Select(s => (s.Name, s.Path, s.Patch)).ToList(), work, o);
        sections.Add(native);

        // ---- print ----------------------------------------------------------------------------------------------
        Console.WriteLine();
        foreach (var (title, rows, notes) in sections)
        {
            Print(title, rows, notes);
        }

        double nativeOnlineDelta = native.Rows.FirstOrDefault(r => r.Name.StartsWith("first Online", StringComparison.Ordinal)) is { } n ? n.Net - n.Vbs : double.NaN;
        double overhead = new[] { offRunning.Net, onSaved.Net, offSaving.Net, onSaving.Net }.Where(x => !double.IsNaN(x)).DefaultIfEmpty(double.NaN).Max();
        bool useNative = !double.IsNaN(nativeOnlineDelta);
        double firstDelta = useNative ? nativeOnlineDelta : firstOnline.Net - firstOnline.Vbs;
        Console.WriteLine($"Summary (the whole bench took {o.SecondsBefore + clock.Elapsed.TotalSeconds:F0} s): IsAlive and LooksAlive ratios are Havm.vbs's IsAlive median over Havm.Net's median; CPU per guest-hour");
        Console.WriteLine("  is the host process's; memory is Havm.Net's host minus Havm.vbs's with 1 resource (the bed's .NET host); first Online is");
        Console.WriteLine($"  Havm.Net's minus Havm.vbs's in {(useNative ? "the native host (cscript: the CLR's start included)" : "the bed's host (the native host did not run)")}; failover overhead is the largest of Havm.Net's four.");
        Console.WriteLine(string.Create(Inv,
            $"bench: IsAlive ratio {Ratio(iaMedian.Vbs, iaMedian.Net)}, LooksAlive ratio {Ratio(iaMedian.Vbs, laMedian.Net)} (against Havm.vbs's IsAlive), CPU per guest-hour ratio {Ratio(hourCpu.Vbs, hourCpu.Net)}, memory {Signed(memOne.Net - memOne.Vbs, "F1")} MB, first Online {Signed(firstDelta, "F0")} ms, failover overhead {(double.IsNaN(overhead) ? "n/a" : overhead.ToString("F0", Inv))} ms"));
        return 0;
    }

    /// <summary>
    /// The fake's restore time where a figure does not subtract it: not "at once", since Havm.vbs's Online reads a guest
    /// already Running after Startup as "it was running before" and returns 1 (its Select Case on err.number).
    /// </summary>
    private const int RestoreMs = 100;

    /// <summary>Saved guests vm1..vmN (N = the plan's resources), each resource's script loaded, opened and brought online.</summary>
    /// <summary>The two heartbeat properties no one sets, set to their defaults on the current resource (none of IsAlive's reads is then missing).</summary>
    private static Steps AllPropertiesSet(Steps steps) =>
        steps.Prop("AdditionsIsAliveHeartbeatThreshold", 0).Prop("HeartbeatMissesBeforeFailure", 2);

    private static Steps BroughtOnline(Steps steps, int resources)
    {
        steps.Fake("SetTaskPlan", "Startup", $"ms:{RestoreMs}", 0, 0, false, -1, 0);
        for (int i = 0; i < resources; i++)
        {
            string n = (i + 1).ToString(Inv);
            string suffix = resources == 1 ? "" : " " + n;
            steps.Guest("vm" + n, GuestStateSaved).On(i).Prop("VirtualMachineName", "vm" + n)
                .Load().Call("Open", "Open" + suffix).Call("Online", "Online" + suffix);
        }

        return steps.On(0);
    }

    /// <summary>Why an Online step did not bring the guest online (it did not return 0), or null.</summary>
    private static string? NotOnline(HostRun run, string label) =>
        run.Step(label)?.Value == "0" ? null : $"{label} returned {run.Step(label)?.Value ?? "nothing"}";

    private static HostRun RunPlan(WineHost host, Script s, Steps steps, string name, int timeoutSeconds, Options o, int resources = 1)
    {
        var plan = new Plan
        {
            Script = WineHost.WinPath(s.Path), PatchErrNumberCompare = s.Patch, Steps = steps.List, ResourceCount = resources,
            WineServerPid = o.WineServerPid,
        };
        var run = host.Run(plan, $"bench-{name}-{s.Name}", timeoutSeconds);
        Console.WriteLine(string.Create(Inv, $"  ran {name,-17} {s.Name,-9} {run.Seconds,5:F1} s{(run.Result.Completed ? "" : "  (did not complete: " + run.Result.Failure + ")")}"));
        return run;
    }

    /// <summary>Why the run cannot be used (a failure, a missing step, a step error), or null.</summary>
    private static string? Failure(HostRun run, params string[] labels)
    {
        if (!run.Result.Completed)
        {
            return run.Result.Failure ?? "did not complete";
        }

        foreach (var label in labels)
        {
            var step = run.Step(label);
            if (step is null)
            {
                return $"no step {label}";
            }

            if (step.Error is not null)
            {
                return $"{label}: {step.Error}";
            }
        }

        return null;
    }

    /// <summary>The time a guest found Saving still had to save when the call began: the scheduled wait minus the time since.</summary>
    private static double Remaining(HostRun run, string schedule, string call, int waitMs)
    {
        var s = run.Step(schedule);
        var c = run.Step(call);
        return s is null || c is null ? double.NaN : Math.Max(0, waitMs - (c.StartMs - (s.StartMs + s.Ms)));
    }

    /// <summary>
    /// The call's time minus the fake's own; a call that did not return 0, or left the guest other than Offline's Saved or
    /// Online's Running, is noted beside its figure (then a short time means it did not wait, not that it is fast).
    /// </summary>
    private static void Overhead(HostRun run, string label, double ownMs, Row row, bool net, string script, List<string> notes)
    {
        string? failure = Failure(run, label);
        if (failure is not null)
        {
            notes.Add($"{script}: {row.Name}: {failure}");
            return;
        }

        var step = run.Step(label)!;
        Set(row, net, step.Ms - ownMs);
        string expectedState = label == "Offline" ? "2" : "5";
        string? state = run.Step("after " + label)?.Value;
        var wrong = new List<string>();
        if (step.Value != "0")
        {
            wrong.Add($"returned {step.Value}");
        }

        if (state != expectedState)
        {
            wrong.Add($"left vm1 in state {state ?? "?"}");
        }

        if (wrong.Count > 0)
        {
            if (net)
            {
                row.NetNote = "*";
            }
            else
            {
                row.VbsNote = "*";
            }

            notes.Add($"* {script}: {row.Name}: {string.Join(", ", wrong)} (Offline should leave it Saved, 2; Online Running, 5)");
        }
    }

    private static void Print(string title, List<Row> rows, List<string> notes)
    {
        Console.WriteLine($"== {title}");
        const int W = 62;
        Console.WriteLine($"{"figure",-W} {"Havm.vbs",16} {"Havm.Net",16} {"ratio",8} {"Net - vbs",12}");
        Console.WriteLine(new string('-', W + 16 + 16 + 8 + 12 + 4));
        foreach (var r in rows)
        {
            string name = r.Unit.Length > 0 ? $"{r.Name} ({r.Unit})" : r.Name;
            string delta = r.Delta && !double.IsNaN(r.Vbs) && !double.IsNaN(r.Net) ? Signed(r.Net - r.Vbs, r.Format) : "";
            Console.WriteLine($"{name,-W} {Cell(r.Vbs, r.Format, r.VbsNote),16} {Cell(r.Net, r.Format, r.NetNote),16} {Ratio(r.Vbs, r.Net),8} {delta,12}");
        }

        foreach (var n in notes)
        {
            Console.WriteLine("  " + n);
        }

        Console.WriteLine();
    }

    private static string Cell(double v, string format, string note) =>
        (double.IsNaN(v) ? "n/a" : v.ToString(format, Inv)) + (note.Length > 0 ? " " + note : "");

    /// <summary>Havm.vbs's figure over Havm.Net's, as text ("-" when it means nothing).</summary>
    internal static string Ratio(double vbs, double net)
    {
        if (double.IsNaN(vbs) || double.IsNaN(net))
        {
            return "n/a";
        }

        if (net <= 0)
        {
            return vbs <= 0 ? "-" : "inf";
        }

        return vbs < 0 ? "-" : (vbs / net).ToString(vbs / net >= 100 ? "F0" : "F2", Inv);
    }

    internal static string Signed(double v, string format) =>
        double.IsNaN(v) ? "n/a" : (v >= 0 ? "+" : "") + v.ToString(format, Inv);

    private static void Set(Row row, bool net, double? value)
    {
        double v = value ?? double.NaN;
        if (net)
        {
            row.Net = v;
        }
        else
        {
            row.Vbs = v;
        }
    }

    private static double Get(Row row, bool net) => net ? row.Net : row.Vbs;

    private static double PerCall(long? count, int calls) => count is { } c && calls > 0 ? (double)c / calls : double.NaN;

    internal static double Mb(long? bytes) => bytes is { } b ? b / (1024.0 * 1024.0) : double.NaN;

    internal static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
