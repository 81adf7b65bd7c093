namespace Havm.ComHost.Interop;

/// <summary>Releases what Havm.Net holds, on the thread that made it, so that nothing is left to the finalizer.</summary>
internal static class ComObjects
{
    /// <summary>Releases a COM object; a .NET object (a test fake the runtime unwrapped) or null needs nothing.</summary>
    public static void Release(object? value)
    {
        if (value is not null && Marshal.IsComObject(value))
        {
            _ = Marshal.ReleaseComObject(value);
        }
    }
}
