using System.Runtime.InteropServices;
using Havm.ComHost.Interop;

namespace Havm.Tests.ComHost;

/// <summary>
/// VARIANTs for the raw IDispatch path on Linux (the runtime's VARIANT marshalling is Windows-only): VT_EMPTY, VT_I4
/// and VT_BSTR, laid out as OLE lays them out. Any other value fails to convert. Counts the BSTRs it holds, so a test
/// sees a leak.
/// </summary>
internal sealed class TestVariants : IVariantMarshaler
{
    private const short Empty = 0;
    private const short I4 = 3;
    private const short Bstr = 8;
    private const int Data = 8;

    private int _liveStrings;

    public int LiveStrings => _liveStrings;

    public int Clears { get; private set; }

    public void Write(object? value, IntPtr variant)
    {
        switch (value)
        {
            case null:
                Marshal.WriteInt16(variant, Empty);
                break;
            case int number:
                Marshal.WriteInt16(variant, I4);
                Marshal.WriteInt32(variant, Data, number);
                break;
            case string text:
                Marshal.WriteInt16(variant, Bstr);
                Marshal.WriteIntPtr(variant, Data, Marshal.StringToBSTR(text));
                _liveStrings++;
                break;
            default:
                throw new ArgumentException("no VARIANT for " + value.GetType().Name, nameof(value));
        }
    }

    public object? Read(IntPtr variant) => Marshal.ReadInt16(variant) switch
    {
        I4 => Marshal.ReadInt32(variant, Data),
        Bstr => Marshal.PtrToStringBSTR(Marshal.ReadIntPtr(variant, Data)),
        _ => null,
    };

    public void Clear(IntPtr variant)
    {
        Clears++;
        if (Marshal.ReadInt16(variant) == Bstr)
        {
            Marshal.FreeBSTR(Marshal.ReadIntPtr(variant, Data));
            _liveStrings--;
        }

        Marshal.WriteInt16(variant, Empty);
    }
}
