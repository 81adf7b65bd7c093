using System.Runtime.InteropServices;
using Havm.ComHost.Interop;
using Havm.Core.Model;
using DISPPARAMS = System.Runtime.InteropServices.ComTypes.DISPPARAMS;

namespace Havm.Tests.ComHost;

/// <summary>
/// An object with the raw IDispatchEx (or, as <see cref="RawDispatchOnly"/>, only IDispatch) the late binder calls on a
/// COM object, implemented in .NET: it records what the binder passed and answers as told (a value, a failure HRESULT,
/// or DISP_E_EXCEPTION with an EXCEPINFO, optionally filled in on demand).
/// </summary>
internal class RawDispatchObject : IDispatchExRaw
{
    private const int VariantSize = 24;
    private readonly TestVariants _variants;
    private DeferredFillIn? _fillIn;

    public RawDispatchObject(TestVariants variants) => _variants = variants;

    public int DispIdResult { get; set; }

    public object? Returns { get; set; }

    public int InvokeResult { get; set; }

    public ExcepInfo? Raises { get; set; }

    public ExcepInfo? FillsIn { get; set; }

    public string? AskedName { get; private set; }

    public ushort Flags { get; private set; }

    public int Lcid { get; private set; }

    public object?[] Arguments { get; private set; } = [];

    public int[] NamedArguments { get; private set; } = [];

    public int GetTypeInfoCount(out uint count)
    {
        count = 0;
        return 0;
    }

    public int GetTypeInfo(uint index, int lcid, out IntPtr typeInfo)
    {
        typeInfo = IntPtr.Zero;
        return unchecked((int)0x80004001);
    }

    public int GetIDsOfNames(ref Guid riid, string[] names, int count, int lcid, int[] dispIds)
    {
        AskedName = names[0];
        dispIds[0] = 7;
        return DispIdResult;
    }

    public int Invoke(int dispId, ref Guid riid, int lcid, ushort flags, ref DISPPARAMS parameters, IntPtr result, IntPtr excepInfo, IntPtr argErr) =>
        InvokeEx(dispId, lcid, flags, ref parameters, result, excepInfo, IntPtr.Zero);

    public int GetDispID(string name, uint options, out int dispId)
    {
        AskedName = name;
        dispId = 7;
        return DispIdResult;
    }

    public int InvokeEx(int dispId, int lcid, ushort flags, ref DISPPARAMS parameters, IntPtr result, IntPtr excepInfo, IntPtr serviceProvider)
    {
        Flags = flags;
        Lcid = lcid;
        var args = new object?[parameters.cArgs];
        for (var i = 0; i < args.Length; i++)
        {
            // DISPPARAMS holds them last first.
            args[args.Length - 1 - i] = _variants.Read(parameters.rgvarg + (i * VariantSize));
        }

        Arguments = args;
        var named = new int[parameters.cNamedArgs];
        if (named.Length > 0)
        {
            Marshal.Copy(parameters.rgdispidNamedArgs, named, 0, named.Length);
        }

        NamedArguments = named;
        if (Raises is { } raised)
        {
            var info = raised;
            if (FillsIn is { } later)
            {
                _fillIn = pointer =>
                {
                    var filled = later;
                    filled.DeferredFillIn = IntPtr.Zero;
                    Marshal.StructureToPtr(filled, pointer, false);
                    return 0;
                };
                info.DeferredFillIn = Marshal.GetFunctionPointerForDelegate(_fillIn);
            }

            Marshal.StructureToPtr(info, excepInfo, false);
            return HResults.DispException.Signed;
        }

        if (InvokeResult < 0)
        {
            return InvokeResult;
        }

        _variants.Write(Returns, result);
        return 0;
    }

    public static ExcepInfo Exception(int scode = 0, ushort wCode = 0, string? description = null, string? source = null) => new()
    {
        SCode = scode,
        Code = wCode,
        Description = description is null ? IntPtr.Zero : Marshal.StringToBSTR(description),
        Source = source is null ? IntPtr.Zero : Marshal.StringToBSTR(source),
        HelpFile = Marshal.StringToBSTR("vs.chm"),
    };
}

/// <summary>An object with IDispatch only (GetIDsOfNames + Invoke), as the cluster's native Resource object.</summary>
internal sealed class RawDispatchOnly : IDispatchRaw
{
    private readonly RawDispatchObject _inner;

    public RawDispatchOnly(RawDispatchObject inner) => _inner = inner;

    public int GetTypeInfoCount(out uint count) => _inner.GetTypeInfoCount(out count);

    public int GetTypeInfo(uint index, int lcid, out IntPtr typeInfo) => _inner.GetTypeInfo(index, lcid, out typeInfo);

    public int GetIDsOfNames(ref Guid riid, string[] names, int count, int lcid, int[] dispIds) => _inner.GetIDsOfNames(ref riid, names, count, lcid, dispIds);

    public int Invoke(int dispId, ref Guid riid, int lcid, ushort flags, ref DISPPARAMS parameters, IntPtr result, IntPtr excepInfo, IntPtr argErr) =>
        argErr == IntPtr.Zero ? HResults.NullPointer.Signed : _inner.Invoke(dispId, ref riid, lcid, flags, ref parameters, result, excepInfo, argErr);
}
