using Havm.Core.Model;

namespace Havm.Tests.Fakes;

/// <summary>How an injected call into Virtual Server fails: with an error code, or with no answer in time.</summary>
public sealed class Fault
{
    private Fault(bool timedOut, HResult error)
    {
        IsTimeout = timedOut;
        Error = error;
    }

    /// <summary>No answer in time: the call uses up its whole deadline (as the real worker does) and says so.</summary>
    public bool IsTimeout { get; }

    /// <summary>The error code of a failed call.</summary>
    public HResult Error { get; }

    public static Fault Failed(HResult error) => new(false, error);

    public static Fault TimedOut() => new(true, HResults.Ok);

    /// <summary>Readable in test names: <c>TimedOut</c> or the code with its name.</summary>
    public override string ToString() => IsTimeout ? "TimedOut" : HResults.Describe(Error);
}
