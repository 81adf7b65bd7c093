using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Havm.TestBed.Host;

/// <summary>
/// The cluster's global <c>Resource</c> object, as a genuine VBScript object: a VBScript Class instantiated in
/// a second engine and fetched through its script dispatch, so the COM class reaches it through the raw
/// IDispatchEx path of a script-host object, as on Windows. Its LogInformation calls back into
/// <see cref="HostCallbacks"/>. The private properties are the cluster database of this one resource.
/// </summary>
internal sealed class ClusterResource
{
    private readonly ScriptEngine _engine;
    private readonly IDispatchEx _resource;

    private ClusterResource(ScriptEngine engine, IDispatchEx resource, IntPtr pointer, HostCallbacks callbacks)
    {
        _engine = engine;
        _resource = resource;
        Pointer = pointer;
        Callbacks = callbacks;
    }

    /// <summary>The Resource object's IUnknown (AddRef'd, kept for the life of the process).</summary>
    public IntPtr Pointer { get; }

    public HostCallbacks Callbacks { get; }

    /// <summary>Errors the Resource class raised to its callers (e.g. a property that was never added).</summary>
    public List<string> Errors => _engine.Errors;

    public static ClusterResource Create(string name, HostCallbacks callbacks)
    {
        IntPtr host = Marshal.GetIUnknownForObject(callbacks);
        var engine = ScriptEngine.Create("Resource", new Dictionary<string, IntPtr> { ["Host"] = host });
        string? error = engine.Load(ResourceClass.Text());
        if (error is not null)
        {
            throw new InvalidOperationException("the Resource class does not load: " + error);
        }

        var answer = Late.Get(engine.Dispatch, "Resource");
        if (!answer.Ok || answer.Pointer == IntPtr.Zero)
        {
            throw new InvalidOperationException("the Resource object cannot be fetched: " + answer.Error);
        }

        var resource = (IDispatchEx)Marshal.GetObjectForIUnknown(answer.Pointer);
        var r = new ClusterResource(engine, resource, answer.Pointer, callbacks);
        r.Check(Late.Call(resource, "SetName", name));
        return r;
    }

    private void Check(Answer a)
    {
        if (!a.Ok)
        {
            throw new InvalidOperationException("Resource: " + a.Error);
        }
    }

    /// <summary>As <c>cluster res "name" /priv Name=Value</c>: creates the property when missing.</summary>
    public void Define(string name, object? value) => Check(Late.Call(_resource, "Define", name, value));

    public void Remove(string name) => Check(Late.Call(_resource, "RemoveProperty", name));

    /// <summary>Every property: "Name = Value (Type)", one a line.</summary>
    public string Describe()
    {
        var a = Late.Call(_resource, "Dump");
        if (!a.Ok)
        {
            return "(cannot list: " + a.Error + ")";
        }

        var sb = new StringBuilder();
        foreach (var line in (a.Value as string ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var p = line.Split('\t');
            sb.Append(p[0]).Append(" = ").Append(p.Length > 2 ? p[2] : "").Append(" (").Append(p.Length > 1 ? p[1] : "?").Append(")\n");
        }

        return sb.ToString();
    }

    /// <summary>Saves the properties to a file (the cluster database, shared by the demo's two nodes).</summary>
    public void SaveTo(string path)
    {
        var a = Late.Call(_resource, "Dump");
        File.WriteAllText(path, a.Ok ? a.Value as string ?? "" : "");
    }

    public void LoadFrom(string path)
    {
        if (!File.Exists(path))
        {
            return;
        }

        foreach (var line in File.ReadAllLines(path))
        {
            var p = line.Split('\t');
            if (p.Length < 3)
            {
                continue;
            }

            object? value = p[1] switch
            {
                "Empty" => null,
                "Long" or "Integer" => int.Parse(p[2], CultureInfo.InvariantCulture),
                _ => p[2],
            };
            Define(p[0], value);
        }
    }
}

/// <summary>The host object the Resource class calls back into: the cluster log, and a trace of its use.</summary>
[ComVisible(true)]
[ClassInterface(ClassInterfaceType.AutoDispatch)]
public sealed class HostCallbacks
{
    private readonly Stopwatch _clock;
    private readonly object _gate = new();
    private readonly List<string> _log = new();
    private readonly List<string> _trace = new();

    internal HostCallbacks(Stopwatch clock) => _clock = clock;

    /// <summary>Called with each line written to the log.</summary>
    internal Action<string>? OnLog { get; set; }

    /// <summary>Resource.LogInformation.</summary>
    public void Log(string text)
    {
        lock (_gate)
        {
            _log.Add(text);
        }

        OnLog?.Invoke(text);
    }

    /// <summary>What the script did with the Resource object besides logging.</summary>
    public void Trace(string text)
    {
        lock (_gate)
        {
            _trace.Add(string.Create(CultureInfo.InvariantCulture, $"+{_clock.ElapsedMilliseconds}ms {text}"));
        }
    }

    internal List<string> TakeLog()
    {
        lock (_gate)
        {
            var copy = new List<string>(_log);
            _log.Clear();
            return copy;
        }
    }

    internal List<string> TakeTrace()
    {
        lock (_gate)
        {
            var copy = new List<string>(_trace);
            _trace.Clear();
            return copy;
        }
    }
}
