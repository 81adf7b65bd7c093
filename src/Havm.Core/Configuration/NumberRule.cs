using System.Globalization;

namespace Havm.Core.Configuration;

/// <summary>
/// What one numeric private property accepts and what each value means: either a whole number within a range, or one
/// of Havm.vbs's two flags, which accept any number and read it as "the special value, or anything else". Immutable.
/// </summary>
internal sealed class NumberRule
{
    private readonly int _min;
    private readonly int _max;
    private readonly bool _isFlag;
    private readonly int _special;
    private readonly int _other;
    private readonly Func<int, string> _meaning;

    private NumberRule(
        string name, int defaultValue, string accepted, int min, int max, bool isFlag, int special, int other, Func<int, string> meaning)
    {
        Name = name;
        Default = defaultValue;
        Accepted = accepted;
        _min = min;
        _max = max;
        _isFlag = isFlag;
        _special = special;
        _other = other;
        _meaning = meaning;
    }

    /// <summary>The property's name.</summary>
    public string Name { get; }

    /// <summary>The value used when the property is missing and nothing good has been seen.</summary>
    public int Default { get; }

    /// <summary>What the property accepts, in words for the log.</summary>
    public string Accepted { get; }

    /// <summary>A property that accepts the whole numbers from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static NumberRule Range(string name, int defaultValue, int min, int max, string accepted, Func<int, string> meaning) =>
        new(name, defaultValue, accepted, min, max, isFlag: false, special: 0, other: 0, meaning);

    /// <summary>
    /// A Havm.vbs flag: any number is accepted; exactly <paramref name="special"/> means one thing and any other number
    /// means what <paramref name="other"/> means (Havm.vbs compared with = 1 or = 0).
    /// </summary>
    public static NumberRule Flag(string name, int defaultValue, int special, int other, string accepted, Func<int, string> meaning) =>
        new(name, defaultValue, accepted, min: 0, max: 0, isFlag: true, special, other, meaning);

    /// <summary>Whether the number is a good value for this property.</summary>
    public bool Accepts(double number) => IsFinite(number) && (_isFlag || (IsWhole(number) && number >= _min && number <= _max));

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

    private static bool IsWhole(double number) => Math.Floor(number) == number;

    /// <summary>NaN and the infinities are bad values for every property (behaviour.md section 2).</summary>
    private static bool IsFinite(double number) => !double.IsNaN(number) && !double.IsInfinity(number);
}
