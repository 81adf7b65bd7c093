using System.Diagnostics.CodeAnalysis;
using Havm.ComHost.Interop;

namespace Havm.ComHost.VirtualServer;

/// <summary>Creates <c>VirtualServer.Application</c> by ProgID (on the worker thread that will own it). Interop only.</summary>
[ExcludeFromCodeCoverage]
internal static class VsApplication
{
    /// <summary>Virtual Server's ProgID.</summary>
    public const string ProgId = "VirtualServer.Application";

    /// <summary>A new connection; a <see cref="COMException"/> with the HRESULT when it cannot be made.</summary>
    /// <remarks>
    /// Through CLSIDFromProgID and CoCreateInstance, which return their HRESULT: a failed Activator.CreateInstance
    /// throws through native runtime frames, and under Wine the next exception on that thread can then hang it.
    /// </remarks>
    public static object Create()
    {
        var hr = NativeMethods.CLSIDFromProgID(ProgId, out var classId);
        if (hr < 0)
        {
            throw new COMException(ProgId + " is not registered on this node (is Virtual Server 2005 R2 installed?)", hr);
        }

        var unknown = NativeMethods.UnknownId;
        hr = NativeMethods.CoCreateInstance(ref classId, IntPtr.Zero, NativeMethods.ClassContextAll, ref unknown, out var instance);
        if (hr < 0 || instance is null)
        {
            throw new COMException("Creating " + ProgId + " failed", hr < 0 ? hr : HResults.Fail.Signed);
        }

        return instance;
    }
}
