namespace Havm.Core.Model;

/// <summary>How a call into Virtual Server ended.</summary>
public enum VsAnswerKind
{
    /// <summary>The call returned a value.</summary>
    Ok,
    /// <summary>The call failed with an error code (Virtual Server refused, or the connection failed).</summary>
    Failed,
    /// <summary>No answer within the deadline (Virtual Server hangs or is slow).</summary>
    TimedOut,
}

/// <summary>The answer to one call into Virtual Server: a value, an error code, or no answer in time.</summary>
public readonly struct VsAnswer<T>
{
    private VsAnswer(VsAnswerKind kind, T value, HResult error, string? detail)
    {
        Kind = kind;
        Value = value;
        Error = error;
        Detail = detail;
    }

    /// <summary>How the call ended.</summary>
    public VsAnswerKind Kind { get; }

    /// <summary>The value; meaningful only when <see cref="IsOk"/>.</summary>
    public T Value { get; }

    /// <summary>The error code when <see cref="Kind"/> is <see cref="VsAnswerKind.Failed"/>.</summary>
    public HResult Error { get; }

    /// <summary>The error's description, when the callee gave one.</summary>
    public string? Detail { get; }

    /// <summary>Whether the call returned a value.</summary>
    public bool IsOk => Kind == VsAnswerKind.Ok;

    /// <summary>Whether the call failed with <paramref name="code"/>.</summary>
    public bool FailedWith(HResult code) => Kind == VsAnswerKind.Failed && Error == code;

    /// <summary>A returned value.</summary>
    public static VsAnswer<T> Ok(T value) => new(VsAnswerKind.Ok, value, HResults.Ok, null);

    /// <summary>A call that failed with <paramref name="error"/>.</summary>
    public static VsAnswer<T> Failed(HResult error, string? detail = null) => new(VsAnswerKind.Failed, default!, error, detail);

    /// <summary>A call with no answer in time.</summary>
    public static VsAnswer<T> TimedOut() => new(VsAnswerKind.TimedOut, default!, HResults.Ok, null);

    /// <summary>How the call ended, for the log: the value, the error code with its name, or "no answer".</summary>
    public override string ToString() => Kind switch
    {
        VsAnswerKind.Ok => Convert.ToString(Value, System.Globalization.CultureInfo.InvariantCulture) ?? "(nothing)",
        VsAnswerKind.Failed => HResults.Describe(Error) + (string.IsNullOrEmpty(Detail) ? string.Empty : " (" + Detail + ")"),
        _ => "no answer in time",
    };
}
