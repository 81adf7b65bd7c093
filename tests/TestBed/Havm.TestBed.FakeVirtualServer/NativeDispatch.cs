using System.Collections.Concurrent;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Havm.TestBed.FakeVirtualServer;

/// <summary>
/// Hands the fake's objects out as plain native IDispatch objects (a hand-made vtable), so that callers see them
/// as Virtual Server's own objects: COM objects reached through IDispatch, never unwrapped .NET objects. The
/// members are called through compiled delegates and every exception is caught here and returned as
/// DISP_E_EXCEPTION with its HRESULT in EXCEPINFO: no exception ever unwinds through native frames (under Wine 8 a
/// reflection call that throws through native runtime frames can hang the thread's next exception, NOTES.md 2).
/// Free-threaded (answers IAgileObject), like an out-of-process server's proxies.
/// </summary>
internal static unsafe class NativeDispatch
{
    private static readonly Guid IidUnknown = new("00000000-0000-0000-C000-000000000046");
    private static readonly Guid IidDispatch = new("00020400-0000-0000-C000-000000000046");
    private static readonly Guid IidAgile = new("94EA2B94-E9CC-49E0-C0FF-EE64CA8F5B90");
    private const int SOk = 0, ENoInterface = unchecked((int)0x80004002), ENotImpl = unchecked((int)0x80004001);
    private const int DispEUnknownName = unchecked((int)0x80020006), DispEMemberNotFound = unchecked((int)0x80020003);
    private const int DispEException = unchecked((int)0x80020009), DispEBadParamCount = unchecked((int)0x8002000E);
    private const ushort Method = 1, PropertyGet = 2;

    [StructLayout(LayoutKind.Sequential)]
    private struct Instance
    {
        public IntPtr Vtable;
        public IntPtr Handle;
        public int References;
    }

    private static readonly IntPtr Vtable = BuildVtable();
    private static readonly ConcurrentDictionary<Type, Member[]> Members = new();

    private sealed record Member(string Name, bool IsProperty, Type[] Parameters, Func<object, object?[], object?> Call);

    /// <summary>A COM wrapper (RCW) of a native IDispatch over the object, or null for null.</summary>
    public static object? Wrap(object? target)
    {
        if (target is null)
        {
            return null;
        }

        IntPtr p = Create(target);
        try
        {
            return Marshal.GetObjectForIUnknown(p);
        }
        finally
        {
            Marshal.Release(p);
        }
    }

    /// <summary>A new native IDispatch over the object (one reference, the caller's).</summary>
    public static IntPtr Create(object target)
    {
        var inst = (Instance*)NativeMemory.AllocZeroed((nuint)sizeof(Instance));
        inst->Vtable = Vtable;
        inst->Handle = GCHandle.ToIntPtr(GCHandle.Alloc(target));
        inst->References = 1;
        return (IntPtr)inst;
    }

    private static IntPtr BuildVtable()
    {
        var v = (IntPtr*)NativeMemory.AllocZeroed((nuint)(7 * sizeof(IntPtr)));
        v[0] = (IntPtr)(delegate* unmanaged<IntPtr, Guid*, IntPtr*, int>)&QueryInterface;
        v[1] = (IntPtr)(delegate* unmanaged<IntPtr, uint>)&AddRef;
        v[2] = (IntPtr)(delegate* unmanaged<IntPtr, uint>)&Release;
        v[3] = (IntPtr)(delegate* unmanaged<IntPtr, uint*, int>)&GetTypeInfoCount;
        v[4] = (IntPtr)(delegate* unmanaged<IntPtr, uint, uint, IntPtr*, int>)&GetTypeInfo;
        v[5] = (IntPtr)(delegate* unmanaged<IntPtr, Guid*, IntPtr*, uint, uint, int*, int>)&GetIDsOfNames;
        v[6] = (IntPtr)(delegate* unmanaged<IntPtr, int, Guid*, uint, ushort, DispParams*, IntPtr, IntPtr, uint*, int>)&Invoke;
        return (IntPtr)v;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct DispParams
    {
        public IntPtr Args;
        public IntPtr NamedArgs;
        public int ArgCount;
        public int NamedArgCount;
    }

    [UnmanagedCallersOnly]
    private static int QueryInterface(IntPtr self, Guid* iid, IntPtr* result)
    {
        if (*iid == IidUnknown || *iid == IidDispatch || *iid == IidAgile)
        {
            Interlocked.Increment(ref ((Instance*)self)->References);
            *result = self;
            return SOk;
        }

        *result = IntPtr.Zero;
        return ENoInterface;
    }

    [UnmanagedCallersOnly]
    private static uint AddRef(IntPtr self) => (uint)Interlocked.Increment(ref ((Instance*)self)->References);

    [UnmanagedCallersOnly]
    private static uint Release(IntPtr self)
    {
        var inst = (Instance*)self;
        int left = Interlocked.Decrement(ref inst->References);
        if (left == 0)
        {
            GCHandle.FromIntPtr(inst->Handle).Free();
            NativeMemory.Free(inst);
        }

        return (uint)Math.Max(left, 0);
    }

    [UnmanagedCallersOnly]
    private static int GetTypeInfoCount(IntPtr self, uint* count)
    {
        *count = 0;
        return SOk;
    }

    [UnmanagedCallersOnly]
    private static int GetTypeInfo(IntPtr self, uint index, uint lcid, IntPtr* info)
    {
        *info = IntPtr.Zero;
        return ENotImpl;
    }

    private static object Target(IntPtr self) => GCHandle.FromIntPtr(((Instance*)self)->Handle).Target!;

    [UnmanagedCallersOnly]
    private static int GetIDsOfNames(IntPtr self, Guid* iid, IntPtr* names, uint count, uint lcid, int* ids)
    {
        var members = MembersOf(Target(self).GetType());
        int hr = SOk;
        for (uint i = 0; i < count; i++)
        {
            string name = Marshal.PtrToStringUni(names[i]) ?? "";
            int index = i == 0 ? Array.FindIndex(members, m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase)) : -1;
            ids[i] = index < 0 ? -1 : index + 1;
            if (index < 0)
            {
                hr = DispEUnknownName;
            }
        }

        return hr;
    }

    [UnmanagedCallersOnly]
    private static int Invoke(IntPtr self, int id, Guid* iid, uint lcid, ushort flags, DispParams* parameters, IntPtr result, IntPtr excepInfo, uint* argError)
    {
        try
        {
            var target = Target(self);
            var members = MembersOf(target.GetType());
            Member? member = id == 0 ? Array.Find(members, m => m.Name == "Item") : id >= 1 && id <= members.Length ? members[id - 1] : null;
            if (member is null)
            {
                return DispEMemberNotFound;
            }

            int n = parameters == null ? 0 : parameters->ArgCount;
            if (n != member.Parameters.Length)
            {
                return DispEBadParamCount;
            }

            var args = new object?[n];
            for (int i = 0; i < n; i++)
            {
                object? raw = Marshal.GetObjectForNativeVariant(parameters->Args + ((n - 1 - i) * 24)); // reverse order
                args[i] = raw is null || member.Parameters[i] == typeof(object) ? raw : Convert.ChangeType(raw, member.Parameters[i], CultureInfo.InvariantCulture);
            }

            if (member.IsProperty && (flags & PropertyGet) == 0)
            {
                return DispEMemberNotFound; // the fake's properties are read-only
            }

            if (!member.IsProperty && (flags & Method) == 0 && n == 0)
            {
                return DispEMemberNotFound;
            }

            object? value = member.Call(target, args);
            if (result != IntPtr.Zero)
            {
                WriteResult(value, result);
            }

            return SOk;
        }
#pragma warning disable CA1031 // every failure becomes an HRESULT: nothing may unwind into the native caller
        catch (Exception e)
#pragma warning restore CA1031
        {
            if (excepInfo != IntPtr.Zero)
            {
                // EXCEPINFO (x64): wCode, wReserved, bstrSource @8, bstrDescription @16, bstrHelpFile @24,
                // dwHelpContext @32, pvReserved @40, pfnDeferredFillIn @48, scode @56
                new Span<byte>((void*)excepInfo, 64).Clear();
                Marshal.WriteIntPtr(excepInfo, 8, Marshal.StringToBSTR("Virtual Server (test bed fake)"));
                Marshal.WriteIntPtr(excepInfo, 16, Marshal.StringToBSTR(e.Message));
                Marshal.WriteInt32(excepInfo, 56, e is COMException c ? c.ErrorCode : e.HResult);
            }

            return DispEException;
        }
    }

    private static void WriteResult(object? value, IntPtr variant)
    {
        if (value is null or DispatchWrapper { WrappedObject: null })
        {
            new Span<byte>((void*)variant, 24).Clear();
            Marshal.WriteInt16(variant, 9); // VT_DISPATCH, null: Nothing
            return;
        }

        if (Marshal.IsComObject(value))
        {
            new Span<byte>((void*)variant, 24).Clear();
            Marshal.WriteInt16(variant, 9);
            Marshal.WriteIntPtr(variant, 8, Marshal.GetIDispatchForObject(value));
            return;
        }

        Marshal.GetNativeVariantForObject(value, variant);
    }

    private static Member[] MembersOf(Type type) => Members.GetOrAdd(type, t =>
    {
        var list = new List<Member>();
        var self = Expression.Parameter(typeof(object), "self");
        var args = Expression.Parameter(typeof(object?[]), "args");
        foreach (var p in t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && p.CanRead))
        {
            var body = Expression.Convert(Expression.Property(Expression.Convert(self, t), p), typeof(object));
            list.Add(new Member(p.Name, true, Type.EmptyTypes, Expression.Lambda<Func<object, object?[], object?>>(body, self, args).Compile()));
        }

        foreach (var m in t.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => !m.IsSpecialName && m.DeclaringType != typeof(object)))
        {
            var ps = m.GetParameters();
            var call = Expression.Call(Expression.Convert(self, t), m,
                ps.Select((p, i) => (Expression)Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.ParameterType)));
            Expression body = m.ReturnType == typeof(void)
                ? Expression.Block(call, Expression.Constant(null, typeof(object)))
                : Expression.Convert(call, typeof(object));
            list.Add(new Member(m.Name, false, ps.Select(p => p.ParameterType).ToArray(), Expression.Lambda<Func<object, object?[], object?>>(body, self, args).Compile()));
        }

        return list.ToArray();
    });
}

/// <summary>Makes every fake class answer IDispatch with its native IDispatch (see <see cref="NativeDispatch"/>).</summary>
public abstract class NativeDispatchObject : ICustomQueryInterface
{
    private static readonly Guid IidDispatch = new("00020400-0000-0000-C000-000000000046");

    CustomQueryInterfaceResult ICustomQueryInterface.GetInterface(ref Guid iid, out IntPtr ppv)
    {
        if (iid == IidDispatch)
        {
            ppv = NativeDispatch.Create(this);
            return CustomQueryInterfaceResult.Handled;
        }

        ppv = IntPtr.Zero;
        return CustomQueryInterfaceResult.NotHandled;
    }
}
