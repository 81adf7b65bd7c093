using Havm.Core.Model;

namespace Havm.Core.Configuration;

/// <summary>
/// What a <see cref="SettingsReader"/> remembers about one numeric property between reads: the last good value, and
/// which bad or unusual value it last logged (so that a value is logged once per change). Guarded by the reader's lock.
/// </summary>
internal sealed class PropertyMemory
{
    /// <summary>The last good number read, if any since the property was last missing.</summary>
    public double? LastGood { get; set; }

    /// <summary>The bad or unusual value last logged; null while the value is good.</summary>
    public LoggedValue? Reported { get; set; }
}

/// <summary>
/// A bad or unusual value as its log line names it, compared by value: two values are the same when the log would
/// word them the same ("bad \"abc\"", "bad (blank)", "unusual -1"), so that a repeated value is neither logged again
/// nor worded to find that out. Immutable.
/// </summary>
internal readonly struct LoggedValue
{
    private readonly bool _unusual;
    private readonly PropertyValue _value;

    private LoggedValue(bool unusual, PropertyValue value)
    {
        _unusual = unusual;
        _value = value;
    }

    /// <summary>A value that is not accepted.</summary>
    public static LoggedValue Bad(PropertyValue value) => new(false, value);

    /// <summary>An accepted flag value other than 0 and 1 (logged by its number).</summary>
    public static LoggedValue Unusual(PropertyValue value) => new(true, value);

    /// <summary>Whether the log would name both alike.</summary>
    public bool Same(LoggedValue other)
    {
        if (_unusual != other._unusual)
        {
            return false;
        }

        if (_unusual)
        {
            // Worded by NumberRule.Format: equal numbers are worded alike; unequal ones only compared by their wording.
            return _value.Number.Equals(other._value.Number)
                || string.Equals(NumberRule.Format(_value.Number), NumberRule.Format(other._value.Number), StringComparison.Ordinal);
        }

        // Worded by PropertyValue.ToString: (missing), (blank), (unreadable), or the text in quotes.
        return Quoted(_value.Kind) && Quoted(other._value.Kind)
            ? string.Equals(_value.Text, other._value.Text, StringComparison.Ordinal)
            : _value.Kind == other._value.Kind;
    }

    private static bool Quoted(PropertyValueKind kind) => kind is PropertyValueKind.Number or PropertyValueKind.Text;
}
