using System.Text.Json;
using System.Text.Json.Serialization;

namespace Havm.TestBed;

// The contract between the scenario runner (Linux) and the host (under Wine): a plan of steps in,
// the results of the steps out, both as JSON files. Compiled into both programs.

/// <summary>What one host process does, in order.</summary>
public sealed class Plan
{
    /// <summary>Windows path of the script the host loads (havm-wrapper.vbs or Havm.vbs).</summary>
    public string Script { get; set; } = "";

    /// <summary>Apply NOTES.md item 7 in memory: <c>err.number = "..."</c> becomes <c>CStr(err.number) = "..."</c>.</summary>
    public bool PatchErrNumberCompare { get; set; }

    /// <summary>The resource's name (Resource.Name).</summary>
    public string ResourceName { get; set; } = "Guest vm1";

    /// <summary>Windows path of a file holding the cluster database of the resource between processes (demo), or empty.</summary>
    public string ResourceStateFile { get; set; } = "";

    /// <summary>Windows path of a file holding the fake Virtual Server's guests between processes (demo), or empty.</summary>
    public string FakeStateFile { get; set; } = "";

    /// <summary>
    /// The fake Virtual Server runs in its own process (the "Virtual Server" service, a local server) instead of the
    /// host's: the host starts the service before it reaches the fake, a "Disconnect" restarts that process for real,
    /// and a "Kill" kills it (a crash: under Wine its class registration then lingers until the wineserver restarts).
    /// </summary>
    public bool VirtualServerProcess { get; set; }

    /// <summary>
    /// How many resources the host process carries (what SeparateMonitor=0 gives): each its own Resource object and
    /// script engine; a step names one by <see cref="Step.Resource"/>. The first is named <see cref="ResourceName"/>.
    /// </summary>
    public int ResourceCount { get; set; } = 1;

    /// <summary>Linux process id of this prefix's wineserver (0: unknown); a call or repeat step then reports its CPU too.</summary>
    public int WineServerPid { get; set; }

    /// <summary>Timeout of a step that gives none.</summary>
    public int DefaultTimeoutMs { get; set; } = 20000;

    /// <summary>Print a readable timeline to stdout while running.</summary>
    public bool Verbose { get; set; }

    public List<Step> Steps { get; set; } = new();
}

/// <summary>
/// One step. Op: load | unload | call (Fn) | repeat (Fn, Count) | prop (Name, Value) | propRemove (Name) |
/// fake (Method, Args) | service (Name: stop | start | query) | threads (the host process's thread count) |
/// memory (the host process's private memory and working set after a full garbage collection) | sleep (Count ms) |
/// note (Name: text).
/// </summary>
public sealed class Step
{
    public string Op { get; set; } = "";
    public string? Fn { get; set; }
    public string? Name { get; set; }
    public JsonElement? Value { get; set; }
    public string? Method { get; set; }
    public List<JsonElement>? Args { get; set; }
    public int Count { get; set; }
    public int TimeoutMs { get; set; }
    /// <summary>A label the runner uses to find this step's result.</summary>
    public string? Label { get; set; }
    /// <summary>Which of the plan's resources a load, unload, call, repeat, prop or propRemove step acts on (0: the first).</summary>
    public int Resource { get; set; }
}

/// <summary>What came out of one step.</summary>
public sealed class StepResult
{
    public int Index { get; set; }
    public string Op { get; set; } = "";
    public string? Label { get; set; }
    public string? Fn { get; set; }
    /// <summary>The returned value as VBScript would print it ("0", "1627", "True", "Empty", ...).</summary>
    public string? Value { get; set; }
    /// <summary>The returned value's VBScript type name (VarType): Empty, Integer, Long, Boolean, String, ...</summary>
    public string? Type { get; set; }
    public double Ms { get; set; }
    /// <summary>For repeat: the longest single call.</summary>
    public double MaxMs { get; set; }
    /// <summary>For repeat: the median single call.</summary>
    public double? MedianMs { get; set; }
    /// <summary>For repeat: the 99th percentile of the single calls (nearest rank).</summary>
    public double? P99Ms { get; set; }
    /// <summary>When the step began, on the host's clock (ms since the host started).</summary>
    public double StartMs { get; set; }
    /// <summary>For call, repeat and sleep: CPU time of the host process (every thread, user and kernel) during the step.</summary>
    public double? CpuMs { get; set; }
    /// <summary>For call, repeat and sleep: CPU time of the prefix's wineserver during the step (Plan.WineServerPid; 10 ms ticks).</summary>
    public double? WineServerCpuMs { get; set; }
    /// <summary>For memory: the host process's working set (Process.WorkingSet64).</summary>
    public long? WorkingSetBytes { get; set; }
    /// <summary>For memory: the host's private memory, RssAnon + VmSwap of its Unix process (read by the runner: under Wine
    /// the Windows counters of private bytes read 0).</summary>
    public long? AnonBytes { get; set; }
    /// <summary>A script error, a failed call, a timeout: what went wrong.</summary>
    public string? Error { get; set; }
    /// <summary>Virtual Server member calls the fake saw during a call or repeat step (null: not counted).</summary>
    public long? VsCalls { get; set; }
    /// <summary>CreateObject("VirtualServer.Application") the fake saw during a call or repeat step.</summary>
    public long? VsActivations { get; set; }
    /// <summary>Service Control Manager status queries (QueryServiceStatusEx) the host process made during a call or
    /// repeat step, counted by the runner from Wine's trace+service lines between the host's step markers.</summary>
    public long? ScmQueries { get; set; }
    /// <summary>Resource.LogInformation lines written during the step.</summary>
    public List<string> Log { get; set; } = new();
    /// <summary>Errors the Resource object (a VBScript class) raised to its caller during the step.</summary>
    public List<string> ResourceErrors { get; set; } = new();
}

/// <summary>The host's answer.</summary>
public sealed class RunResult
{
    public bool Completed { get; set; }
    public string? Failure { get; set; }
    public string ComputerName { get; set; } = "";
    public string Notes { get; set; } = "";
    public List<StepResult> Steps { get; set; } = new();
    /// <summary>The fake Virtual Server's call log at the end.</summary>
    public string FakeLog { get; set; } = "";
    /// <summary>Guest states at the end: "vm1=5;vm2=2".</summary>
    public string Guests { get; set; } = "";
    /// <summary>Private properties at the end: "Name=Value (Type)" per line.</summary>
    public string Properties { get; set; } = "";
}

public static class PlanJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
