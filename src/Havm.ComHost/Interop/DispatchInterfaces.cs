using DISPPARAMS = System.Runtime.InteropServices.ComTypes.DISPPARAMS;

namespace Havm.ComHost.Interop;

/// <summary>
/// IDispatch with every method <c>[PreserveSig]</c>: failures come back as HRESULTs, never as exceptions raised
/// from inside the runtime (under Wine 8 such an exception can hang the thread on the next one).
/// </summary>
[ComImport]
[Guid("00020400-0000-0000-C000-000000000046")]
[InterfaceType(ComInterfaceType.InterfaceIsIUnknown)]
internal interface IDispatchRaw
{
    [PreserveSig]
    int GetTypeInfoCount(out uint count);

    [PreserveSig]
    int GetTypeInfo(uint index, int lcid, out IntPtr typeInfo);

    [PreserveSig]
    int GetIDsOfNames(
        ref Guid riid,
        [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.LPWStr)] string[] names,
        int count,
        int lcid,
        [Out, MarshalAs(UnmanagedType.LPArray)] int[] dispIds);

    [PreserveSig]
    int Invoke(int dispId, ref Guid riid, int lcid, ushort flags, ref DISPPARAMS parameters, IntPtr result, IntPtr excepInfo, IntPtr argErr);
}

/// <summary>
/// IDispatchEx up to InvokeEx, every method <c>[PreserveSig]</c>. Script objects (VBScript classes) answer
/// GetDispID even where their GetIDsOfNames is a stub (Wine).
/// </summary>
[ComImport]
[Guid("A6EF9860-C720-11D0-9337-00A0C90DCAA9")]
[InterfaceType(ComInterfaceType.InterfaceIsIUnknown)]
internal interface IDispatchExRaw
{
    [PreserveSig]
    int GetTypeInfoCount(out uint count);

    [PreserveSig]
    int GetTypeInfo(uint index, int lcid, out IntPtr typeInfo);

    [PreserveSig]
    int GetIDsOfNames(
        ref Guid riid,
        [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.LPWStr)] string[] names,
        int count,
        int lcid,
        [Out, MarshalAs(UnmanagedType.LPArray)] int[] dispIds);

    [PreserveSig]
    int Invoke(int dispId, ref Guid riid, int lcid, ushort flags, ref DISPPARAMS parameters, IntPtr result, IntPtr excepInfo, IntPtr argErr);

    [PreserveSig]
    int GetDispID([MarshalAs(UnmanagedType.BStr)] string name, uint options, out int dispId);

    [PreserveSig]
    int InvokeEx(int dispId, int lcid, ushort flags, ref DISPPARAMS parameters, IntPtr result, IntPtr excepInfo, IntPtr serviceProvider);
}

/// <summary>EXCEPINFO with its strings as raw BSTRs, so that a deferred fill-in can run before they are read.</summary>
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

/// <summary>EXCEPINFO's pfnDeferredFillIn: fills the structure in on demand.</summary>
[UnmanagedFunctionPointer(CallingConvention.StdCall)]
internal delegate int DeferredFillIn(IntPtr excepInfo);
