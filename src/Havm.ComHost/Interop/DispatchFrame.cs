using DISPPARAMS = System.Runtime.InteropServices.ComTypes.DISPPARAMS;

namespace Havm.ComHost.Interop;

/// <summary>
/// The native memory of one IDispatch call: the arguments as VARIANTs (in DISPPARAMS's reverse order), the result
/// VARIANT, an EXCEPINFO, the named-argument slot of a property put and puArgErr. Freed, VARIANTs cleared, on Dispose.
/// </summary>
internal sealed class DispatchFrame : IDisposable
{
    private static readonly int VariantSize = IntPtr.Size == 8 ? 24 : 16;
    private static readonly int ExcepInfoSize = Marshal.SizeOf(typeof(ExcepInfo));

    private readonly IntPtr _block;
    private readonly int _count;
    private readonly bool _isPut;
    private readonly IVariantMarshaler _variants;

    public DispatchFrame(object?[] args, bool isPut, IVariantMarshaler variants)
    {
        _count = args.Length;
        _isPut = isPut;
        _variants = variants;
        var size = (VariantSize * (_count + 1)) + ExcepInfoSize + (2 * sizeof(int));
        _block = Marshal.AllocCoTaskMem(size);

        // Zeroed memory is VT_EMPTY everywhere, so every slot may be cleared even if an argument fails to convert.
        Marshal.Copy(new byte[size], 0, _block, size);
        try
        {
            for (var i = 0; i < _count; i++)
            {
                _variants.Write(args[_count - 1 - i], Argument(i));
            }
        }
        catch
        {
            // The caller's using never sees a frame whose constructor threw: free what was converted so far here.
            Dispose();
            throw;
        }

        Marshal.WriteInt32(NamedArgument, Dispatch.PropertyPutDispId);
    }

    /// <summary>The result VARIANT.</summary>
    public IntPtr Result => Offset(VariantSize * _count);

    /// <summary>The EXCEPINFO the callee fills in on DISP_E_EXCEPTION.</summary>
    public IntPtr ExcepInfo => Offset(VariantSize * (_count + 1));

    /// <summary>puArgErr of IDispatch::Invoke.</summary>
    public IntPtr ArgErr => Offset((VariantSize * (_count + 1)) + ExcepInfoSize + sizeof(int));

    /// <summary>The call's DISPPARAMS; a property put passes its value as the named argument DISPID_PROPERTYPUT.</summary>
    public DISPPARAMS Parameters => new()
    {
        cArgs = _count,
        rgvarg = Argument(0),
        cNamedArgs = _isPut ? 1 : 0,
        rgdispidNamedArgs = _isPut ? NamedArgument : IntPtr.Zero,
    };

    private IntPtr NamedArgument => Offset((VariantSize * (_count + 1)) + ExcepInfoSize);

    /// <summary>The call's result, or a <see cref="COMException"/> with the callee's code and description.</summary>
    public object? Outcome(string name, int hr) => Outcome(name, hr, missingIsAnswer: false, out _);

    /// <summary>
    /// The call's result, or a <see cref="COMException"/> with the callee's code and description; with
    /// <paramref name="missingIsAnswer"/>, a failure whose code says the member does not exist is no exception:
    /// <paramref name="missing"/> is true and the result null.
    /// </summary>
    public object? Outcome(string name, int hr, bool missingIsAnswer, out bool missing)
    {
        missing = false;
        if (hr >= 0)
        {
            return _variants.Read(Result);
        }

        string? text = null;
        var code = hr == HResults.DispException.Signed ? Callee(out text) : hr;
        if (missingIsAnswer && Dispatch.IsMissingMember(code))
        {
            missing = true;
            return null;
        }

        throw new COMException(name + ": " + (text ?? HResults.Describe(new HResult(code))), code);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        for (var i = 0; i <= _count; i++)
        {
            _variants.Clear(Offset(VariantSize * i));
        }

        Marshal.FreeCoTaskMem(_block);
    }

    /// <summary>The callee's code from its EXCEPINFO (filled in first when deferred), and its words for the message.</summary>
    private int Callee(out string text)
    {
        var info = (ExcepInfo)Marshal.PtrToStructure(ExcepInfo, typeof(ExcepInfo))!;
        if (info.DeferredFillIn != IntPtr.Zero)
        {
            var fillIn = (DeferredFillIn)Marshal.GetDelegateForFunctionPointer(info.DeferredFillIn, typeof(DeferredFillIn));
            _ = fillIn(ExcepInfo);
            info = (ExcepInfo)Marshal.PtrToStructure(ExcepInfo, typeof(ExcepInfo))!;
        }

        var description = TakeString(info.Description);
        var source = TakeString(info.Source);
        _ = TakeString(info.HelpFile);
        var code = info.SCode != 0 ? info.SCode : info.Code != 0 ? HResults.FromControlCode(info.Code).Signed : HResults.DispException.Signed;
        text = (string.IsNullOrEmpty(description) ? HResults.Describe(new HResult(code)) : description)
            + (string.IsNullOrEmpty(source) ? string.Empty : " (" + source + ")");
        return code;
    }

    private static string? TakeString(IntPtr bstr)
    {
        if (bstr == IntPtr.Zero)
        {
            return null;
        }

        var text = Marshal.PtrToStringBSTR(bstr);
        Marshal.FreeBSTR(bstr);
        return text;
    }

    private IntPtr Argument(int index) => Offset(VariantSize * index);

    private IntPtr Offset(int bytes) => new(_block.ToInt64() + bytes);
}
