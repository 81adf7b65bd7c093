using System.Runtime.InteropServices;
using Havm.TestBed.FakeVirtualServer;

namespace Havm.TestBed.VirtualServerService;

/// <summary>
/// The fake Virtual Server as a local server, as the real one is: this process registers the class factories of
/// VirtualServer.Application and the test bed's control object (one state: <see cref="World"/>) with
/// CoRegisterClassObject (REGCLS_MULTIPLEUSE, from an MTA), and every object it hands out is a native IDispatch
/// (<see cref="NativeDispatch"/>; the class factory is native too): the runtime's own COM wrapper answers IDispatch
/// through reflection, which dies under Wine after a few hundred calls (NOTES.md limit 12a).
/// </summary>
internal static unsafe class LocalServer
{
    private static readonly Guid IidUnknown = new("00000000-0000-0000-C000-000000000046");
    private static readonly Guid IidClassFactory = new("00000001-0000-0000-C000-000000000046");
    private const int SOk = 0, ENoInterface = unchecked((int)0x80004002), EFail = unchecked((int)0x80004005);
    private const int ClassENoAggregation = unchecked((int)0x80040110);
    private const uint ClsctxLocalServer = 4, RegclsMultipleUse = 1, CoinitMultithreaded = 0;

    [StructLayout(LayoutKind.Sequential)]
    private struct Factory
    {
        public IntPtr Vtable;
        public int Kind;
    }

    private static readonly IntPtr Vtable = BuildVtable();
    private static readonly List<uint> Cookies = new();

    [DllImport("ole32.dll")]
    private static extern int CoInitializeEx(IntPtr reserved, uint model);

    [DllImport("ole32.dll")]
    private static extern int CoRegisterClassObject(Guid* clsid, IntPtr factory, uint context, uint flags, uint* cookie);

    [DllImport("ole32.dll")]
    private static extern int CoRevokeClassObject(uint cookie);

    /// <summary>
    /// Registers the two class factories from a thread of their own that joins the MTA and stays in it (a service's
    /// thread may already be in an apartment of the runtime's choosing); returns an error text, or null.
    /// </summary>
    public static string? Register()
    {
        string? error = "the registering thread did not answer";
        using var done = new ManualResetEventSlim();
        var thread = new Thread(() =>
        {
            int hr = CoInitializeEx(IntPtr.Zero, CoinitMultithreaded);
            error = hr < 0 ? $"CoInitializeEx(MTA) failed 0x{hr:X8}" : RegisterHere();
            done.Set();
            Thread.Sleep(Timeout.Infinite); // keeps the MTA alive for the life of the process
        })
        { IsBackground = true, Name = "class factories (MTA)" };
        thread.SetApartmentState(ApartmentState.MTA);
        thread.Start();
        _ = done.Wait(TimeSpan.FromSeconds(30));
        return error;
    }

    private static string? RegisterHere()
    {
        var classes = new[] { Registration.LocalServerClassId, Registration.LocalServerControlId };
        for (int kind = 0; kind < classes.Length; kind++)
        {
            var f = (Factory*)NativeMemory.AllocZeroed((nuint)sizeof(Factory));
            f->Vtable = Vtable;
            f->Kind = kind;
            var clsid = new Guid(classes[kind]);
            uint cookie;
            int hr = CoRegisterClassObject(&clsid, (IntPtr)f, ClsctxLocalServer, RegclsMultipleUse, &cookie);
            if (hr < 0)
            {
                return $"CoRegisterClassObject({classes[kind]}) failed 0x{hr:X8}";
            }

            Cookies.Add(cookie);
        }

        return null;
    }

    public static void Revoke()
    {
        foreach (var c in Cookies)
        {
            _ = CoRevokeClassObject(c);
        }

        Cookies.Clear();
    }

    private static IntPtr BuildVtable()
    {
        var v = (IntPtr*)NativeMemory.AllocZeroed((nuint)(5 * sizeof(IntPtr)));
        v[0] = (IntPtr)(delegate* unmanaged<IntPtr, Guid*, IntPtr*, int>)&QueryInterface;
        v[1] = (IntPtr)(delegate* unmanaged<IntPtr, uint>)&AddRef;
        v[2] = (IntPtr)(delegate* unmanaged<IntPtr, uint>)&Release;
        v[3] = (IntPtr)(delegate* unmanaged<IntPtr, IntPtr, Guid*, IntPtr*, int>)&CreateInstance;
        v[4] = (IntPtr)(delegate* unmanaged<IntPtr, int, int>)&LockServer;
        return (IntPtr)v;
    }

    [UnmanagedCallersOnly]
    private static int QueryInterface(IntPtr self, Guid* iid, IntPtr* result)
    {
        if (*iid == IidUnknown || *iid == IidClassFactory)
        {
            *result = self;
            return SOk;
        }

        *result = IntPtr.Zero;
        return ENoInterface;
    }

    // The factories live as long as the process.
    [UnmanagedCallersOnly]
    private static uint AddRef(IntPtr self) => 2;

    [UnmanagedCallersOnly]
    private static uint Release(IntPtr self) => 1;

    [UnmanagedCallersOnly]
    private static int LockServer(IntPtr self, int fLock) => SOk;

    [UnmanagedCallersOnly]
    private static int CreateInstance(IntPtr self, IntPtr outer, Guid* iid, IntPtr* result)
    {
        *result = IntPtr.Zero;
        if (outer != IntPtr.Zero)
        {
            return ClassENoAggregation;
        }

        try
        {
            object instance = ((Factory*)self)->Kind == 0 ? new VirtualServerApplication() : new VirtualServerControl();
            IntPtr unknown = NativeDispatch.Create(instance);
            int hr = Marshal.QueryInterface(unknown, in *iid, out IntPtr answer);
            Marshal.Release(unknown);
            *result = answer;
            return hr;
        }
#pragma warning disable CA1031 // nothing may unwind into the native caller
        catch (Exception)
#pragma warning restore CA1031
        {
            return EFail;
        }
    }
}
