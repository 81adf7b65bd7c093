using System.Runtime.InteropServices;
using System.Runtime.InteropServices.ComTypes;

namespace Havm.TestBed.Host;

// Active Scripting (activscp.h) and IDispatchEx (dispex.h), declared with [PreserveSig] on every method:
// under Wine 8 an exception that unwinds through native runtime frames can hang the process
// (NOTES.md limit 2), so failures travel as HRESULTs and are turned into values by this program.

[ComImport, Guid("BB1A2AE1-A4F9-11cf-8F20-00805F2CD064"), InterfaceType(ComInterfaceType.InterfaceIsIUnknown)]
internal interface IActiveScript
{
    [PreserveSig] int SetScriptSite(IActiveScriptSite site);
    [PreserveSig] int GetScriptSite(ref Guid riid, out IntPtr site);
    [PreserveSig] int SetScriptState(int state);
    [PreserveSig] int GetScriptState(out int state);
    [PreserveSig] int Close();
    [PreserveSig] int AddNamedItem([MarshalAs(UnmanagedType.LPWStr)] string name, uint flags);
    [PreserveSig] int AddTypeLib(ref Guid typeLib, uint major, uint minor, uint flags);
    [PreserveSig] int GetScriptDispatch([MarshalAs(UnmanagedType.LPWStr)] string? itemName, out IntPtr dispatch);
    [PreserveSig] int GetCurrentScriptThreadID(out uint id);
    [PreserveSig] int GetScriptThreadID(uint win32ThreadId, out uint id);
    [PreserveSig] int GetScriptThreadState(uint id, out int state);
    [PreserveSig] int InterruptScriptThread(uint id, IntPtr excepInfo, uint flags);
    [PreserveSig] int Clone(out IntPtr script);
}

[ComImport, Guid("C7EF7658-E1EE-480E-97EA-D52CB4D76D17"), InterfaceType(ComInterfaceType.InterfaceIsIUnknown)]
internal interface IActiveScriptParse64
{
    [PreserveSig] int InitNew();
    [PreserveSig]
    int AddScriptlet(IntPtr defaultName, IntPtr code, IntPtr itemName, IntPtr subItemName, IntPtr eventName,
        IntPtr delimiter, ulong sourceContextCookie, uint startingLine, uint flags, IntPtr name, IntPtr excepInfo);
    [PreserveSig]
    int ParseScriptText([MarshalAs(UnmanagedType.LPWStr)] string code, [MarshalAs(UnmanagedType.LPWStr)] string? itemName,
        IntPtr context, [MarshalAs(UnmanagedType.LPWStr)] string? delimiter, ulong sourceContextCookie, uint startingLine,
        uint flags, IntPtr result, IntPtr excepInfo);
}

[ComImport, Guid("DB01A1E3-A42B-11cf-8F20-00805F2CD064"), InterfaceType(ComInterfaceType.InterfaceIsIUnknown)]
internal interface IActiveScriptSite
{
    [PreserveSig] int GetLCID(out uint lcid);
    [PreserveSig] int GetItemInfo([MarshalAs(UnmanagedType.LPWStr)] string name, uint returnMask, IntPtr item, IntPtr typeInfo);
    [PreserveSig] int GetDocVersionString(IntPtr version);
    [PreserveSig] int OnScriptTerminate(IntPtr result, IntPtr excepInfo);
    [PreserveSig] int OnStateChange(int state);
    [PreserveSig] int OnScriptError(IntPtr error);
    [PreserveSig] int OnEnterScript();
    [PreserveSig] int OnLeaveScript();
}

[ComImport, Guid("EAE1BA61-A4ED-11cf-8F20-00805F2CD064"), InterfaceType(ComInterfaceType.InterfaceIsIUnknown)]
internal interface IActiveScriptError
{
    [PreserveSig] int GetExceptionInfo(IntPtr excepInfo);
    [PreserveSig] int GetSourcePosition(out uint sourceContext, out uint line, out int charPosition);
    [PreserveSig] int GetSourceLineText(out IntPtr line);
}

[ComImport, Guid("A6EF9860-C720-11D0-9337-00A0C90DCAA9"), InterfaceType(ComInterfaceType.InterfaceIsIUnknown)]
internal interface IDispatchEx
{
    [PreserveSig] int GetTypeInfoCount(out uint count);
    [PreserveSig] int GetTypeInfo(uint index, uint lcid, out IntPtr typeInfo);
    [PreserveSig] int GetIDsOfNames(ref Guid riid, IntPtr names, uint count, uint lcid, IntPtr dispIds);
    [PreserveSig] int Invoke(int dispId, ref Guid riid, uint lcid, ushort flags, IntPtr args, IntPtr result, IntPtr excepInfo, IntPtr argError);
    [PreserveSig] int GetDispID([MarshalAs(UnmanagedType.BStr)] string name, uint options, out int dispId);
    [PreserveSig] int InvokeEx(int dispId, uint lcid, ushort flags, ref DISPPARAMS args, IntPtr result, IntPtr excepInfo, IntPtr serviceProvider);
}

[StructLayout(LayoutKind.Sequential)]
internal struct ExcepInfo
{
    public ushort Code;
    public ushort Reserved;
    public IntPtr Source;
    public IntPtr Description;
    public IntPtr HelpFile;
    public uint HelpContext;
    public IntPtr ReservedPointer;
    public IntPtr DeferredFillIn;
    public int SCode;
}

internal static class Native
{
    public const int S_OK = 0;
    public const int E_NOTIMPL = unchecked((int)0x80004001);
    public const int TYPE_E_ELEMENTNOTFOUND = unchecked((int)0x8002802B);
    public const int DISP_E_EXCEPTION = unchecked((int)0x80020009);
    public const int SCRIPTSTATE_CONNECTED = 2;
    public const uint SCRIPTITEM_ISVISIBLE = 0x2;
    public const uint SCRIPTINFO_IUNKNOWN = 0x1;
    public const uint SCRIPTTEXT_ISVISIBLE = 0x2;
    public const uint FDEX_NAME_CASE_INSENSITIVE = 0x8;
    public const ushort DISPATCH_METHOD = 1, DISPATCH_PROPERTYGET = 2, DISPATCH_PROPERTYPUT = 4;
    public const int DISPID_PROPERTYPUT = -3;
    public static readonly int VariantSize = IntPtr.Size == 8 ? 24 : 16;
    public static readonly Guid VBScriptClsid = new("B54F3741-5B07-11cf-A4B0-00AA004A55E8");

    [DllImport("oleaut32.dll")]
    public static extern int VariantClear(IntPtr variant);

    [DllImport("ole32.dll")]
    public static extern int CoCreateInstance(ref Guid clsid, IntPtr outer, uint context, ref Guid iid, out IntPtr instance);

    public static string HResultText(int hr) => "0x" + hr.ToString("X8", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Reads an EXCEPINFO (running its deferred fill-in) and frees its strings.</summary>
    public static unsafe string TakeExcepInfo(IntPtr excepInfo)
    {
        var ei = Marshal.PtrToStructure<ExcepInfo>(excepInfo);
        if (ei.DeferredFillIn != IntPtr.Zero)
        {
            ((delegate* unmanaged[Stdcall]<IntPtr, int>)ei.DeferredFillIn)(excepInfo);
            ei = Marshal.PtrToStructure<ExcepInfo>(excepInfo);
        }

        string? description = ei.Description != IntPtr.Zero ? Marshal.PtrToStringBSTR(ei.Description) : null;
        string? source = ei.Source != IntPtr.Zero ? Marshal.PtrToStringBSTR(ei.Source) : null;
        foreach (var p in new[] { ei.Description, ei.Source, ei.HelpFile })
        {
            if (p != IntPtr.Zero)
            {
                Marshal.FreeBSTR(p);
            }
        }

        int code = ei.SCode != 0 ? ei.SCode : ei.Code;
        return $"{HResultText(code)} {description ?? "(no description)"}{(source is null ? "" : " [" + source + "]")}";
    }
}
