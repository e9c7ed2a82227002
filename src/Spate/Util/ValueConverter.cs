using System.Globalization;
using System.Text;
using Spate.Sql.Types;

namespace Spate.Sql;

/// <summary>Conversions between external .NET values and internal representations, and Spark's
/// cast-to-string formatting (the text <c>Show()</c> prints).</summary>
internal static class ValueConverter
{
    /// <summary>Converts an external value to the internal fixed-width representation of <paramref name="type"/>.</summary>
    public static T ToPrimitive<T>(DataType type, object value) where T : unmanaged
    {
        object converted = type switch
        {
            DateType => value switch
            {
                DateOnly d => DateTimeUtil.DateToDays(d),
                DateTime dt => DateTimeUtil.DateToDays(DateOnly.FromDateTime(dt)),
                int i => i,
                string s when DateTimeUtil.TryParseDate(s, out int days) => days,
                _ => throw Mismatch(type, value),
            },
            TimestampType => value switch
            {
                DateTime dt => DateTimeUtil.DateTimeToMicros(dt),
                DateTimeOffset dto => DateTimeUtil.DateTimeOffsetToMicros(dto),
                DateOnly d => DateTimeUtil.DateToDays(d) * DateTimeUtil.MicrosPerDay,
                long l => l,
                string s when DateTimeUtil.TryParseTimestamp(s, out long micros) => micros,
                _ => throw Mismatch(type, value),
            },
            DecimalType dt => Spate.Expressions.Cast.Rescale((decimal)ConvertNumber(typeof(decimal), type, value), dt.Scale),
            _ => ConvertNumber(typeof(T), type, value),
        };
        return (T)converted;
    }

    private static object ConvertNumber(Type target, DataType type, object value)
    {
        if (value.GetType() == target) return value;
        if (value is string or bool && target != typeof(bool)) throw Mismatch(type, value);
        try
        {
            return Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
        {
            throw Mismatch(type, value);
        }
    }

    private static ArgumentException Mismatch(DataType type, object value) =>
        new($"[CANNOT_CONVERT] The value {value} of .NET type {value.GetType().Name} cannot be stored in a column of type {type.Sql}.");

    /// <summary>Spark's cast of an external value to string.</summary>
    public static string ToDisplayString(object? value)
    {
        var sb = new StringBuilder();
        AppendDisplay(sb, value, topLevel: true);
        return sb.ToString();
    }

    public static void AppendDisplay(StringBuilder sb, object? value, bool topLevel = false)
    {
        switch (value)
        {
            case null: sb.Append(topLevel ? "null" : "null"); break;
            case string s: sb.Append(s); break;
            case bool b: sb.Append(b ? "true" : "false"); break;
            case double d: sb.Append(JavaDouble(d)); break;
            case float f: sb.Append(JavaFloat(f)); break;
            case decimal m: sb.Append(m.ToString(CultureInfo.InvariantCulture)); break;
            case DateTime dt: sb.Append(DateTimeUtil.FormatTimestamp(DateTimeUtil.DateTimeToMicros(dt))); break;
            case DateOnly d: sb.Append(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
            case byte[] bytes:
                sb.Append('[');
                for (int i = 0; i < bytes.Length; i++) { if (i > 0) sb.Append(' '); sb.Append(bytes[i].ToString("X2")); }
                sb.Append(']');
                break;
            case Row r:
                sb.Append('{');
                for (int i = 0; i < r.Values.Length; i++) { if (i > 0) sb.Append(", "); AppendDisplay(sb, r.Values[i]); }
                sb.Append('}');
                break;
            case System.Collections.IDictionary map:
                sb.Append('{');
                bool first = true;
                foreach (System.Collections.DictionaryEntry e in map)
                {
                    if (!first) sb.Append(", ");
                    first = false;
                    AppendDisplay(sb, e.Key);
                    sb.Append(" -> ");
                    AppendDisplay(sb, e.Value);
                }
                sb.Append('}');
                break;
            case object?[] arr:
                sb.Append('[');
                for (int i = 0; i < arr.Length; i++) { if (i > 0) sb.Append(", "); AppendDisplay(sb, arr[i]); }
                sb.Append(']');
                break;
            case IFormattable f: sb.Append(f.ToString(null, CultureInfo.InvariantCulture)); break;
            default: sb.Append(value.ToString()); break;
        }
    }

    /// <summary>Java's <c>Double.toString</c>: shortest digits, <c>100.0</c>, <c>1.0E7</c>, <c>1.0E-4</c>.</summary>
    public static string JavaDouble(double d)
    {
        if (double.IsNaN(d)) return "NaN";
        if (double.IsPositiveInfinity(d)) return "Infinity";
        if (double.IsNegativeInfinity(d)) return "-Infinity";
        if (d == 0) return double.IsNegative(d) ? "-0.0" : "0.0";
        return JavaFormat(d.ToString("R", CultureInfo.InvariantCulture), Math.Abs(d) >= 1e-3 && Math.Abs(d) < 1e7);
    }

    /// <summary>Java's <c>Float.toString</c>.</summary>
    public static string JavaFloat(float f)
    {
        if (float.IsNaN(f)) return "NaN";
        if (float.IsPositiveInfinity(f)) return "Infinity";
        if (float.IsNegativeInfinity(f)) return "-Infinity";
        if (f == 0) return float.IsNegative(f) ? "-0.0" : "0.0";
        return JavaFormat(f.ToString("R", CultureInfo.InvariantCulture), Math.Abs(f) >= 1e-3f && Math.Abs(f) < 1e7f);
    }

    private static string JavaFormat(string shortest, bool plain)
    {
        // Decompose .NET's shortest round-trip text into sign, digits and a decimal exponent.
        bool negative = shortest[0] == '-';
        if (negative) shortest = shortest[1..];
        int exp = 0;
        int e = shortest.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exp = int.Parse(shortest.AsSpan(e + 1), CultureInfo.InvariantCulture);
            shortest = shortest[..e];
        }
        int dot = shortest.IndexOf('.');
        string intPart = dot >= 0 ? shortest[..dot] : shortest;
        string fracPart = dot >= 0 ? shortest[(dot + 1)..] : "";
        string digits = (intPart + fracPart).TrimStart('0');
        // value = 0.digits * 10^pointPos
        int pointPos = intPart.TrimStart('0').Length + exp;
        if (intPart.TrimStart('0').Length == 0)
        {
            int leadingZeros = fracPart.Length - fracPart.TrimStart('0').Length;
            pointPos = -leadingZeros + exp;
        }
        digits = digits.TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        var sb = new StringBuilder();
        if (negative) sb.Append('-');
        if (plain)
        {
            if (pointPos <= 0)
            {
                sb.Append("0.").Append('0', -pointPos).Append(digits);
            }
            else if (pointPos >= digits.Length)
            {
                sb.Append(digits).Append('0', pointPos - digits.Length).Append(".0");
            }
            else
            {
                sb.Append(digits, 0, pointPos).Append('.').Append(digits, pointPos, digits.Length - pointPos);
            }
        }
        else
        {
            sb.Append(digits[0]).Append('.');
            sb.Append(digits.Length > 1 ? digits[1..] : "0");
            sb.Append('E').Append((pointPos - 1).ToString(CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
