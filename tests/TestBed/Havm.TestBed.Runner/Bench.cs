using System.Globalization;

namespace Havm.TestBed.Runner;

/// <summary>
/// Per-call cost of IsAlive through the real wrapper (Havm.Net) and through Havm.vbs, in one host process
/// each, against the same fake Virtual Server with a healthy running guest. Prints both and the ratio.
/// </summary>
internal static class Bench
{
    public static int Run(WineHost host, string wrapper, string havm, int calls)
    {
        var results = new List<(string Name, double PerCall, double Max, string Value)>();
        foreach (var (name, script, patch) in new[] { ("Havm.Net", wrapper, false), ("Havm.vbs", havm, true) })
        {
            if (!File.Exists(script))
            {
                Console.WriteLine($"{name}: {script} not found");
                continue;
            }

            var steps = new Steps();
            steps.Service("start").Guest("vm1", 1).Prop("VirtualMachineName", "vm1")
                .Load().Call("Open").Call("Online", "Online")
                .Repeat("IsAlive", 20, "warm-up")
                .Repeat("IsAlive", calls, "IsAlive", timeoutMs: 600000)
                .Repeat("LooksAlive", calls, "LooksAlive", timeoutMs: 600000);
            var run = host.Run(new Plan { Script = WineHost.WinPath(script), PatchErrNumberCompare = patch, Steps = steps.List }, "bench-" + name, 900);
            var ia = run.Step("IsAlive");
            var la = run.Step("LooksAlive");
            if (ia is null || ia.Error is not null || !run.Result.Completed)
            {
                Console.WriteLine($"{name}: the benchmark did not run: {run.Result.Failure ?? ia?.Error ?? "no result"}");
                continue;
            }

            results.Add((name, ia.Ms / calls, ia.MaxMs, ia.Value ?? ""));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-9} IsAlive: {ia.Ms / calls * 1000,8:F0} µs per call (slowest {ia.MaxMs:F2} ms, answered {ia.Value}, {calls} calls); LooksAlive: {la!.Ms / calls * 1000,6:F0} µs per call (answered {la.Value})"));
        }

        if (results.Count == 2)
        {
            double ratio = results[0].PerCall / results[1].PerCall;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"IsAlive per call: Havm.Net {results[0].PerCall * 1000:F0} µs vs Havm.vbs {results[1].PerCall * 1000:F0} µs: ratio Havm.Net/Havm.vbs = {ratio:F2}"));
            Console.WriteLine("(both through Wine's VBScript engine in one process each; Havm.vbs creates VirtualServer.Application on every call,");
            Console.WriteLine(" Havm.Net keeps its connection on its worker thread and hands each call to it)");
            return 0;
        }

        return 1;
    }
}
