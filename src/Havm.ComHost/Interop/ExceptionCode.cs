#if NETFRAMEWORK
using System.Reflection;
#endif

namespace Havm.ComHost.Interop;

/// <summary>The HRESULT an exception carries, read without side effects. Thread-safe (no state).</summary>
internal static class ExceptionCode
{
#if NETFRAMEWORK
    /// <summary>
    /// <c>Exception.HResult</c>, whose getter is protected on .NET Framework 4.0 (public from 4.5). Not
    /// <c>Marshal.GetHRForException</c>: on .NET Framework it also sets the calling thread's COM error info
    /// (SetErrorInfo), which on an entry point's thread is the host's, and the script's next failing call could report it.
    /// </summary>
    private static readonly PropertyInfo? HResultProperty =
        typeof(Exception).GetProperty("HResult", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
#endif

    /// <summary>The exception's HRESULT (<c>Exception.HResult</c>: a COMException's own, COR_E_* for the runtime's); never touches the thread's error info.</summary>
    public static HResult Of(Exception exception) =>
#if NETFRAMEWORK
        new(HResultProperty?.GetValue(exception, null) is int code ? code : HResults.Fail.Signed);
#else
        new(exception.HResult);
#endif
}
