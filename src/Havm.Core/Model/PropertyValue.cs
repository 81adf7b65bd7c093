using System.Globalization;

namespace Havm.Core.Model;

/// <summary>What kind of value a private property holds.</summary>
public enum PropertyValueKind
{
    /// <summary>The property does not exist.</summary>
    Missing,
    /// <summary>The property exists and is empty or only spaces.</summary>
    Blank,
    /// <summary>A number, or text that VBScript reads as a number (True is -1, as in VBScript).</summary>
    Number,
    /// <summary>Text that is not a number.</summary>
    Text,
    /// <summary>The <c>Resource</c> object failed while reading it (Terminate reads on: last good value, else default).</summary>
    Unreadable,
}

/// <summary>
/// A private property's value as the COM host read it, already converted with VBScript's rules:
/// the number 1, the text " 1 " and 1.0 are all the number 1.
/// </summary>
public readonly struct PropertyValue
{
    private PropertyValue(PropertyValueKind kind, double number, string text)
    {
        Kind = kind;
        Number = number;
        Text = text;
    }

    /// <summary>A property that does not exist.</summary>
    public static PropertyValue Missing => new(PropertyValueKind.Missing, 0, string.Empty);

    /// <summary>A property whose read failed (the host's <c>Resource</c> object threw).</summary>
    public static PropertyValue Unreadable => new(PropertyValueKind.Unreadable, 0, string.Empty);

    /// <summary>What kind of value it is.</summary>
    public PropertyValueKind Kind { get; }

    /// <summary>The number, when <see cref="Kind"/> is <see cref="PropertyValueKind.Number"/>.</summary>
    public double Number { get; }

    /// <summary>The value as text, as an administrator would see it (for names and for the log).</summary>
    public string Text { get; }

    /// <summary>A numeric value; <paramref name="text"/> is how it was written.</summary>
    public static PropertyValue FromNumber(double number, string? text = null) =>
        new(PropertyValueKind.Number, number, text ?? number.ToString(CultureInfo.InvariantCulture));

    /// <summary>A text value: blank when empty or only spaces.</summary>
    public static PropertyValue FromText(string? text) =>
        string.IsNullOrEmpty(text) || text!.Trim().Length == 0
            ? new PropertyValue(PropertyValueKind.Blank, 0, text ?? string.Empty)
            : new PropertyValue(PropertyValueKind.Text, 0, text);

    /// <summary>For the log: the value in quotes, or (missing) / (blank).</summary>
    public override string ToString() => Kind switch
    {
        PropertyValueKind.Missing => "(missing)",
        PropertyValueKind.Blank => "(blank)",
        PropertyValueKind.Unreadable => "(unreadable)",
        _ => "\"" + Text + "\"",
    };
}
