namespace Havm.ComHost.Interop;

/// <summary>Reads the values late-bound calls return (VARIANTs already turned into .NET values).</summary>
internal static class Variants
{
    /// <summary>A Long (VT_I4, or any number).</summary>
    public static int ToInt(object? value) => Convert.ToInt32(value, CultureInfo.InvariantCulture);

    /// <summary>A Boolean (VT_BOOL, or a number where nonzero is true).</summary>
    public static bool ToBool(object? value) => Convert.ToBoolean(value, CultureInfo.InvariantCulture);

    /// <summary>A String; empty for Empty or Null.</summary>
    public static string ToText(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>An error code, whichever signedness or width it came in (a fake may return 0xA0040504 as a uint or a long).</summary>
    public static HResult ToHResult(object? value) => value switch
    {
        null => HResults.Ok,
        int signed => new HResult(signed),
        uint unsigned => new HResult(unsigned),
        _ => new HResult(unchecked((uint)Convert.ToInt64(value, CultureInfo.InvariantCulture))),
    };
}
