using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Havm.TestBed.Runner;

/// <summary>
/// The bench's native host: Wine's cscript (no .NET in the process until Havm.Net's COM class is created), with the
/// fake Virtual Server out of process (its local server, as the real one is) so that Havm.vbs's process loads no CLR
/// either. One file holds the test bed's Resource class, the script (havm-wrapper.vbs or Havm.vbs, patched as the
/// bed patches it) and a driver that calls Open, Online and 100 polls. Times are taken here from the driver's marker
/// lines as they arrive; memory from the cscript process's /proc status (anonymous resident memory, as Wine counts
/// private bytes) once the polls are done.
/// </summary>
internal static partial class NativeHost
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static (string Title, List<Bench.Row> Rows, List<string> Notes) Run(List<(string Name, string Path, bool Patch)> scripts, string work, Bench.Options o)
    {
        const string Title = "Native host: Wine's cscript, fake Virtual Server in its own process";
        var memory = new Bench.Row { Name = "private memory after Open, Online, 100 polls", Unit = "MB", Format = "F1", Delta = true };
        var open = new Bench.Row { Name = "first Open in a fresh process (CLR start included)", Unit = "ms", Format = "F0", Delta = true };
        var online = new Bench.Row { Name = "first Online in a fresh process", Unit = "ms", Format = "F0", Delta = true };
        var rows = new List<Bench.Row> { memory, open, online };
        var notes = new List<string>();
        if (o.VsExe is null || !File.Exists(o.VsExe))
        {
            notes.Add("not run: the fake Virtual Server's own program (--vs-exe) was not given");
            return (Title, rows, notes);
        }

        string dir = Path.Combine(work, "native");
        Directory.CreateDirectory(dir);
        WineHost.RunQuietly(WineHost.WinPath(o.VsExe), "/regserver");
        try
        {
            foreach (var s in scripts)
            {
                bool net = s.Name == "Havm.Net";
                var mems = new List<double>();
                var opens = new List<double>();
                var onlines = new List<double>();
                for (int i = 0; i < o.FirstRuns; i++)
                {
                    var r = RunOnce(s.Name, s.Path, s.Patch, Path.Combine(dir, $"{s.Name}-{i + 1}"));
                    Console.WriteLine(string.Create(Inv, $"  ran native-{i + 1,-10} {s.Name,-9} {r.Seconds,5:F1} s{(r.Error is null ? "" : "  (" + r.Error + ")")}"));
                    if (r.Error is not null)
                    {
                        notes.Add($"{s.Name}: cscript run {i + 1}: {r.Error}");
                        continue;
                    }

                    mems.Add(Bench.Mb(r.AnonBytes));
                    opens.Add(r.OpenMs);
                    onlines.Add(r.OnlineMs);
                }

                Set(memory, net, Bench.Median(mems));
                Set(open, net, Bench.Median(opens));
                Set(online, net, Bench.Median(onlines));
            }
        }
        finally
        {
            WineHost.RunQuietly(WineHost.WinPath(o.VsExe), "/unregserver");
        }

        notes.Add($"Median of {o.FirstRuns} fresh cscript processes per script: the cluster's own host (resmon) is native too, so here Havm.Net");
        notes.Add("  pays the CLR's start and memory and Havm.vbs pays none; the guest is found Saved, the fake's restore takes 100 ms (included).");
        notes.Add("  (Havm.vbs's Open returns nothing: Empty, success for the host.)");
        notes.Add("Memory: the cscript process's RssAnon + VmSwap (/proc; what Wine reports as private bytes), no forced collection.");
        notes.Add("Every Virtual Server call crosses processes here (4-8 ms under Wine), so call counts weigh on these times.");
        return (Title, rows, notes);
    }

    private static void Set(Bench.Row row, bool net, double v)
    {
        if (net)
        {
            row.Net = v;
        }
        else
        {
            row.Vbs = v;
        }
    }

    private sealed record Outcome(double OpenMs, double OnlineMs, long? AnonBytes, double Seconds, string? Error);

    private static Outcome RunOnce(string name, string scriptPath, bool patch, string stem)
    {
        string vbs = stem + ".vbs", go = stem + ".go", log = stem + ".out.txt";
        File.Delete(go);
        string text = File.ReadAllText(scriptPath);
        if (patch)
        {
            text = ErrNumberCompare().Replace(text, "CStr(err.number) = ");
        }

        File.WriteAllText(vbs, Compose(text, WineHost.WinPath(go)).Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal));

        var psi = new ProcessStartInfo("wine")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(stem)!,
        };
        // cscript by its full path: the process started is cscript itself (by name, Wine's start.exe would run it as a child)
        psi.ArgumentList.Add(@"C:\windows\system32\cscript.exe");
        psi.ArgumentList.Add("//nologo");
        psi.ArgumentList.Add(WineHost.WinPath(vbs));
        psi.Environment["WINEDEBUG"] = "-all,fixme+wscript";
        var output = new StringBuilder();
        var marks = new Dictionary<string, (double Ms, string Value)>(StringComparer.Ordinal);
        long? anon = null;
        var sw = Stopwatch.StartNew();
        using var p = new Process { StartInfo = psi };
        p.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            double at = sw.Elapsed.TotalMilliseconds;
            lock (output)
            {
                output.AppendLine(string.Create(Inv, $"[{at,9:F1} ms] {e.Data}"));
            }

            if (e.Data.StartsWith("##mark ", StringComparison.Ordinal))
            {
                var parts = e.Data.Split(' ', 3);
                lock (marks)
                {
                    marks[parts[1]] = (at, parts.Length > 2 ? parts[2].Trim() : "");
                }

                if (parts[1] == "polled")
                {
                    anon = WineHost.AnonBytes(p.Id);
                    File.WriteAllText(go, "go");
                }
            }
        };
        p.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine("stderr: " + e.Data);
                }
            }
        };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        bool exited = p.WaitForExit(120_000);
        if (!exited)
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit(10_000);
        }

        // Wine processes started meanwhile (the fake's local server) may hold the pipes open: the last lines are
        // waited for briefly, never for the end of the stream.
        for (int i = 0; i < 40 && double.IsNaN(Mark(marks, "closed").Ms); i++)
        {
            Thread.Sleep(50);
        }

        string written;
        lock (output)
        {
            written = output.ToString();
        }

        File.WriteAllText(log, written);
        double seconds = sw.Elapsed.TotalSeconds;
        var (start, openEnd, onlineEnd, polled) = (Mark(marks, "start"), Mark(marks, "open"), Mark(marks, "online"), Mark(marks, "polled"));
        string? error = !exited ? "killed after 120 s"
            : double.IsNaN(polled.Ms) || double.IsNaN(Mark(marks, "closed").Ms) ? $"the driver stopped early (script error?): see {log}"
            : openEnd.Value is not ("0" or "") || onlineEnd.Value != "0" ? $"Open returned {openEnd.Value}, Online {onlineEnd.Value}: see {log}"
            : polled.Value != "True" ? $"the last IsAlive answered {polled.Value}: see {log}"
            : anon is null ? "the process's memory could not be read"
            : null;
        _ = name;
        return new Outcome(openEnd.Ms - start.Ms, onlineEnd.Ms - openEnd.Ms, anon, seconds, error);
    }

    private static (double Ms, string Value) Mark(Dictionary<string, (double Ms, string Value)> marks, string key)
    {
        lock (marks)
        {
            return marks.TryGetValue(key, out var v) ? v : (double.NaN, "");
        }
    }

    /// <summary>Host stand-in, the Resource class, the script, then the driver (names prefixed "bench" to stay clear of the script's).</summary>
    private static string Compose(string script, string goFile)
    {
        var sb = new StringBuilder();
        sb.Append("""
            Class BenchHost
                Public Sub Log(t)
                    WScript.Echo "##log " & t
                End Sub
                Public Sub Trace(t)
                End Sub
            End Class
            Dim Host
            Set Host = New BenchHost

            """);
        // Option Explicit would have to come first, and the scripts do not declare every variable
        sb.Append(ResourceClass.Text().Replace("Option Explicit\r\n", "", StringComparison.Ordinal));
        sb.Append("\r\n' ---- the script under test\r\n");
        sb.Append(script);
        sb.Append("\r\n' ---- the bench's driver\r\n");
        sb.Append(CultureInfo.InvariantCulture, $$"""
            Dim benchControl, benchAnswer, benchI, benchFiles
            Set benchControl = CreateObject("Havm.TestBed.VirtualServerControl")
            benchControl.Reset
            benchControl.AddGuest "vm1", 2
            benchControl.SetTaskPlan "Startup", "ms:100", 0, 0, False, -1, 0
            Resource.SetName "Guest vm1"
            Resource.Define "VirtualMachineName", "vm1"
            WScript.Echo "##mark start"
            benchAnswer = Open()
            WScript.Echo "##mark open " & benchAnswer
            benchAnswer = Online()
            WScript.Echo "##mark online " & benchAnswer
            For benchI = 1 To {{92}}
                benchAnswer = LooksAlive()
            Next
            For benchI = 1 To {{8}}
                benchAnswer = IsAlive()
            Next
            WScript.Echo "##mark polled " & benchAnswer
            Set benchFiles = CreateObject("Scripting.FileSystemObject")
            Do While Not benchFiles.FileExists("{{goFile}}")
            Loop
            benchAnswer = Close()
            WScript.Echo "##mark closed " & benchAnswer

            """);
        return sb.ToString();
    }

    [GeneratedRegex("""\berr\.number\s*=\s*(?=")""", RegexOptions.IgnoreCase)]
    private static partial Regex ErrNumberCompare();
}
