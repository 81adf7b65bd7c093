using System.Globalization;

namespace Havm.Core.Configuration;

/// <summary>
/// What one numeric private property accepts and what each value means: either a whole number within a range, or one
/// of Havm.vbs's two flags, which accept any number and read it as "the special value, or anything else". Immutable.
/// </summary>
internal sealed class NumberRule
{
    private readonly bool _isFlag;
    private readonly int _special;
    private readonly int _other;
    private readonly Func<int, string> _meaning;

    private NumberRule(string name, int defaultValue, int min, int max, bool isFlag, int special, int other, Func<int, string> meaning, string unit)
    {
        Name = name;
        Default = defaultValue;
        Min = min;
        Max = max;
        _isFlag = isFlag;
        _special = special;
        _other = other;
        _meaning = meaning;
        Accepted = isFlag
            ? Text(special) + " = " + meaning(special) + ", any other number = " + meaning(other)
            : max - min <= 2
                ? Choices(min, max)
                : "a whole number" + (unit.Length > 0 ? " of " + unit : string.Empty) + " from " + Text(min) + " to " + Text(max);
    }

    /// <summary>The property's name.</summary>
    public string Name { get; }

    /// <summary>
    /// The value used when the property is missing and nothing good has been seen; for the flags in
    /// <see cref="NumberRules.CreatedByOpen"/>, also the value Open creates them with.
    /// </summary>
    public int Default { get; }

    /// <summary>A range's smallest accepted value (a flag accepts any number: 0).</summary>
    public int Min { get; }

    /// <summary>A range's largest accepted value (a flag accepts any number: 0).</summary>
    public int Max { get; }

    /// <summary>What the property accepts, in words for the log, made from the range or the flag's meanings.</summary>
    public string Accepted { get; }

    /// <summary>
    /// A property that accepts the whole numbers from <paramref name="min"/> to <paramref name="max"/>, counted in
    /// <paramref name="unit"/> when it has one ("seconds").
    /// </summary>
    public static NumberRule Range(string name, int defaultValue, int min, int max, Func<int, string> meaning, string unit = "") =>
        new(name, defaultValue, min, max, isFlag: false, special: 0, other: 0, meaning, unit);

    /// <summary>
    /// A Havm.vbs flag: any number is accepted; exactly <paramref name="special"/> means one thing and any other number
    /// means what <paramref name="other"/> means (Havm.vbs compared with = 1 or = 0).
    /// </summary>
    public static NumberRule Flag(string name, int defaultValue, int special, int other, Func<int, string> meaning) =>
        new(name, defaultValue, min: 0, max: 0, isFlag: true, special, other, meaning, unit: string.Empty);

    /// <summary>Whether the number is a good value for this property.</summary>
    public bool Accepts(double number) => IsFinite(number) && (_isFlag || (IsWhole(number) && number >= Min && number <= Max));

    /// <summary>The value the resource runs with for an accepted number (a flag's any-other number becomes its other value).</summary>
    public int Effective(double number)
    {
        if (_isFlag)
        {
            return number == _special ? _special : _other;
        }

        return (int)number;
    }

    /// <summary>Whether an accepted number deserves a warning: a flag set to something other than 0 or 1 (True is -1).</summary>
    public bool IsUnusual(double number) => _isFlag && number != 0 && number != 1;

    /// <summary>What the effective value means, e.g. "save state".</summary>
    public string Meaning(int effective) => _meaning(effective);

    /// <summary>A number as the log writes it.</summary>
    public static string Format(double number) => number.ToString(CultureInfo.InvariantCulture);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A short range as its values: "0 or 1", "0, 1 or 2".</summary>
    private static string Choices(int min, int max)
    {
        var values = new List<string>();
        for (var value = min; value <= max; value++)
        {
            values.Add(Text(value));
        }

        return string.Join(", ", values.Take(values.Count - 1).ToArray()) + " or " + values[values.Count - 1];
    }

    private static bool IsWhole(double number) => Math.Floor(number) == number;

    /// <summary>NaN and the infinities are bad values for every property (behaviour.md section 2).</summary>
    private static bool IsFinite(double number) => !double.IsNaN(number) && !double.IsInfinity(number);
}
