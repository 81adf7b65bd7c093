using Microsoft.VisualBasic;
using Microsoft.VisualBasic.CompilerServices;

namespace Havm.ComHost.Cluster;

/// <summary>Converts a private property's VARIANT with VBScript's rules, as Havm.vbs's comparisons saw it.</summary>
internal static class VbsValue
{
    /// <summary>
    /// Empty/Null: blank. Boolean: the number -1 or 0. A number: that number. Text: a number when VBScript's
    /// IsNumeric says so (surrounding spaces allowed), blank when empty or only spaces, else text.
    /// </summary>
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
                return Information.IsNumeric(text) ? PropertyValue.FromNumber(Conversions.ToDouble(text), text) : PropertyValue.FromText(text);
            default:
                return IsNumber(value)
                    ? PropertyValue.FromNumber(Convert.ToDouble(value, CultureInfo.InvariantCulture), Convert.ToString(value, CultureInfo.InvariantCulture))
                    : PropertyValue.FromText(Convert.ToString(value, CultureInfo.InvariantCulture));
        }
    }

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
