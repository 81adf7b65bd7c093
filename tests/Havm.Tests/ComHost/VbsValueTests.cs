using System.Globalization;
using Havm.ComHost.Cluster;
using Havm.Core.Model;
using NUnit.Framework;

namespace Havm.Tests.ComHost;

/// <summary>
/// A private property's VARIANT read with VBScript's rules, the same on every node whatever its locale (spec section 2).
/// Every text case runs under de-DE (decimal comma), fr-FR (comma, narrow no-break space), en-US, tr-TR (dotted and
/// dotless i) and the invariant culture, set as the thread's CurrentCulture.
/// </summary>
[TestFixture]
public sealed class VbsValueTests
{
    private static readonly string[] Cultures = ["de-DE", "fr-FR", "en-US", "tr-TR", ""];

    private static PropertyValue ReadIn(string culture, object? value)
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            return VbsValue.ToPropertyValue(value);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [TestCase("150.0", 150)]
    [TestCase("150", 150)]
    [TestCase(" 150 ", 150)]
    [TestCase("\t150\t", 150)]
    [TestCase("+150", 150)]
    [TestCase("-150", -150)]
    [TestCase("1.5E+2", 150)]
    [TestCase("1500e-1", 150)]
    [TestCase(".5", 0.5)]
    [TestCase("5.", 5)]
    [TestCase("&H96", 150)]
    [TestCase("&h96", 150)]
    [TestCase(" &HFFFF ", 65535)]
    [TestCase("&O226", 150)]
    [TestCase("&H000000000096", 150)]
    [TestCase("&H7FFFFFFF", 2147483647)]
    [TestCase("000150", 150)]
    [TestCase("-0", 0)]
    [TestCase("1E-400", 0)]
    public void Text_HoldingANumber_IsThatNumberOnEveryCulture(string text, double expected)
    {
        foreach (var culture in Cultures)
        {
            // act
            var value = ReadIn(culture, text);

            // assert
            Assert.That((value.Kind, value.Number), Is.EqualTo((PropertyValueKind.Number, expected)), "culture \"" + culture + "\"");
        }
    }

    [TestCase("150,0")]
    [TestCase("1,500")]
    [TestCase("1 500")]
    [TestCase("1\u202F500")]
    [TestCase("$150")]
    [TestCase("150 €")]
    [TestCase("(150)")]
    [TestCase("- 150")]
    [TestCase("150-")]
    [TestCase("1.5.0")]
    [TestCase("E5")]
    [TestCase("1E")]
    [TestCase(".")]
    [TestCase("+")]
    [TestCase("&H")]
    [TestCase("&HG1")]
    [TestCase("&O8")]
    [TestCase("&X10")]
    [TestCase("&H10000000000000000")]
    [TestCase("& H96")]
    [TestCase("&H 96")]
    [TestCase("&H96&")]
    [TestCase("-&H10")]
    [TestCase("0x96")]
    [TestCase("1D2")]
    [TestCase("#1/1/2007#")]
    [TestCase("\u0661\u0665\u0660")]
    [TestCase("True")]
    [TestCase("on")]
    public void Text_NotANumberByVbScriptsInvariantRules_IsText(string text)
    {
        foreach (var culture in Cultures)
        {
            // act
            var value = ReadIn(culture, text);

            // assert
            Assert.That((value.Kind, value.Text), Is.EqualTo((PropertyValueKind.Text, text)), "culture \"" + culture + "\"");
        }
    }

    [TestCase("NaN")]
    [TestCase("nan")]
    [TestCase("Infinity")]
    [TestCase("-Infinity")]
    [TestCase("\u221E")]
    [TestCase("1E400")]
    [TestCase("-1E400")]
    [TestCase(" 1.8E308 ")]
    public void Text_NaNInfinityOrTooLargeForADouble_IsText(string text)
    {
        foreach (var culture in Cultures)
        {
            // act
            var value = ReadIn(culture, text);

            // assert
            Assert.That(value.Kind, Is.EqualTo(PropertyValueKind.Text), "culture \"" + culture + "\"");
        }
    }

    [TestCase("&H80000000", -2147483648d)]
    [TestCase("&HFFFFFFFF", -1d)]
    [TestCase("&HFFFFFFFE", -2d)]
    [TestCase("&O37777777777", -1d)]
    [TestCase("&O20000000000", -2147483648d)]
    public void Text_HexOrOctalLiteralWithTheTopBitOf32Set_IsNegative(string text, double expected)
    {
        foreach (var culture in Cultures)
        {
            // act: VBScript's CDbl("&H80000000") is -2147483648 (a 32-bit pattern, never the unsigned 2147483648)
            var value = ReadIn(culture, text);

            // assert
            Assert.That((value.Kind, value.Number), Is.EqualTo((PropertyValueKind.Number, expected)), "culture \"" + culture + "\"");
        }
    }

    [TestCase("&H100000000")]
    [TestCase("&HFFFFFFFFFF")]
    [TestCase("&H7FFFFFFFFFFFFFFF")]
    [TestCase("&H8000000000000000")]
    [TestCase("&O40000000000")]
    public void Text_HexOrOctalLiteralWiderThan32Bits_IsText(string text)
    {
        foreach (var culture in Cultures)
        {
            // act: OLE Automation overflows (DISP_E_OVERFLOW): a bad value, not a 33..64-bit number
            var value = ReadIn(culture, text);

            // assert
            Assert.That((value.Kind, value.Text), Is.EqualTo((PropertyValueKind.Text, text)), "culture \"" + culture + "\"");
        }
    }

    [Test]
    public void Text_ReadAsANumber_KeepsHowItWasWritten()
    {
        // act
        var value = VbsValue.ToPropertyValue(" 150.0 ");

        // assert: the log shows what the administrator typed
        Assert.That(value.Text, Is.EqualTo(" 150.0 "));
    }

    [TestCase("")]
    [TestCase("   ")]
    public void Text_EmptyOrOnlySpaces_IsBlank(string text)
    {
        // act
        var value = VbsValue.ToPropertyValue(text);

        // assert
        Assert.That(value.Kind, Is.EqualTo(PropertyValueKind.Blank));
    }

    [Test]
    public void Empty_IsBlank()
    {
        // act + assert: VT_EMPTY reaches .NET as null
        Assert.That(VbsValue.ToPropertyValue(null).Kind, Is.EqualTo(PropertyValueKind.Blank));
    }

    [Test]
    public void Null_IsBlank()
    {
        // act + assert: VT_NULL reaches .NET as DBNull
        Assert.That(VbsValue.ToPropertyValue(DBNull.Value).Kind, Is.EqualTo(PropertyValueKind.Blank));
    }

    [TestCase(true, -1, "True")]
    [TestCase(false, 0, "False")]
    public void Boolean_IsVbScriptsNumber(bool flag, double expected, string text)
    {
        // act
        var value = VbsValue.ToPropertyValue(flag);

        // assert
        Assert.That((value.Kind, value.Number, value.Text), Is.EqualTo((PropertyValueKind.Number, expected, text)));
    }

    [Test]
    public void Number_OfEveryVariantWidth_IsThatNumber()
    {
        // arrange: VT_UI1, VT_I2, VT_I4, VT_UI4, VT_I8, VT_R4, VT_R8, VT_DECIMAL/VT_CY
        object[] numbers = [(byte)150, (short)150, 150, 150u, 150L, 150f, 150d, 150m];

        // act
        var values = numbers.Select(n => ReadIn("de-DE", n)).ToArray();

        // assert
        Assert.That(values.Select(v => (v.Kind, v.Number, v.Text)), Is.All.EqualTo((PropertyValueKind.Number, 150d, "150")));
    }

    [Test]
    public void Number_OutOfAnyPropertysRange_IsStillANumber()
    {
        // act: a DWORD of 0xFFFFFFFF; the range is the settings reader's to judge
        var value = VbsValue.ToPropertyValue(uint.MaxValue);

        // assert
        Assert.That((value.Kind, value.Number), Is.EqualTo((PropertyValueKind.Number, 4294967295d)));
    }

    [Test]
    public void Number_WithAFraction_IsWrittenInvariantly()
    {
        // act
        var value = ReadIn("de-DE", 1.5d);

        // assert
        Assert.That((value.Number, value.Text), Is.EqualTo((1.5d, "1.5")));
    }

    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    [TestCase(double.NegativeInfinity)]
    public void Double_NaNOrInfinite_IsText(double number)
    {
        // act
        var value = VbsValue.ToPropertyValue(number);

        // assert
        Assert.That(value.Kind, Is.EqualTo(PropertyValueKind.Text));
    }

    [Test]
    public void Single_NaN_IsText()
    {
        // act + assert
        Assert.That(VbsValue.ToPropertyValue(float.NaN).Kind, Is.EqualTo(PropertyValueKind.Text));
    }

    [Test]
    public void Date_IsText()
    {
        // act: VT_DATE; VBScript's IsNumeric says False for a date
        var value = ReadIn("de-DE", new DateTime(2007, 3, 1, 13, 5, 0, DateTimeKind.Unspecified));

        // assert
        Assert.That((value.Kind, value.Text), Is.EqualTo((PropertyValueKind.Text, "03/01/2007 13:05:00")));
    }

    [Test]
    public void Array_IsTextWithItsElementsSeparatedBySemicolons()
    {
        // act: a REG_MULTI_SZ property reaches .NET as a string array
        var value = VbsValue.ToPropertyValue(new[] { "150", "Guest1" });

        // assert
        Assert.That((value.Kind, value.Text), Is.EqualTo((PropertyValueKind.Text, "150;Guest1")));
    }

    [Test]
    public void Array_OfOneEmptyElement_IsBlank()
    {
        // act
        var value = VbsValue.ToPropertyValue(new object?[] { null });

        // assert
        Assert.That(value.Kind, Is.EqualTo(PropertyValueKind.Blank));
    }

    [Test]
    public void Array_OfOneNumber_IsNotANumber()
    {
        // act: VBScript raises a type mismatch comparing an array with a number
        var value = VbsValue.ToPropertyValue(new object[] { 150 });

        // assert
        Assert.That(value.Kind, Is.EqualTo(PropertyValueKind.Text));
    }

    [Test]
    public void Object_IsText()
    {
        // act
        var value = VbsValue.ToPropertyValue(new Uri("http://node1/"));

        // assert
        Assert.That((value.Kind, value.Text), Is.EqualTo((PropertyValueKind.Text, "http://node1/")));
    }
}
