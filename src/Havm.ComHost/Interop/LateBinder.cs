namespace Havm.ComHost.Interop;

/// <summary>
/// The one way Havm.Net calls a late-bound object (the cluster's Resource, Virtual Server's objects). A COM object
/// is called through raw <c>[PreserveSig]</c> IDispatchEx (GetDispID + InvokeEx), or IDispatch (GetIDsOfNames +
/// Invoke) when it has no IDispatchEx; a plain .NET object (a test fake the runtime unwrapped) through reflection.
/// Never <c>dynamic</c> or the Visual Basic late binder: both fail on Wine's VBScript objects. Every failure is a
/// <see cref="COMException"/> carrying the callee's HRESULT and description. Not thread-bound itself; callers keep
/// each object on its thread.
/// </summary>
internal static class LateBinder
{
    /// <summary>Calls a method (<c>obj.Name(args)</c>) and returns what it returned, or null.</summary>
    public static object? Call(object? target, string name, params object?[] args) =>
        Invoke(target, name, Dispatch.Method, args, OleVariants.Instance);

    /// <summary>Reads a property (<c>obj.Name</c> or <c>obj.Name(args)</c>), as VBScript does in an expression.</summary>
    public static object? Get(object? target, string name, params object?[] args) =>
        Invoke(target, name, Dispatch.PropertyGet | Dispatch.Method, args, OleVariants.Instance);

    /// <summary>
    /// Reads a property as <see cref="Get"/> does, except that an object answering that it has no such member
    /// (DISP_E_UNKNOWNNAME or DISP_E_MEMBERNOTFOUND, from the name's lookup or raised by the member) answers, without
    /// an exception: <paramref name="missing"/> is true and the result null. Any other failure throws as Get's does.
    /// </summary>
    public static object? GetOrMissing(object? target, string name, out bool missing) =>
        Invoke(target, name, Dispatch.PropertyGet | Dispatch.Method, new object?[0], OleVariants.Instance, missingIsAnswer: true, out missing);

    /// <summary>Writes a property (<c>obj.Name = value</c>).</summary>
    public static void Set(object? target, string name, object? value) =>
        Invoke(target, name, Dispatch.PropertyPut, new[] { value }, OleVariants.Instance);

    /// <summary>
    /// Calls <paramref name="name"/> as <paramref name="flags"/> (Dispatch.*) says, with <paramref name="variants"/>
    /// converting the arguments and the result of a raw IDispatch call. The raw interfaces are asked first: an object
    /// that has them is called through them even when it is not a runtime wrapper (tests), never through reflection.
    /// </summary>
    internal static object? Invoke(object? target, string name, ushort flags, object?[] args, IVariantMarshaler variants) =>
        Invoke(target, name, flags, args, variants, missingIsAnswer: false, out _);

    /// <summary>
    /// <see cref="Invoke(object?, string, ushort, object?[], IVariantMarshaler)"/>; with <paramref name="missingIsAnswer"/>,
    /// a call that fails because the member does not exist sets <paramref name="missing"/> instead of throwing.
    /// </summary>
    internal static object? Invoke(
        object? target, string name, ushort flags, object?[] args, IVariantMarshaler variants, bool missingIsAnswer, out bool missing)
    {
        missing = false;
        if (target is null)
        {
            throw new COMException(name + ": the object is Nothing", HResults.NullPointer.Signed);
        }

        if (target is IDispatchExRaw dispatchEx)
        {
            var found = dispatchEx.GetDispID(name, Dispatch.NameCaseInsensitive, out var dispId);
            if (missingIsAnswer && Dispatch.IsMissingMember(found))
            {
                missing = true;
                return null;
            }

            ThrowIfFailed(name, found);
            using var frame = new DispatchFrame(args, flags == Dispatch.PropertyPut, variants);
            var parameters = frame.Parameters;
            var hr = dispatchEx.InvokeEx(dispId, Dispatch.Lcid, flags, ref parameters, frame.Result, frame.ExcepInfo, IntPtr.Zero);
            return frame.Outcome(name, hr, missingIsAnswer, out missing);
        }

        if (target is IDispatchRaw dispatch)
        {
            var noInterface = Guid.Empty;
            var dispIds = new int[1];
            var found = dispatch.GetIDsOfNames(ref noInterface, new[] { name }, 1, Dispatch.Lcid, dispIds);
            if (missingIsAnswer && Dispatch.IsMissingMember(found))
            {
                missing = true;
                return null;
            }

            ThrowIfFailed(name, found);
            using var frame = new DispatchFrame(args, flags == Dispatch.PropertyPut, variants);
            var parameters = frame.Parameters;
            var hr = dispatch.Invoke(dispIds[0], ref noInterface, Dispatch.Lcid, flags, ref parameters, frame.Result, frame.ExcepInfo, frame.ArgErr);
            return frame.Outcome(name, hr, missingIsAnswer, out missing);
        }

        if (!Marshal.IsComObject(target))
        {
            try
            {
                return ManagedMembers.Invoke(target, name, flags, args);
            }
            catch (COMException ex) when (missingIsAnswer && Dispatch.IsMissingMember(ex.ErrorCode))
            {
                // A plain .NET object (a test's) has no error code to answer with: its lookup throws.
                missing = true;
                return null;
            }
        }

        throw new COMException(name + ": the object has no IDispatch", HResults.NoInterface.Signed);
    }

    private static void ThrowIfFailed(string name, int hr)
    {
        if (hr < 0)
        {
            throw new COMException(name + ": " + HResults.Describe(new HResult(hr)), hr);
        }
    }
}
