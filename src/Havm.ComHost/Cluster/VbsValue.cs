using System.Linq;

namespace Havm.ComHost.Cluster;

/// <summary>
/// Converts a private property's VARIANT with VBScript's rules, as Havm.vbs's comparisons saw it, except that text is
/// read the same on every node whatever its locale: a property is shared by every node of the cluster, so "150.0" is
/// 150 everywhere and "150,0" is not a number anywhere (spec section 2). Thread-safe (no state).
/// </summary>
internal static class VbsValue
{
    private const NumberStyles Decimal = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>
    /// Empty/Null: blank. Boolean: the number -1 or 0. A finite number: that number. Text: a number when it holds
    /// one (below), blank when empty or only spaces, else text. NaN, an infinity, a date, an array or an object: text
    /// (a bad value wherever a number belongs).
    /// </summary>
    /// <remarks>
    /// A number in text, as VBScript reads one, with the invariant culture: surrounding white space, a leading sign,
    /// digits with one decimal point, an exponent (<c>1.5E+2</c>), or a hexadecimal (<c>&amp;H96</c>) or octal
    /// (<c>&amp;O226</c>) literal. Not numbers: a thousands or a decimal separator other than ".", a currency sign,
    /// parentheses, "NaN", "Infinity", and a value too large for a Double.
    /// <para>
    /// A <c>&amp;H</c>/<c>&amp;O</c> literal is a bit pattern of at most 32 bits, as VBScript's <c>CDbl</c> reads it
    /// through OLE Automation (<c>VarR8FromStr</c>: <c>VarParseNumFromStr</c>, then <c>VarNumFromParseNum</c>, whose
    /// hex/octal branch gives a Double only for a value that fits a signed 32-bit Long; Wine
    /// dlls/oleaut32/variant.c): a value of 0 to 0x7FFFFFFF is itself (<c>&amp;HFFFF</c> = 65535); 0x80000000 to
    /// 0xFFFFFFFF has the top bit of 32 set and is negative (<c>&amp;H80000000</c> = -2147483648,
    /// <c>&amp;HFFFFFFFF</c> = -1); a wider value (<c>&amp;H100000000</c>, <c>&amp;O40000000000</c>) overflows and is
    /// text (a bad value wherever a number belongs). Leading zero digits do not count.
    /// </para>
    /// </remarks>
    public static PropertyValue ToPropertyValue(object? value)
    {
        switch (value)
        {
            case null:
            case DBNull:
                return PropertyValue.FromText(null);
            case bool flag:
                return PropertyValue.FromNumber(flag ? -1 : 0, flag ? "True" : "False");
            case string text:
                return TryParse(text, out var number) ? PropertyValue.FromNumber(number, text) : PropertyValue.FromText(text);
            case Array array:
                return PropertyValue.FromText(string.Join(";", array.Cast<object?>().Select(Invariant).ToArray()));
            default:
                var shown = Invariant(value);
                if (!IsNumber(value))
                {
                    return PropertyValue.FromText(shown);
                }

                var converted = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                return IsFinite(converted) ? PropertyValue.FromNumber(converted, shown) : PropertyValue.FromText(shown);
        }
    }

    /// <summary>Whether <paramref name="text"/> holds a number by the rules above, and which.</summary>
    public static bool TryParse(string text, out double number)
    {
        number = 0;
        var trimmed = text.Trim();
        if (trimmed.Length > 2 && trimmed[0] == '&')
        {
            return TryParseInteger(trimmed, out number);
        }

        if (!IsDecimalLiteral(trimmed))
        {
            return false;
        }

        // The grammar was checked above, so TryParse sees only what VBScript accepts, never "NaN" or "1,5". A value too
        // large for a Double fails on .NET Framework (OverflowException from Parse) and is an infinity on .NET Core 3+.
        return double.TryParse(trimmed, Decimal, CultureInfo.InvariantCulture, out number) && IsFinite(number);
    }

    private static bool TryParseInteger(string literal, out double number)
    {
        number = 0;
        int radix;
        switch (literal[1])
        {
            case 'H':
            case 'h':
                radix = 16;
                break;
            case 'O':
            case 'o':
                radix = 8;
                break;
            default:
                return false;
        }

        // Accumulated unsigned; one digit past 32 bits ends it (the literal can have any number of digits).
        ulong pattern = 0;
        foreach (var c in literal.Substring(2))
        {
            var digit = HexDigit(c);
            if (digit < 0 || digit >= radix)
            {
                return false;
            }

            pattern = (pattern * (ulong)radix) + (ulong)digit;
            if (pattern > uint.MaxValue)
            {
                return false;
            }
        }

        number = unchecked((int)(uint)pattern);
        return true;
    }

    /// <summary>The value of an ASCII hexadecimal digit; -1 for any other character.</summary>
    private static int HexDigit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'F' => c - 'A' + 10,
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };

    /// <summary>[+|-] (digits [. [digits]] | . digits) [(E|e) [+|-] digits], ASCII digits only.</summary>
    private static bool IsDecimalLiteral(string text)
    {
        var i = 0;
        if (i < text.Length && (text[i] == '+' || text[i] == '-'))
        {
            i++;
        }

        var integerDigits = Digits(text, ref i);
        var fractionDigits = 0;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            fractionDigits = Digits(text, ref i);
        }

        if (integerDigits + fractionDigits == 0)
        {
            return false;
        }

        if (i < text.Length && (text[i] == 'E' || text[i] == 'e'))
        {
            i++;
            if (i < text.Length && (text[i] == '+' || text[i] == '-'))
            {
                i++;
            }

            if (Digits(text, ref i) == 0)
            {
                return false;
            }
        }

        return i == text.Length;
    }

    private static int Digits(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && text[i] >= '0' && text[i] <= '9')
        {
            i++;
        }

        return i - start;
    }

    private static bool IsFinite(double number) => !double.IsNaN(number) && !double.IsInfinity(number);

    private static string Invariant(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;

    private static bool IsNumber(object value)
    {
        switch (Convert.GetTypeCode(value))
        {
            case TypeCode.SByte:
            case TypeCode.Byte:
            case TypeCode.Int16:
            case TypeCode.UInt16:
            case TypeCode.Int32:
            case TypeCode.UInt32:
            case TypeCode.Int64:
            case TypeCode.UInt64:
            case TypeCode.Single:
            case TypeCode.Double:
            case TypeCode.Decimal:
                return true;
            default:
                return false;
        }
    }
}
