using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Havm.TestBed.Host;

/// <summary>
/// Havm.TestBed.Host PLAN.json RESULT.json — run under Wine. Plays the cluster's Generic Script host for one
/// resource: a VBScript engine per script load with the global Resource object, entry points called by name,
/// every step bounded by its timeout. A step that does not return in time ends the process (exit 124) after
/// the results so far are written. Exit 0 when every step ran (whatever the steps returned).
/// </summary>
internal static partial class Program
{
    private static readonly Stopwatch Clock = Stopwatch.StartNew();
    private static readonly BlockingCollection<Action> Work = new();
    private static RunResult _result = new();
    private static string _resultPath = "";
    private static Plan _plan = new();
    private static readonly List<ClusterResource> Resources = new();
    private static ScriptEngine?[] _scripts = Array.Empty<ScriptEngine?>();
    private static FakeControl? _fake;
    private static string _scriptText = "";
    private static bool _killed;

    private static int Main(string[] args)
    {
        if (args.Length != 2)
        {
            Console.Error.WriteLine("usage: Havm.TestBed.Host PLAN.json RESULT.json");
            return 2;
        }

        _resultPath = args[1];
        _plan = JsonSerializer.Deserialize<Plan>(File.ReadAllText(args[0]), PlanJson.Options) ?? new Plan();
        _result.ComputerName = Environment.MachineName;

        var engineThread = new Thread(() =>
        {
            foreach (var action in Work.GetConsumingEnumerable())
            {
                action();
            }
        })
        { IsBackground = true, Name = "script host (STA)" };
        engineThread.SetApartmentState(ApartmentState.STA);
        engineThread.Start();

        if (!RunOnEngine(Setup, 60000, out string? setupError))
        {
            return Finish(124, "setup did not finish in 60 s");
        }

        if (setupError is not null)
        {
            return Finish(3, "setup failed: " + setupError);
        }

        for (int i = 0; i < _plan.Steps.Count; i++)
        {
            var step = _plan.Steps[i];
            var r = new StepResult { Index = i, Op = step.Op, Fn = step.Fn, Label = step.Label };
            _result.Steps.Add(r);
            int timeout = step.TimeoutMs > 0 ? step.TimeoutMs : _plan.DefaultTimeoutMs;
            if (step.Op == "sleep")
            {
                timeout += step.Count;
            }

            var sw = Stopwatch.StartNew();
            bool done = RunOnEngine(() => Execute(step, r), timeout, out string? crash);

            if (!done)
            {
                r.Ms = sw.Elapsed.TotalMilliseconds;
                r.Error = $"TIMEOUT: no answer after {timeout} ms";
                Print(step, r);
                return Finish(124, $"step {i} ({Describe(step)}) did not return within {timeout} ms");
            }

            if (crash is not null)
            {
                r.Error = (r.Error is null ? "" : r.Error + " | ") + "host error: " + crash;
            }

            Print(step, r);
        }

        if (!RunOnEngine(Teardown, 30000, out string? teardownError))
        {
            return Finish(124, "teardown did not finish in 30 s");
        }

        _result.Completed = teardownError is null;
        return Finish(0, teardownError);
    }

    /// <summary>Runs an action on the script thread; false when it did not finish in time.</summary>
    private static bool RunOnEngine(Action action, int timeoutMs, out string? error)
    {
        using var done = new ManualResetEventSlim();
        string? failure = null;
        Work.Add(() =>
        {
            try
            {
                action();
            }
#pragma warning disable CA1031 // the host reports any failure of a step as that step's error
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = e.GetType().Name + ": " + e.Message;
            }
            finally
            {
                done.Set();
            }
        });
        bool finished = done.Wait(timeoutMs);
        error = failure;
        return finished;
    }

    private static void Setup()
    {
        var callbacks = new HostCallbacks(Clock);
        if (_plan.Verbose)
        {
            callbacks.OnLog = line => Console.WriteLine($"{"",14}| cluster log: {line}");
        }

        // One Resource object and (once loaded) one script engine per resource: the host process of SeparateMonitor=0.
        int resources = Math.Max(1, _plan.ResourceCount);
        for (int i = 0; i < resources; i++)
        {
            string name = i == 0 ? _plan.ResourceName : string.Create(CultureInfo.InvariantCulture, $"{_plan.ResourceName} ({i + 1})");
            Resources.Add(ClusterResource.Create(name, callbacks));
        }

        _scripts = new ScriptEngine?[resources];
        if (_plan.ResourceStateFile.Length > 0)
        {
            Resources[0].LoadFrom(_plan.ResourceStateFile);
        }

        if (_plan.VirtualServerProcess)
        {
            // The fake lives in its own process and keeps its state between runs: start afresh (Reset below).
            UnreachableVirtualServer.Restore();
        }

        _fake = FakeControl.TryCreate(out string? fakeError);
        if (_fake is null)
        {
            _result.Notes += fakeError + "\n";
        }
        else
        {
            _fake.RestoreRegistration(); // a run that died while Virtual Server was "unreachable" left it so
            if (_plan.VirtualServerProcess)
            {
                _fake.Do("Reset", new List<JsonElement>());
            }

            if (_plan.FakeStateFile.Length > 0)
            {
                _fake.LoadState(_plan.FakeStateFile);
            }
        }

        _scriptText = File.ReadAllText(_plan.Script);
        if (_plan.PatchErrNumberCompare)
        {
            int count = ErrNumberCompare().Matches(_scriptText).Count;
            _scriptText = ErrNumberCompare().Replace(_scriptText, "CStr(err.number) = ");
            _result.Notes += $"Havm.vbs patched in memory (NOTES.md item 7): {count} comparisons err.number = \"...\" read CStr(err.number) = \"...\", so that they behave as on Windows.\n";
        }
    }

    [GeneratedRegex("""\berr\.number\s*=\s*(?=")""", RegexOptions.IgnoreCase)]
    private static partial Regex ErrNumberCompare();

    private static void Teardown()
    {
        if (_plan.VirtualServerProcess)
        {
            // a step may have restarted the fake's process: reach the one running now (or start one; it kept its state);
            // after a kill there is none to reach (limit 12c) and what it saw is lost, as in a crash
            UnreachableVirtualServer.Restore();
            _fake = _fake is null && _killed ? null : FakeControl.TryCreate(out _) ?? _fake;
        }

        if (_fake is not null)
        {
            _fake.RestoreRegistration();
            _result.FakeLog = _fake.CallLog;
            _result.Guests = _fake.Guests;
            if (_plan.FakeStateFile.Length > 0)
            {
                _fake.SaveState(_plan.FakeStateFile);
            }
        }

        if (Resources.Count > 0)
        {
            _result.Properties = Resources[0].Describe();
            if (_plan.ResourceStateFile.Length > 0)
            {
                Resources[0].SaveTo(_plan.ResourceStateFile);
            }
        }
    }

    /// <summary>
    /// A call or repeat step between the fake's counters (read on this thread: the control object's proxy belongs to
    /// it) and two markers on stderr, the stream of Wine's trace+service lines, which the runner counts between them;
    /// a call, repeat or sleep step between two reads of the process's CPU time (and the wineserver's).
    /// </summary>
    private static void Execute(Step step, StepResult r)
    {
        r.StartMs = Clock.Elapsed.TotalMilliseconds;
        bool counted = step.Op is "call" or "repeat";
        if (!counted && step.Op != "sleep")
        {
            ExecuteStep(step, r);
            return;
        }

        var before = counted ? _fake?.Counters() ?? (-1L, -1L) : (-1L, -1L);
        if (counted)
        {
            Console.Error.WriteLine($"##havm-step {r.Index} begin");
        }

        using var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        double serverBefore = WineServerCpuMs();
        try
        {
            ExecuteStep(step, r);
        }
        finally
        {
            self.Refresh();
            r.CpuMs = (self.TotalProcessorTime - cpuBefore).TotalMilliseconds;
            double serverAfter = WineServerCpuMs();
            if (serverBefore >= 0 && serverAfter >= 0)
            {
                r.WineServerCpuMs = serverAfter - serverBefore;
            }

            if (counted)
            {
                Console.Error.WriteLine($"##havm-step {r.Index} end");
                var after = _fake?.Counters() ?? (-1L, -1L);
                if (before.Item1 >= 0 && after.Item1 >= 0)
                {
                    r.VsCalls = after.Item1 - before.Item1;
                    r.VsActivations = after.Item2 - before.Item2;
                }
            }
        }
    }

    /// <summary>
    /// CPU time (user + system) of the prefix's wineserver so far, from its /proc stat as Wine's Z: drive shows it;
    /// -1 when the plan names none or it cannot be read. Under Wine the wineserver does what Windows' kernel does for
    /// a process (waits, events, handles), so a call that hands work to another thread costs CPU there too.
    /// </summary>
    private static double WineServerCpuMs()
    {
        if (_plan.WineServerPid <= 0)
        {
            return -1;
        }

        try
        {
            string stat = File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $@"Z:\proc\{_plan.WineServerPid}\stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // after "pid (comm) ": state is field 3, utime field 14, stime field 15; 100 ticks a second
            long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return ticks * 10.0;
        }
#pragma warning disable CA1031 // an unreadable stat leaves the step without the figure
        catch (Exception)
#pragma warning restore CA1031
        {
            return -1;
        }
    }

    /// <summary>
    /// The process's private (anonymous) memory, asked of the runner: under Wine, Process.PrivateMemorySize64 and
    /// GetProcessMemoryInfo's PrivateUsage read 0, and Z:\proc\self\status shows the wineserver's (it opens files for
    /// its clients). The host asks with a "##havm-memory N" line on stderr; the runner reads RssAnon + VmSwap of this
    /// Unix process and writes the bytes to RESULT.json.memN. Null when no answer comes within 5 s.
    /// </summary>
    private static long? AskAnonBytes(int index)
    {
        string answer = string.Create(CultureInfo.InvariantCulture, $"{_resultPath}.mem{index}");
        File.Delete(answer);
        Console.Error.WriteLine($"##havm-memory {index}");
        Console.Error.Flush();
        var waited = Stopwatch.StartNew();
        while (waited.ElapsedMilliseconds < 5000)
        {
            if (File.Exists(answer) && long.TryParse(File.ReadAllText(answer).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long bytes))
            {
                return bytes;
            }

            Thread.Sleep(10);
        }

        return null;
    }

    private static void ExecuteStep(Step step, StepResult r)
    {
        if (step.Resource < 0 || step.Resource >= Resources.Count)
        {
            r.Error = $"no resource {step.Resource} (the plan has {Resources.Count})";
            return;
        }

        var resource = Resources[step.Resource];
        ref var script = ref _scripts[step.Resource];
        int errorsBefore = resource.Errors.Count;
        var sw = Stopwatch.StartNew();
        try
        {
            switch (step.Op)
            {
                case "load":
                    script?.Close();
                    script = ScriptEngine.Create("script", new Dictionary<string, IntPtr> { ["Resource"] = resource.Pointer });
                    r.Error = script.Load(_scriptText);
                    r.Value = r.Error is null ? "loaded" : "load failed";
                    break;
                case "unload":
                    script?.Close();
                    script = null;
                    r.Value = "unloaded";
                    break;
                case "call":
                    {
                        if (script is null)
                        {
                            r.Error = "no script loaded";
                            break;
                        }

                        sw.Restart();
                        var a = script.CallFunction(step.Fn!);
                        r.Ms = sw.Elapsed.TotalMilliseconds;
                        r.Value = a.Ok ? a.Text : "ERROR";
                        r.Type = a.Ok ? a.TypeName : null;
                        r.Error = a.Error;
                        break;
                    }

                case "repeat":
                    {
                        if (script is null)
                        {
                            r.Error = "no script loaded";
                            break;
                        }

                        var values = new SortedDictionary<string, int>(StringComparer.Ordinal);
                        var samples = new double[step.Count];
                        sw.Restart();
                        for (int i = 0; i < step.Count; i++)
                        {
                            long oneStart = Stopwatch.GetTimestamp();
                            var a = script.CallFunction(step.Fn!);
                            samples[i] = Stopwatch.GetElapsedTime(oneStart).TotalMilliseconds;
                            r.MaxMs = Math.Max(r.MaxMs, samples[i]);
                            string v = a.Ok ? a.Text : "ERROR";
                            values[v] = values.GetValueOrDefault(v) + 1;
                            r.Error ??= a.Error;
                        }

                        r.Ms = sw.Elapsed.TotalMilliseconds;
                        if (samples.Length > 0)
                        {
                            Array.Sort(samples);
                            r.MedianMs = samples.Length % 2 == 1 ? samples[samples.Length / 2] : (samples[(samples.Length / 2) - 1] + samples[samples.Length / 2]) / 2;
                            r.P99Ms = samples[Math.Max(0, (int)Math.Ceiling(samples.Length * 0.99) - 1)];
                        }

                        r.Value = values.Count == 1 ? values.Keys.First() : string.Join(",", values.Select(kv => $"{kv.Key}x{kv.Value}"));
                        break;
                    }

                case "prop":
                    resource.Define(step.Name!, ToValue(step.Value));
                    break;
                case "propRemove":
                    resource.Remove(step.Name!);
                    break;
                case "fake":
                    if (_fake is null)
                    {
                        r.Error = _killed ? "the fake Virtual Server's process was killed" : "the fake Virtual Server is not registered";
                        break;
                    }

                    r.Value = _plan.VirtualServerProcess ? FakeInProcess(step) : _fake.Do(step.Method!, step.Args ?? new List<JsonElement>());
                    break;
                case "service":
                    r.Value = ServiceControl.Do("Virtual Server", step.Name!);
                    break;
                case "memory":
                    {
                        // After a full collection, so that garbage not yet collected does not count.
                        GC.Collect();
                        GC.WaitForPendingFinalizers();
                        GC.Collect();
                        using var self = Process.GetCurrentProcess();
                        r.WorkingSetBytes = self.WorkingSet64;
                        r.AnonBytes = AskAnonBytes(r.Index);
                        r.Value = r.AnonBytes?.ToString(CultureInfo.InvariantCulture);
                        r.Error = r.AnonBytes is null ? "the runner did not answer the memory question" : null;
                        break;
                    }

                case "threads":
                    using (var self = Process.GetCurrentProcess())
                    {
                        r.Value = self.Threads.Count.ToString(CultureInfo.InvariantCulture);
                    }

                    break;
                case "sleep":
                    Thread.Sleep(step.Count);
                    break;
                case "note":
                    r.Value = step.Name;
                    break;
                default:
                    r.Error = "unknown op " + step.Op;
                    break;
            }
        }
        finally
        {
            if (r.Ms == 0)
            {
                r.Ms = sw.Elapsed.TotalMilliseconds;
            }

            r.Log.AddRange(resource.Callbacks.TakeLog());
            _ = resource.Callbacks.TakeTrace();
            r.ResourceErrors.AddRange(resource.Errors.Skip(errorsBefore));
        }
    }

    /// <summary>
    /// A fake step when the fake is its own process: "Disconnect" (a Virtual Server restart) ends that process for real
    /// (every proxy to it breaks; the next CreateObject starts a new one, which kept the guests and the call log).
    /// </summary>
    private static string FakeInProcess(Step step)
    {
        var args = step.Args ?? new List<JsonElement>();
        if (step.Method == "Kill")
        {
            // A crash: no revoke, nothing kept. Under Wine its class registration lingers until the wineserver restarts
            // (NOTES.md limit 12c), so CreateObject fails from now on; the scenario restarts the wineserver afterwards.
            int dead = _fake!.ProcessId;
            using (var old = Process.GetProcessById(dead))
            {
                old.Kill();
                _ = old.WaitForExit(10000);
            }

            _fake = null;
            _killed = true;
            return $"Virtual Server's process {dead} killed";
        }

        if (step.Method == "Disconnect")
        {
            int pid = _fake!.ProcessId;
            _fake.Do("Exit", args);
            using (var old = Process.GetProcessById(pid))
            {
                // it revokes its classes and ends a moment after answering; only then may COM start a new one
                if (!old.WaitForExit(10000))
                {
                    throw new InvalidOperationException($"the fake Virtual Server's process {pid} did not end");
                }
            }

            _fake = FakeControl.TryCreate(out _) ?? _fake; // a new process, for the next fake step
            return "Virtual Server's process ended (restart)";
        }

        return _fake!.Do(step.Method!, args);
    }

    private static object? ToValue(JsonElement? value) => value?.ValueKind switch
    {
        null or JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.Value.GetString(),
        JsonValueKind.Number => value.Value.GetInt32(),
        JsonValueKind.True => 1,
        JsonValueKind.False => 0,
        _ => value.Value.ToString(),
    };

    private static string Describe(Step s) => s.Op switch
    {
        "call" or "repeat" => s.Fn ?? "",
        "fake" => "fake " + s.Method,
        "prop" => $"{s.Name}={s.Value}",
        _ => s.Op + (s.Name is null ? "" : " " + s.Name),
    };

    private static void Print(Step step, StepResult r)
    {
        if (!_plan.Verbose)
        {
            return;
        }

        if (step.Op == "note")
        {
            Console.WriteLine($"{"",14}>> {step.Name}");
            return;
        }

        string what = Describe(step);
        string answer = r.Value is null ? "" : r.Type is null ? r.Value : $"{r.Value} ({r.Type})";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{Clock.ElapsedMilliseconds,8} ms] {what,-28} -> {answer,-16} {r.Ms,8:F1} ms{(r.Error is null ? "" : "   ! " + r.Error)}"));
    }

    private static int Finish(int code, string? failure)
    {
        _result.Failure = failure;
        try
        {
            File.WriteAllText(_resultPath, JsonSerializer.Serialize(_result, PlanJson.Options));
        }
        catch (IOException e)
        {
            Console.Error.WriteLine("cannot write results: " + e.Message);
            code = code == 0 ? 4 : code;
        }

        if (failure is not null)
        {
            Console.Error.WriteLine("host: " + failure);
        }

        Console.Out.Flush();
        Console.Error.Flush();
        // A blocked worker of the COM class or of the fake must not keep the process alive.
        TerminateProcess(GetCurrentProcess(), (uint)code);
        return code;
    }

    [DllImport("kernel32.dll")]
    private static extern IntPtr GetCurrentProcess();

    [DllImport("kernel32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool TerminateProcess(IntPtr process, uint exitCode);
}
