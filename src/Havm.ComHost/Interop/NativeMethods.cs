namespace Havm.ComHost.Interop;

/// <summary>The OLE functions Havm.ComHost calls directly; every one returns its HRESULT rather than throwing. Interop only.</summary>
[System.Diagnostics.CodeAnalysis.ExcludeFromCodeCoverage]
internal static class NativeMethods
{
    /// <summary>CLSCTX_INPROC_SERVER | CLSCTX_INPROC_HANDLER | CLSCTX_LOCAL_SERVER | CLSCTX_REMOTE_SERVER.</summary>
    public const uint ClassContextAll = 0x17;

    /// <summary>IID_IUnknown: every COM class answers it (a .NET class factory refuses IIDs its class does not implement).</summary>
    public static readonly Guid UnknownId = new("00000000-0000-0000-C000-000000000046");

    /// <summary>Frees what a VARIANT holds and sets it to VT_EMPTY.</summary>
    [DllImport("oleaut32.dll", ExactSpelling = true)]
    public static extern int VariantClear(IntPtr variant);

    /// <summary>Looks a ProgID up in the registry.</summary>
    [DllImport("ole32.dll", ExactSpelling = true, CharSet = CharSet.Unicode)]
    public static extern int CLSIDFromProgID(string progId, out Guid classId);

    /// <summary>Creates a COM object.</summary>
    [DllImport("ole32.dll", ExactSpelling = true)]
    public static extern int CoCreateInstance(
        ref Guid classId,
        IntPtr outer,
        uint context,
        ref Guid interfaceId,
        [MarshalAs(UnmanagedType.IUnknown)] out object? instance);
}
