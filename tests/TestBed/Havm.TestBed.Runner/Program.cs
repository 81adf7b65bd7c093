using System.Diagnostics;
using System.Globalization;

namespace Havm.TestBed.Runner;

/// <summary>
/// Havm.TestBed.Runner COMMAND [--option value ...], run on Linux by the eng/*.sh scripts:
///   scenarios  --host EXE --wrapper VBS --havm VBS --work DIR [--counts FILE] [--only NAME,...]
///              [--comhost DLL --fake-comhost DLL]   (needed for the "not registered" scenarios)
///              [--vs-exe EXE]   (the fake's own process, HAVM_TESTBED_VS=process: registered and unregistered with them)
///   demo       --host EXE --wrapper VBS --work DIR
///   bench      --host EXE --wrapper VBS --havm VBS --work DIR [--calls N] [--task-ms MS] [--first-runs N]
///              [--wineserver-pid PID] [--vs-exe EXE]   (the fake's own process: the native host's rows)
///              [--seconds-before S]   (time the calling script spent before, for the total it prints)
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: Havm.TestBed.Runner scenarios|demo|bench --host EXE --wrapper VBS [--havm VBS] --work DIR ...");
            return 2;
        }

        var o = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 1; i + 1 < args.Length; i += 2)
        {
            o[args[i].TrimStart('-')] = args[i + 1];
        }

        string Need(string key) => o.TryGetValue(key, out var v) ? v : throw new ArgumentException("missing --" + key);
        var host = new WineHost(WineHost.WinPath(Need("host")), Need("work"));
        return args[0] switch
        {
            "scenarios" => RunScenarios(host, o, Need("wrapper"), Need("havm")),
            "demo" => Demo.Run(host, Need("wrapper"), Need("work")),
            "bench" => Bench.Run(host, Need("wrapper"), Need("havm"), Need("work"), new Bench.Options(
                Calls: Number(o, "calls", 2000), TaskMs: Number(o, "task-ms", 2000), FirstRuns: Number(o, "first-runs", 5),
                WineServerPid: Number(o, "wineserver-pid", 0), VsExe: o.GetValueOrDefault("vs-exe"), SecondsBefore: Number(o, "seconds-before", 0))),
            _ => throw new ArgumentException("unknown command " + args[0]),
        };
    }

    private static int Number(Dictionary<string, string> o, string key, int fallback) =>
        o.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    private static int RunScenarios(WineHost host, Dictionary<string, string> o, string wrapper, string havm)
    {
        var started = Stopwatch.StartNew();
        o.TryGetValue("comhost", out var comhost);
        o.TryGetValue("fake-comhost", out var fakeComhost);
        Func<string, Action>? unregister = null, register = null;
        if (comhost is not null && fakeComhost is not null)
        {
            string Dll(string which) => which == "fake" ? fakeComhost : comhost;
            // With the fake in its own process, its local server registration goes (first) and comes back (last) too.
            o.TryGetValue("vs-exe", out var vsExe);
            unregister = which => () =>
            {
                if (which == "fake" && WineHost.VirtualServerProcess && vsExe is not null)
                {
                    Wine(vsExe, "/unregserver");
                }

                RegSvr(Dll(which), unregister: true);
            };
            register = which => () =>
            {
                RegSvr(Dll(which), unregister: false);
                if (which == "fake" && WineHost.VirtualServerProcess && vsExe is not null)
                {
                    Wine(vsExe, "/regserver");
                }
            };
        }

        // After a kill of the fake's process its class registration lingers until the wineserver restarts (NOTES.md 12c).
        Action? restartWine = WineHost.VirtualServerProcess ? RestartWineServer : null;
        var scenarios = Scenarios.All(unregister, register, restartWine);
        if (o.TryGetValue("only", out var only))
        {
            var names = only.Split(',', StringSplitOptions.RemoveEmptyEntries);
            scenarios = scenarios.Where(s => names.Any(n => s.Name.Contains(n, StringComparison.OrdinalIgnoreCase))).ToList();
        }
        else
        {
            scenarios = scenarios.Where(s => !s.Long).ToList();
        }

        bool haveWrapper = File.Exists(wrapper);
        Console.WriteLine($"Havm.Net: {wrapper}{(haveWrapper ? "" : "  (NOT FOUND: every Havm.Net check fails)")}");
        Console.WriteLine($"Havm.vbs: {havm} (read at run time; patched in memory as NOTES.md item 7 says: its five");
        Console.WriteLine("          err.number = \"...\" comparisons read CStr(err.number) = \"...\", as Windows VBScript compares them)");
        Console.WriteLine();

        int passed = 0, failed = 0;
        var rows = new List<string[]>();
        var looksAliveMax = new List<(string Scenario, double Ms)>();
        int n = 0;
        foreach (var sc in scenarios)
        {
            n++;
            Console.WriteLine($"=== [{n}/{scenarios.Count}] {sc.Name}");
            sc.Before?.Invoke();
            HostRun? net = null, old = null;
            try
            {
                if (haveWrapper)
                {
                    net = host.Run(new Plan { Script = WineHost.WinPath(wrapper), Steps = sc.Steps.List }, sc.Name + "-net", sc.TimeoutSeconds);
                }

                if (!sc.HavmNotRun)
                {
                    old = host.Run(new Plan { Script = WineHost.WinPath(havm), PatchErrNumberCompare = true, Steps = sc.Steps.List }, sc.Name + "-vbs", sc.TimeoutSeconds);
                }
            }
            finally
            {
                sc.After?.Invoke();
            }

            var checks = new List<Check>
            {
                new("the run completes (no hang, no host failure)", r => (r.Result.Completed && !r.Killed, r.Result.Failure ?? $"exit {r.ExitCode}")),
                new("every test bed step ran (fake, properties, service)", r =>
                {
                    var bad = r.Result.Steps.FirstOrDefault(s => s.Op is "fake" or "prop" or "propRemove" or "service" && s.Error is not null);
                    return (bad is null, bad is null ? "none" : $"step {bad.Index} {bad.Op}: {bad.Error}");
                }),
                new("no script error in the wrapper", r =>
                {
                    var bad = r.Result.Steps.FirstOrDefault(s => s.Op is "load" or "call" or "repeat" && s.Error is not null);
                    return (bad is null, bad is null ? "none" : $"{bad.Fn ?? bad.Op}: {bad.Error}");
                }),
            };
            checks.AddRange(sc.Checks);
            foreach (var c in checks)
            {
                bool ok;
                string seen;
                if (net is null)
                {
                    (ok, seen) = (false, "havm-wrapper.vbs not found");
                }
                else
                {
                    (ok, seen) = c.Verdict(net);
                }

                if (ok)
                {
                    passed++;
                }
                else
                {
                    failed++;
                }

                Console.WriteLine($"  {(ok ? "PASS" : "FAIL")} {sc.Name}: {c.Name}{(ok ? "" : "  -- seen: " + Is.Cut(seen))}");
            }

            if (net is not null)
            {
                foreach (var s in net.Result.Steps.Where(s => s.Fn == "LooksAlive" && s.Error is null))
                {
                    looksAliveMax.Add((sc.Name, s.Op == "repeat" ? s.MaxMs : s.Ms));
                }
            }

            string netText = net is null ? "(not run)" : Summary(net, sc.Steps.Shown);
            string oldText = sc.HavmNotApplicable ? "n/a (runs normally)" : sc.HavmNotRun ? "not run (blocks with Virtual Server)" : old is null ? "(not run)" : Summary(old, sc.Steps.Shown);
            // A Win32 entry point that returns nothing counts as success (0) for the host: Empty and 0 are the same answer.
            string Norm(string t) => t.Replace("=Empty", "=0", StringComparison.Ordinal);
            string why = sc.HavmNotApplicable || sc.HavmNotRun ? sc.Change
                : netText == oldText ? "same"
                : Norm(netText) == Norm(oldText) ? "same (Havm.vbs's Empty counts as 0)"
                : sc.Change.Length > 0 ? sc.Change : "(difference not explained by section 6)";
            Console.WriteLine($"  Havm.Net ({net?.Seconds ?? 0:F1} s): {netText}");
            if (net is not null)
            {
                Console.WriteLine("  Havm.Net per call (Virtual Server member calls/activations/SCM queries): " + CountsText(net));
            }

            Console.WriteLine($"  Havm.vbs ({old?.Seconds ?? 0:F1} s): {oldText}");
            if (net is not null && checks.Any(c => !c.Verdict(net).Ok))
            {
                Console.WriteLine("  Havm.Net cluster log:");
                foreach (var s in net.Result.Steps.Where(s => s.Log.Count > 0))
                {
                    foreach (var line in s.Log)
                    {
                        Console.WriteLine($"    [{s.Fn ?? s.Op}] {line}");
                    }
                }

                if (net.Result.Notes.Length > 0)
                {
                    Console.WriteLine("  host notes: " + net.Result.Notes.Trim());
                }
            }

            rows.Add(new[] { sc.Name, oldText, netText, why });
        }

        Console.WriteLine();
        Console.WriteLine("Side by side (Havm.vbs recorded, not asserted; Havm.Net checked above):");
        Table.Print(new[] { "scenario", "Havm.vbs result", "Havm.Net result", "behaviour.md section 6 change explaining a difference" }, rows, new[] { 34, 44, 44, 50 });
        Console.WriteLine();
        if (looksAliveMax.Count > 0)
        {
            var worst = looksAliveMax.MaxBy(x => x.Ms);
            var hung = looksAliveMax.Where(x => x.Scenario == "vs-hung").Select(x => x.Ms).DefaultIfEmpty(double.NaN).Max();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"LooksAlive through the real wrapper under Wine: slowest call {worst.Ms:F1} ms ({worst.Scenario}); with a hung Virtual Server {hung:F1} ms (contract: 250 ms)"));
        }

        Console.WriteLine($"testbed: {passed} passed, {failed} failed, {scenarios.Count} scenarios in {started.Elapsed.TotalSeconds:F0} s");
        if (o.TryGetValue("counts", out var counts))
        {
            File.WriteAllText(counts, $"{passed} {failed}\n");
        }

        return failed == 0 ? 0 : 1;
    }

    /// <summary>"Open 0/0/1 Online 21/1/0 ..." for the run's call steps ("?" where a count is missing).</summary>
    private static string CountsText(HostRun run)
    {
        static string N(long? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "?";
        var parts = run.Result.Steps.Where(s => s.Op is "call" or "repeat")
            .Select(s => $"{s.Label ?? s.Fn} {N(s.VsCalls)}/{N(s.VsActivations)}/{N(s.ScmQueries)}");
        return string.Join(", ", parts);
    }

    /// <summary>The labelled results of a run, e.g. "Online=0 IsAlive=True vm1=2".</summary>
    private static string Summary(HostRun run, List<string> shown)
    {
        if (run.Killed)
        {
            return "HUNG (killed)";
        }

        var parts = shown.Select(label =>
        {
            var s = run.Step(label);
            string v = s is null ? "-" : s.Value == "ERROR" || (s.Error is not null && s.Op != "fake") ? "ERR" : s.Value ?? "-";
            return $"{label}={v}";
        });
        string text = string.Join(" ", parts);
        return run.Result.Failure is null ? text : text + " [" + Is.Cut(run.Result.Failure) + "]";
    }

    /// <summary>Restarts the persistent wineserver (as eng/test-testbed.sh starts it) and the session's services.</summary>
    private static void RestartWineServer()
    {
        static void Run(string file, params string[] args)
        {
            // no pipes of ours: the services this starts would keep them open
            var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardInput = true };
            foreach (var a in args)
            {
                psi.ArgumentList.Add(a);
            }

            psi.Environment["WINEDEBUG"] = "-all";
            using var p = Process.Start(psi)!;
            p.StandardInput.Close();
            if (!p.WaitForExit(60000))
            {
                p.Kill(true);
            }
        }

        Run("wineserver", "-k");
        Thread.Sleep(1000);
        Run("wineserver", "-p");
        Run("wine", "cmd", "/c", "exit");
        Console.WriteLine("  (wineserver restarted: the killed server's class registration is gone)");
    }

    private static void Wine(string exe, string argument) =>
        Console.WriteLine($"  ({Path.GetFileName(exe)} {argument}: exit {WineHost.RunQuietly(WineHost.WinPath(exe), argument)})");

    private static void RegSvr(string dll, bool unregister)
    {
        string prefix = Environment.GetEnvironmentVariable("WINEPREFIX") ?? "";
        string stamps = Path.Combine(prefix, ".havm-registered");
        if (unregister && File.Exists(stamps))
        {
            File.Delete(stamps); // a run that dies before registering again leaves setup-wine.sh to register everything
        }

        var code = unregister
            ? WineHost.RunQuietly("regsvr32", "/s", "/u", WineHost.WinPath(dll))
            : WineHost.RunQuietly("regsvr32", "/s", WineHost.WinPath(dll));
        Console.WriteLine($"  ({(unregister ? "unregistered" : "registered again")} {Path.GetFileName(dll)}: regsvr32 exit {code})");
    }
}

/// <summary>A plain-text table whose long cells wrap within their column.</summary>
internal static class Table
{
    public static void Print(string[] header, List<string[]> rows, int[] widths)
    {
        void Row(string[] cells)
        {
            var wrapped = cells.Select((c, i) => Wrap(c, widths[i])).ToList();
            int lines = wrapped.Max(w => w.Count);
            for (int l = 0; l < lines; l++)
            {
                Console.WriteLine(string.Join(" | ", wrapped.Select((w, i) => (l < w.Count ? w[l] : "").PadRight(widths[i]))).TrimEnd());
            }
        }

        Row(header);
        Console.WriteLine(string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (var r in rows)
        {
            Row(r);
        }
    }

    private static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in text.Split(' '))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line);
                line = "";
            }

            line = line.Length == 0 ? word : line + " " + word;
            while (line.Length > width)
            {
                lines.Add(line[..width]);
                line = line[width..];
            }
        }

        lines.Add(line);
        return lines;
    }
}
