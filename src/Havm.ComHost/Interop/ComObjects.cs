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

    /// <summary>
    /// Runs <paramref name="use"/> on a COM object just read and releases it afterwards, whether <paramref name="use"/>
    /// returns or throws; nested, every object read is released on every path.
    /// </summary>
    public static T Using<T>(object? value, Func<object?, T> use) => Using(value, use, Release);

    /// <summary><see cref="Using{T}(object?, Func{object?, T})"/> with the release given (tests).</summary>
    internal static T Using<T>(object? value, Func<object?, T> use, Action<object?> release)
    {
        try
        {
            return use(value);
        }
        finally
        {
            release(value);
        }
    }
}
