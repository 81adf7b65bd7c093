using System.Reflection;

namespace Havm.ComHost.Interop;

/// <summary>
/// Late binding on a plain .NET object through reflection: the runtime hands a .NET COM server's objects back
/// unwrapped (the test bed's fakes), and its members may be implemented explicitly, so the object's interfaces are
/// searched after its class. Against the real Virtual Server every object is a COM object and this path is never
/// taken. Reflection's first calls do pass through native runtime frames, so under Wine a failure here can hang the
/// thread's next exception (NOTES.md, limit 2): the test bed's fake hands its objects out as native IDispatch objects.
/// </summary>
internal static class ManagedMembers
{
    private const BindingFlags Lookup = BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase;

    /// <summary>Calls, reads or writes the member as <paramref name="flags"/> (Dispatch.*) says.</summary>
    public static object? Invoke(object target, string name, ushort flags, object?[] args)
    {
        switch (flags)
        {
            case Dispatch.Method:
                return Invoke(target, name, BindingFlags.InvokeMethod, args);
            case Dispatch.PropertyGet | Dispatch.Method:
                // VBScript reads obj.Name and obj.Item(i) whether they are properties, fields or methods.
                var read = args.Length == 0 ? BindingFlags.GetProperty | BindingFlags.GetField : BindingFlags.GetProperty;
                return TryInvoke(target, name, read, args, out var value) ? value : Invoke(target, name, BindingFlags.InvokeMethod, args);
            case Dispatch.PropertyPut:
                return Invoke(target, name, BindingFlags.SetProperty | BindingFlags.SetField, args);
            default:
                throw new ArgumentOutOfRangeException(nameof(flags), flags, "not a dispatch kind the late binder uses");
        }
    }

    private static object? Invoke(object target, string name, BindingFlags kind, object?[] args) =>
        TryInvoke(target, name, kind, args, out var value)
            ? value
            : throw new COMException(name + ": no such member on " + target.GetType().FullName, HResults.UnknownName.Signed);

    private static bool TryInvoke(object target, string name, BindingFlags kind, object?[] args, out object? value)
    {
        var type = target.GetType();
        if (TryInvokeOn(type, target, name, kind, args, out value))
        {
            return true;
        }

        foreach (var contract in type.GetInterfaces())
        {
            if (TryInvokeOn(contract, target, name, kind, args, out value))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryInvokeOn(Type type, object target, string name, BindingFlags kind, object?[] args, out object? value)
    {
        try
        {
            value = type.InvokeMember(name, kind | Lookup, null, target, args, CultureInfo.InvariantCulture);
            return true;
        }
        catch (MissingMemberException)
        {
            value = null;
            return false;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            var inner = ex.InnerException;
            throw new COMException(name + ": " + inner.Message, ExceptionCode.Of(inner).Signed);
        }
    }
}
