using System.Globalization;
using System.Numerics;
using Spate.Expressions;
using Spate.Sql.Types;
using Spate.Sql;

namespace Spate.Plans.Sql;

/// <summary>Turns literal tokens into typed <see cref="Literal"/>s the way Spark's <c>AstBuilder</c> does.</summary>
internal static class SqlLiterals
{
    /// <summary>
    /// A numeric literal: <c>10</c> is an INT (BIGINT, then DECIMAL, when too large), <c>10L</c>/<c>10S</c>/<c>10Y</c>
    /// BIGINT/SMALLINT/TINYINT, <c>1.5</c> DECIMAL(2,1), <c>1e3</c> and <c>1.5D</c> DOUBLE, <c>1.5F</c> FLOAT, <c>1.5BD</c> DECIMAL.
    /// Returns null with <paramref name="error"/> set when the value is out of its type's range.
    /// </summary>
    public static Literal? Number(string text, bool negative, out string? error)
    {
        error = null;
        string upper = text.ToUpperInvariant();
        string sign = negative ? "-" : "";
        var inv = CultureInfo.InvariantCulture;
        if (upper.EndsWith("BD", StringComparison.Ordinal))
            return ParseDecimal(sign + text[..^2], out error);
        char last = upper[^1];
        string body = sign + text[..^1];
        switch (last)
        {
            case 'L':
                if (long.TryParse(body, NumberStyles.AllowLeadingSign, inv, out long l)) return Literal.Create(l);
                error = Range(sign + text[..^1], "bigint", long.MinValue.ToString(inv), long.MaxValue.ToString(inv));
                return null;
            case 'S':
                if (short.TryParse(body, NumberStyles.AllowLeadingSign, inv, out short s)) return Literal.Create(s);
                error = Range(sign + text[..^1], "smallint", "-32768", "32767");
                return null;
            case 'Y':
                if (sbyte.TryParse(body, NumberStyles.AllowLeadingSign, inv, out sbyte y)) return Literal.Create(y);
                error = Range(sign + text[..^1], "tinyint", "-128", "127");
                return null;
            case 'D':
                {
                    double d = double.Parse(body, NumberStyles.Float, inv);
                    if (double.IsInfinity(d)) { error = Range(sign + text[..^1], "double", "-1.7976931348623157E+308", "1.7976931348623157E+308"); return null; }
                    return Literal.Create(d);
                }
            case 'F':
                {
                    float f = float.Parse(body, NumberStyles.Float, inv);
                    if (float.IsInfinity(f)) { error = Range(sign + text[..^1], "float", "-3.4028235E+38", "3.4028235E+38"); return null; }
                    return Literal.Create(f);
                }
        }
        if (upper.Contains('E'))
        {
            double d = double.Parse(sign + text, NumberStyles.Float, inv);
            if (double.IsInfinity(d)) { error = Range(sign + text, "double", "-1.7976931348623157E+308", "1.7976931348623157E+308"); return null; }
            return Literal.Create(d);
        }
        if (upper.Contains('.')) return ParseDecimal(sign + text, out error);
        var big = BigInteger.Parse(sign + text, NumberStyles.AllowLeadingSign, inv);
        if (big >= int.MinValue && big <= int.MaxValue) return Literal.Create((int)big);
        if (big >= long.MinValue && big <= long.MaxValue) return Literal.Create((long)big);
        return ParseDecimal(sign + text, out error);
    }

    private static Literal? ParseDecimal(string text, out string? error)
    {
        error = null;
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var m))
        {
            // decimal.Parse keeps the written scale ("1.50" has scale 2), which gives Spark's DECIMAL(p, s).
            return Literal.Create(m);
        }
        int digits = text.TrimStart('-').Replace(".", "").TrimStart('0').Length;
        error = digits > 38
            ? $"[DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION] Decimal precision {digits} exceeds max precision 38."
            : $"[UNSUPPORTED_FEATURE.LITERAL_TYPE] The feature is not supported: Literal for '{text}' needs more than 28 significant digits.";
        return null;
    }

    private static string Range(string text, string type, string min, string max) =>
        $"[INVALID_NUMERIC_LITERAL_RANGE] Numeric literal {text} is outside the valid range for {type} with minimum value of {min} and maximum value of {max}. Please adjust the value accordingly.";

    /// <summary><c>DATE '2024-01-01'</c>, <c>TIMESTAMP '...'</c>; null when the text is not a valid value of the type.</summary>
    public static Literal? Typed(string typeName, string value)
    {
        switch (typeName.ToUpperInvariant())
        {
            case "DATE":
                return DateTimeUtil.TryParseDate(value, out int days) && IsDateText(value)
                    ? new Literal(DateTimeUtil.DaysToDate(days), DateType.Instance) : null;
            case "TIMESTAMP" or "TIMESTAMP_LTZ":
                return DateTimeUtil.TryParseTimestamp(value, out long micros)
                    ? new Literal(DateTimeUtil.MicrosToDateTime(micros), TimestampType.Instance) : null;
            default:
                return null;
        }
    }

    // TryParseDate ignores whatever follows a 'T' or space; a DATE literal may only have a time part after 'T'.
    private static bool IsDateText(string value)
    {
        var s = value.Trim();
        int sp = s.IndexOf(' ');
        return sp < 0;
    }

    /// <summary><c>X'0A0B'</c>: hex digits to bytes (an odd count gets a leading zero, as Spark's unhex does).</summary>
    public static byte[]? Hex(string hex)
    {
        if (hex.Length % 2 == 1) hex = "0" + hex;
        foreach (char c in hex) if (!char.IsAsciiHexDigit(c)) return null;
        return Convert.FromHexString(hex);
    }
}
