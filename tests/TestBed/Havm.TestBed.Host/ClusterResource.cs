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
    /// <summary>The private properties the Havm.vbs and Havm.Net scripts know (behaviour.md section 2).</summary>
    public static readonly string[] PropertyNames =
    {
        "VirtualMachineName", "UseAdditionsIsAlive", "AdditionsIsAliveFailureRecoveryAction",
        "AdditionsIsAliveHeartbeatThreshold", "HeartbeatMissesBeforeFailure", "OnlineTimeoutSeconds",
        "OfflineTimeoutSeconds", "TerminateTimeoutSeconds", "OfflineAction", "DiscardUnrestorableSavedState",
        "LastOnlineNode", "VirtualMachineConfigurationPath", "VirtualNetworkConfigurationPaths", "StaleSavedStateNode",
    };

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
        string? error = engine.Load(ClassText());
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

    /// <summary>The VBScript Class (one Public member per line: Wine's parser needs it).</summary>
    private static string ClassText()
    {
        var sb = new StringBuilder();
        sb.Append("""
            Option Explicit
            Class ClusterResource
                Private props
                Private resName
                Private Sub Class_Initialize()
                    Set props = CreateObject("Scripting.Dictionary")
                    props.CompareMode = 1
                End Sub
                Public Sub SetName(n)
                    resName = n
                End Sub
                Public Property Get Name
                    Name = resName
                End Property
                Public Sub LogInformation(text)
                    Host.Log CStr(text)
                End Sub
                Public Function PropertyExists(n)
                    PropertyExists = props.Exists(CStr(n))
                End Function
                Public Sub AddProperty(n)
                    If Not props.Exists(CStr(n)) Then props.Add CStr(n), Empty
                    Host.Trace "AddProperty " & n
                End Sub
                Public Sub RemoveProperty(n)
                    If props.Exists(CStr(n)) Then props.Remove CStr(n)
                    Host.Trace "RemoveProperty " & n
                End Sub
                Private Function GetP(n)
                    If Not props.Exists(n) Then
                        Host.Trace "read of missing property " & n
                        Err.Raise &H80020006, "Resource", "The private property " & n & " does not exist."
                    End If
                    GetP = props(n)
                End Function
                Private Sub SetP(n, v)
                    If Not props.Exists(n) Then
                        Host.Trace "write of missing property " & n
                        Err.Raise &H80020006, "Resource", "The private property " & n & " does not exist."
                    End If
                    Dim t
                    t = VarType(v)
                    If t = 2 Or t = 3 Or t = 11 Or t = 17 Then
                        props(n) = CLng(v)
                    Else
                        props(n) = v
                    End If
                    Host.Trace "set " & n & " = " & v
                End Sub
                Public Sub Define(n, v)
                    If Not props.Exists(CStr(n)) Then props.Add CStr(n), Empty
                    If IsEmpty(v) Then
                        props(CStr(n)) = Empty
                    ElseIf VarType(v) = 8 Then
                        props(CStr(n)) = CStr(v)
                    Else
                        props(CStr(n)) = CLng(v)
                    End If
                End Sub
                Public Function Dump()
                    Dim k, s
                    s = ""
                    For Each k In props.Keys
                        s = s & k & vbTab & TypeName(props(k)) & vbTab & props(k) & vbLf
                    Next
                    Dump = s
                End Function

            """);
        foreach (var p in PropertyNames)
        {
            sb.Append(CultureInfo.InvariantCulture, $"    Public Property Get {p}\n        {p} = GetP(\"{p}\")\n    End Property\n");
            sb.Append(CultureInfo.InvariantCulture, $"    Public Property Let {p}(v)\n        SetP \"{p}\", v\n    End Property\n");
        }

        sb.Append("End Class\nDim Resource\nSet Resource = New ClusterResource\n");
        return sb.ToString().Replace("\n", "\r\n", StringComparison.Ordinal);
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
