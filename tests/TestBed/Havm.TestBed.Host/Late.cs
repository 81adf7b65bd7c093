using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.InteropServices.ComTypes;

namespace Havm.TestBed.Host;

/// <summary>The outcome of one raw IDispatchEx call: the HRESULT, and the returned VARIANT as VBScript sees it.</summary>
internal sealed record Answer(int HResult, ushort VarType, object? Value, string? Error, IntPtr Pointer)
{
    public bool Ok => HResult >= 0;

    /// <summary>The value as VBScript's CStr would print it.</summary>
    public string Text => VarType switch
    {
        0 => "Empty",
        1 => "Null",
        9 or 13 => Pointer == IntPtr.Zero ? "Nothing" : "Object",
        11 => Value is true ? "True" : "False",
        _ => Convert.ToString(Value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>VBScript's TypeName of the value.</summary>
    public string TypeName => VarType switch
    {
        0 => "Empty",
        1 => "Null",
        2 => "Integer",
        3 => "Long",
        4 => "Single",
        5 => "Double",
        6 => "Currency",
        7 => "Date",
        8 => "String",
        9 => Pointer == IntPtr.Zero ? "Nothing" : "Object",
        10 => "Error",
        11 => "Boolean",
        13 => "Unknown",
        17 => "Byte",
        _ => "VT_" + VarType.ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>Late binding by name on script objects through raw IDispatchEx::GetDispID + InvokeEx (no exceptions).</summary>
internal static class Late
{
    public static Answer Call(IDispatchEx target, string name, params object?[] args) =>
        Invoke(target, name, Native.DISPATCH_METHOD, args);

    public static Answer Get(IDispatchEx target, string name) =>
        Invoke(target, name, Native.DISPATCH_PROPERTYGET, Array.Empty<object?>());

    public static Answer Invoke(IDispatchEx target, string name, ushort flags, object?[] args)
    {
        int hr = target.GetDispID(name, Native.FDEX_NAME_CASE_INSENSITIVE, out int id);
        if (hr < 0)
        {
            return new Answer(hr, 0, null, $"{name}: no such member ({Native.HResultText(hr)})", IntPtr.Zero);
        }

        int n = args.Length;
        IntPtr argv = Marshal.AllocCoTaskMem(Native.VariantSize * Math.Max(n, 1));
        IntPtr result = Marshal.AllocCoTaskMem(Native.VariantSize);
        int excepSize = Marshal.SizeOf<ExcepInfo>();
        IntPtr excep = Marshal.AllocCoTaskMem(excepSize);
        IntPtr named = Marshal.AllocCoTaskMem(sizeof(int));
        try
        {
            Clear(result, Native.VariantSize);
            Clear(excep, excepSize);
            for (int i = 0; i < n; i++)
            {
                Marshal.GetNativeVariantForObject(args[n - 1 - i], argv + (i * Native.VariantSize)); // reverse order
            }

            bool put = flags == Native.DISPATCH_PROPERTYPUT;
            Marshal.WriteInt32(named, Native.DISPID_PROPERTYPUT);
            var parameters = new DISPPARAMS
            {
                cArgs = n,
                rgvarg = argv,
                cNamedArgs = put ? 1 : 0,
                rgdispidNamedArgs = put ? named : IntPtr.Zero,
            };
            hr = target.InvokeEx(id, 0x409, flags, ref parameters, result, excep, IntPtr.Zero);
            if (hr == Native.DISP_E_EXCEPTION)
            {
                return new Answer(hr, 0, null, $"{name}: {Native.TakeExcepInfo(excep)}", IntPtr.Zero);
            }

            if (hr < 0)
            {
                return new Answer(hr, 0, null, $"{name}: call failed {Native.HResultText(hr)}", IntPtr.Zero);
            }

            return Read(result);
        }
        finally
        {
            for (int i = 0; i < n; i++)
            {
                _ = Native.VariantClear(argv + (i * Native.VariantSize));
            }

            _ = Native.VariantClear(result);
            Marshal.FreeCoTaskMem(argv);
            Marshal.FreeCoTaskMem(result);
            Marshal.FreeCoTaskMem(excep);
            Marshal.FreeCoTaskMem(named);
        }
    }

    /// <summary>Reads a VARIANT; an object comes back as an AddRef'd pointer (the caller releases it).</summary>
    private static Answer Read(IntPtr variant)
    {
        ushort vt = (ushort)Marshal.ReadInt16(variant);
        if (vt is 9 or 13)
        {
            IntPtr p = Marshal.ReadIntPtr(variant, 8);
            if (p != IntPtr.Zero)
            {
                Marshal.AddRef(p);
            }

            return new Answer(0, vt, null, null, p);
        }

        object? value = vt is 0 or 1 ? null : Marshal.GetObjectForNativeVariant(variant);
        return new Answer(0, vt, value, null, IntPtr.Zero);
    }

    private static unsafe void Clear(IntPtr p, int size) => new Span<byte>((void*)p, size).Clear();
}
