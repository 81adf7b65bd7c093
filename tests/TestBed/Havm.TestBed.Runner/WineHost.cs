using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Havm.TestBed.Runner;

/// <summary>What one host process gave back.</summary>
internal sealed class HostRun
{
    public RunResult Result { get; init; } = new();
    public int ExitCode { get; init; }
    public bool Killed { get; init; }
    public double Seconds { get; init; }
    public string Output { get; init; } = "";

    /// <summary>The step with this label (the last one when several have it).</summary>
    public StepResult? Step(string label) => Result.Steps.LastOrDefault(s => s.Label == label);
}

/// <summary>Runs Havm.TestBed.Host.exe under Wine with a plan, bounded by a timeout (a hung run is killed).</summary>
internal sealed class WineHost
{
    /// <summary>Runs <c>wine</c> with these arguments (a Windows program and its own), output discarded; killed after 60 s. Its exit code.</summary>
    public static int RunQuietly(params string[] arguments)
    {
        var psi = new ProcessStartInfo("wine") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        psi.Environment["WINEDEBUG"] = "-all";
        using var p = Process.Start(psi)!;
        p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        if (!p.WaitForExit(60000))
        {
            p.Kill(true);
            p.WaitForExit();
        }

        return p.ExitCode;
    }

    private readonly string _hostExe;
    private readonly string _workDir;
    private int _counter;

    public WineHost(string hostExe, string workDir)
    {
        _hostExe = hostExe;
        _workDir = workDir;
        Directory.CreateDirectory(workDir);
    }

    /// <summary>A Linux path as Wine's Z: drive names it.</summary>
    public static string WinPath(string path) => "Z:" + Path.GetFullPath(path).Replace('/', '\\');

    /// <summary>
    /// Runs one host process. With a computer name, the process runs in its own UTS namespace whose host name is
    /// that name (unshare -u, root only): Wine takes the computer name from the host name when its wineserver
    /// starts, so the caller stops the wineserver between two "nodes".
    /// </summary>
    /// <summary>
    /// HAVM_TESTBED_VS=process (eng/test-testbed.sh's default): the fake Virtual Server runs in its own process (see
    /// <see cref="Plan.VirtualServerProcess"/>); unset or anything else (eng/demo.sh, eng/bench.sh): in the host's.
    /// </summary>
    public static bool VirtualServerProcess => Environment.GetEnvironmentVariable("HAVM_TESTBED_VS") == "process";

    public HostRun Run(Plan plan, string name, int timeoutSeconds, string? computerName = null, bool echo = false)
    {
        plan.VirtualServerProcess = VirtualServerProcess;
        int n = Interlocked.Increment(ref _counter);
        string stem = Path.Combine(_workDir, $"{n:D3}-{name}");
        string planPath = stem + ".plan.json", resultPath = stem + ".result.json", logPath = stem + ".out.txt";
        File.Delete(resultPath);
        File.WriteAllText(planPath, JsonSerializer.Serialize(plan, PlanJson.Options));

        var psi = new ProcessStartInfo(computerName is null ? "wine" : "unshare")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _workDir,
        };
        if (computerName is not null)
        {
            foreach (var a in new[] { "-u", "sh", "-c", "hostname \"$0\" && exec wine \"$@\"", computerName })
            {
                psi.ArgumentList.Add(a);
            }
        }

        psi.ArgumentList.Add(_hostExe);
        psi.ArgumentList.Add(WinPath(planPath));
        psi.ArgumentList.Add(WinPath(resultPath));
        // trace+service: one line per Service Control Manager call, counted per step (StepResult.ScmQueries)
        psi.Environment["WINEDEBUG"] = Environment.GetEnvironmentVariable("HAVM_HOST_WINEDEBUG") ?? "-all,trace+service";

        var output = new StringBuilder();
        var sw = Stopwatch.StartNew();
        using var p = new Process { StartInfo = psi };
        using var outClosed = new ManualResetEventSlim();
        using var errClosed = new ManualResetEventSlim();
        p.OutputDataReceived += (_, e) =>
        {
            Take(e.Data, output, echo);
            if (e.Data is null)
            {
                outClosed.Set();
            }
        };
        p.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null && e.Data.StartsWith("##havm-memory ", StringComparison.Ordinal))
            {
                // the host's question (a memory step): its Unix process's private memory, written where it waits
                File.WriteAllText($"{resultPath}.mem{e.Data["##havm-memory ".Length..].Trim()}", AnonBytes(p.Id)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "");
            }

            Take(e.Data, output, echo && e.Data is not null && !IsWineNoise(e.Data));
            if (e.Data is null)
            {
                errClosed.Set();
            }
        };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        bool killed = false;
        if (!p.WaitForExit(timeoutSeconds * 1000))
        {
            killed = true;
            try
            {
                p.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // already gone
            }

            p.WaitForExit(10000);
        }

        // Wine processes the host started (services of a new Wine session) may hold the pipes open: wait for
        // the end of the output only briefly.
        outClosed.Wait(2000);
        errClosed.Wait(500);

        File.WriteAllText(logPath, output.ToString());
        RunResult result;
        try
        {
            result = File.Exists(resultPath)
                ? JsonSerializer.Deserialize<RunResult>(File.ReadAllText(resultPath), PlanJson.Options) ?? new RunResult()
                : new RunResult { Failure = "the host wrote no result" };
        }
        catch (JsonException e)
        {
            result = new RunResult { Failure = "unreadable result: " + e.Message };
        }

        if (killed)
        {
            result.Completed = false;
            result.Failure = $"killed after {timeoutSeconds} s (hung run)" + (result.Failure is null ? "" : "; " + result.Failure);
        }

        CountScmQueries(result, output.ToString());
        return new HostRun { Result = result, ExitCode = killed || !p.HasExited ? 124 : p.ExitCode, Killed = killed, Seconds = sw.Elapsed.TotalSeconds, Output = output.ToString() };
    }

    /// <summary>RssAnon + VmSwap of a Linux process (its private, anonymous memory), in bytes; null when unreadable.</summary>
    public static long? AnonBytes(int pid)
    {
        try
        {
            long kb = 0;
            foreach (var line in File.ReadAllLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("RssAnon:", StringComparison.Ordinal) || line.StartsWith("VmSwap:", StringComparison.Ordinal))
                {
                    kb += long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            return kb * 1024;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Per call step: the QueryServiceStatusEx trace lines between the host's "##havm-step N begin/end" markers.</summary>
    private static void CountScmQueries(RunResult result, string output)
    {
        int? step = null;
        long count = 0;
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith("##havm-step ", StringComparison.Ordinal))
            {
                var parts = line.Trim().Split(' ');
                if (parts.Length == 3 && int.TryParse(parts[1], out int index))
                {
                    if (parts[2] == "begin")
                    {
                        (step, count) = (index, 0);
                    }
                    else if (step == index && index < result.Steps.Count)
                    {
                        result.Steps[index].ScmQueries = count;
                        step = null;
                    }
                }
            }
            else if (step is not null && line.Contains("trace:service:QueryServiceStatusEx", StringComparison.Ordinal))
            {
                count++;
            }
        }
    }

    private static void Take(string? line, StringBuilder into, bool echo)
    {
        if (line is null)
        {
            return;
        }

        lock (into)
        {
            into.AppendLine(line);
        }

        if (echo)
        {
            Console.WriteLine(line);
        }
    }

    private static bool IsWineNoise(string line) =>
        line.StartsWith("it looks like wine32", StringComparison.Ordinal) || line.StartsWith("multiarch needs", StringComparison.Ordinal)
        || line.StartsWith("execute \"dpkg", StringComparison.Ordinal) || line.StartsWith("apt-get install wine32", StringComparison.Ordinal)
        || line.Contains("trace:service:", StringComparison.Ordinal) || line.StartsWith("##havm-step ", StringComparison.Ordinal)
        || line.StartsWith("##havm-memory ", StringComparison.Ordinal);
}
