namespace Havm.ComHost.Interop;

/// <summary>The HRESULT an exception carries (on .NET Framework 4.0 <c>Exception.HResult</c> is not public).</summary>
internal static class ExceptionCode
{
    /// <summary>The exception's HRESULT.</summary>
    public static HResult Of(Exception exception) =>
#if NETFRAMEWORK
        exception is ExternalException external ? new HResult(external.ErrorCode) : new HResult(Marshal.GetHRForException(exception));
#else
        new HResult(exception.HResult);
#endif
}
