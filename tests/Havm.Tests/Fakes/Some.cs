using System.Threading;

namespace Havm.Tests.Fakes;

/// <summary>Anonymous test data: unique values for what a test does not care about (Serilog's <c>Some</c>).</summary>
public static class Some
{
    private static int _counter;

    /// <summary>A unique positive number.</summary>
    public static int Int() => Interlocked.Increment(ref _counter);

    /// <summary>A unique text, optionally tagged.</summary>
    public static string String(string tag = "text") => tag + "-" + Int();

    /// <summary>A unique guest name.</summary>
    public static string GuestName() => String("Guest");

    /// <summary>A unique cluster node name.</summary>
    public static string NodeName() => String("NODE").ToUpperInvariant();
}
