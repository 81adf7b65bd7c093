using System.Runtime.InteropServices;

namespace Havm.TestBed.Host;

/// <summary>
/// One VBScript engine, hosted the way the cluster's Generic Script resource hosts a script: global named items
/// given by this site, the script text parsed and the engine started (a "load": script-level code runs), entry
/// points called by name through the script dispatch, Close to unload. Used on one STA thread only.
/// </summary>
internal sealed class ScriptEngine
{
    private readonly IActiveScript _script;
    private readonly IActiveScriptParse64 _parse;
    private readonly ScriptSite _site;
    private IDispatchEx? _dispatch;
    private bool _closed;

    private ScriptEngine(IActiveScript script, ScriptSite site)
    {
        _script = script;
        _parse = (IActiveScriptParse64)script;
        _site = site;
    }

    /// <summary>Errors the engine reported through IActiveScriptSite::OnScriptError, oldest first.</summary>
    public List<string> Errors => _site.Errors;

    /// <summary>Creates an engine whose global named items are the given objects (AddRef'd IUnknown pointers).</summary>
    public static ScriptEngine Create(string label, IReadOnlyDictionary<string, IntPtr> namedItems)
    {
        var clsid = Native.VBScriptClsid;
        var type = Type.GetTypeFromCLSID(clsid) ?? throw new InvalidOperationException("VBScript is not registered");
        var instance = Activator.CreateInstance(type) ?? throw new InvalidOperationException("VBScript could not be created");
        var site = new ScriptSite(label, namedItems);
        var engine = new ScriptEngine((IActiveScript)instance, site);
        Check(engine._script.SetScriptSite(site), "SetScriptSite");
        Check(engine._parse.InitNew(), "InitNew");
        foreach (var name in namedItems.Keys)
        {
            Check(engine._script.AddNamedItem(name, Native.SCRIPTITEM_ISVISIBLE), "AddNamedItem " + name);
        }

        return engine;
    }

    private static void Check(int hr, string what)
    {
        if (hr < 0)
        {
            throw new InvalidOperationException($"{what} failed {Native.HResultText(hr)}");
        }
    }

    /// <summary>Parses the text and starts the engine (script-level code runs). Returns an error text, or null.</summary>
    public string? Load(string text)
    {
        int before = Errors.Count;
        IntPtr excep = Marshal.AllocCoTaskMem(Marshal.SizeOf<ExcepInfo>());
        try
        {
            unsafe { new Span<byte>((void*)excep, Marshal.SizeOf<ExcepInfo>()).Clear(); }
            int hr = _parse.ParseScriptText(text, null, IntPtr.Zero, null, 0, 1, Native.SCRIPTTEXT_ISVISIBLE, IntPtr.Zero, excep);
            if (hr < 0)
            {
                return $"ParseScriptText failed {Native.HResultText(hr)}" + ErrorsSince(before);
            }

            hr = _script.SetScriptState(Native.SCRIPTSTATE_CONNECTED);
            if (hr < 0)
            {
                return $"SetScriptState(connected) failed {Native.HResultText(hr)}" + ErrorsSince(before);
            }

            return Errors.Count > before ? "script error while loading" + ErrorsSince(before) : null;
        }
        finally
        {
            Marshal.FreeCoTaskMem(excep);
        }
    }

    private string ErrorsSince(int before) =>
        Errors.Count > before ? ": " + string.Join(" | ", Errors.Skip(before)) : "";

    /// <summary>The script's global namespace (its functions and variables).</summary>
    public IDispatchEx Dispatch
    {
        get
        {
            if (_dispatch is null)
            {
                Check(_script.GetScriptDispatch(null, out IntPtr p), "GetScriptDispatch");
                try
                {
                    _dispatch = (IDispatchEx)Marshal.GetObjectForIUnknown(p);
                }
                finally
                {
                    Marshal.Release(p);
                }
            }

            return _dispatch;
        }
    }

    /// <summary>Calls a script function by name with no arguments (as the cluster calls an entry point).</summary>
    public Answer CallFunction(string name)
    {
        int before = Errors.Count;
        var answer = Late.Call(Dispatch, name);
        if (!answer.Ok && Errors.Count > before)
        {
            answer = answer with { Error = answer.Error + " | script error: " + string.Join(" | ", Errors.Skip(before)) };
        }
        else if (answer.Ok && Errors.Count > before)
        {
            answer = answer with { Error = "script error reported: " + string.Join(" | ", Errors.Skip(before)) };
        }

        return answer;
    }

    /// <summary>Unload: closes the engine (its globals are gone).</summary>
    public void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        if (_dispatch is not null)
        {
            Marshal.FinalReleaseComObject(_dispatch);
            _dispatch = null;
        }

        _ = _script.Close();
        Marshal.FinalReleaseComObject(_script);
    }
}

/// <summary>The engine's site: hands out the global named items and records script errors.</summary>
[ComVisible(true)]
[ClassInterface(ClassInterfaceType.None)]
public sealed class ScriptSite : IActiveScriptSite
{
    private readonly string _label;
    private readonly IReadOnlyDictionary<string, IntPtr> _items;

    internal ScriptSite(string label, IReadOnlyDictionary<string, IntPtr> items)
    {
        _label = label;
        _items = items;
    }

    internal List<string> Errors { get; } = new();

    int IActiveScriptSite.GetLCID(out uint lcid)
    {
        lcid = 0x409;
        return Native.S_OK;
    }

    int IActiveScriptSite.GetItemInfo(string name, uint returnMask, IntPtr item, IntPtr typeInfo)
    {
        if (typeInfo != IntPtr.Zero)
        {
            Marshal.WriteIntPtr(typeInfo, IntPtr.Zero);
        }

        if (item != IntPtr.Zero)
        {
            Marshal.WriteIntPtr(item, IntPtr.Zero);
        }

        var match = _items.FirstOrDefault(kv => string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase));
        if (match.Key is null || (returnMask & Native.SCRIPTINFO_IUNKNOWN) == 0 || item == IntPtr.Zero)
        {
            return Native.TYPE_E_ELEMENTNOTFOUND;
        }

        Marshal.AddRef(match.Value);
        Marshal.WriteIntPtr(item, match.Value);
        return Native.S_OK;
    }

    int IActiveScriptSite.GetDocVersionString(IntPtr version) => Native.E_NOTIMPL;

    int IActiveScriptSite.OnScriptTerminate(IntPtr result, IntPtr excepInfo) => Native.S_OK;

    int IActiveScriptSite.OnStateChange(int state) => Native.S_OK;

    int IActiveScriptSite.OnScriptError(IntPtr error)
    {
        string text;
        object? rcw = null;
        try
        {
            rcw = Marshal.GetObjectForIUnknown(error);
            var e = (IActiveScriptError)rcw;
            IntPtr excep = Marshal.AllocCoTaskMem(Marshal.SizeOf<ExcepInfo>());
            try
            {
                unsafe { new Span<byte>((void*)excep, Marshal.SizeOf<ExcepInfo>()).Clear(); }
                text = e.GetExceptionInfo(excep) >= 0 ? Native.TakeExcepInfo(excep) : "(no exception info)";
            }
            finally
            {
                Marshal.FreeCoTaskMem(excep);
            }

            if (e.GetSourcePosition(out _, out uint line, out int column) >= 0)
            {
                text += $" at line {line + 1}, column {column + 1}";
            }

            if (e.GetSourceLineText(out IntPtr bstr) >= 0 && bstr != IntPtr.Zero)
            {
                text += ": " + Marshal.PtrToStringBSTR(bstr).Trim();
                Marshal.FreeBSTR(bstr);
            }
        }
        catch (InvalidCastException ex)
        {
            text = "(unreadable script error: " + ex.Message + ")";
        }
        finally
        {
            if (rcw is not null)
            {
                Marshal.ReleaseComObject(rcw);
            }
        }

        Errors.Add($"[{_label}] {text}");
        return Native.S_OK;
    }

    int IActiveScriptSite.OnEnterScript() => Native.S_OK;

    int IActiveScriptSite.OnLeaveScript() => Native.S_OK;
}
