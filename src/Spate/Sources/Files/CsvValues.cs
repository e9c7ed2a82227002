using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Spate.Columnar;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Sources;

/// <summary>Converts CSV field text to typed values (Spark's UnivocityParser converters) and typed values to
/// CSV text (UnivocityGenerator), straight between UTF-8 spans and column vectors.</summary>
internal static class CsvValues
{
    /// <summary>Appends the value of <paramref name="text"/> to <paramref name="v"/>; false (and nothing appended) when it does not parse.</summary>
    public static bool TryAppend(ColumnVector v, ReadOnlySpan<byte> text, CsvOptions o, string[]? datePatterns, string[]? timestampPatterns)
    {
        switch (v.Type)
        {
            case StringType:
                ((StringVector)v).Append(text);
                return true;
            case IntegerType:
                if (!Utf8Parser.TryParse(text, out int i, out int n) || n != text.Length) return false;
                ((PrimitiveVector<int>)v).Append(i);
                return true;
            case LongType:
                if (!Utf8Parser.TryParse(text, out long l, out n) || n != text.Length) return false;
                ((PrimitiveVector<long>)v).Append(l);
                return true;
            case ShortType:
                if (!Utf8Parser.TryParse(text, out short s, out n) || n != text.Length) return false;
                ((PrimitiveVector<short>)v).Append(s);
                return true;
            case ByteType:
                if (!Utf8Parser.TryParse(text, out sbyte b, out n) || n != text.Length) return false;
                ((PrimitiveVector<sbyte>)v).Append(b);
                return true;
            case DoubleType:
                if (!TryDouble(text, o, out double d)) return false;
                ((PrimitiveVector<double>)v).Append(d);
                return true;
            case FloatType:
                if (!TryDouble(text, o, out d)) return false;
                ((PrimitiveVector<float>)v).Append((float)d);
                return true;
            case BooleanType:
                if (Ascii.EqualsIgnoreCase(text, "true"u8)) ((PrimitiveVector<bool>)v).Append(true);
                else if (Ascii.EqualsIgnoreCase(text, "false"u8)) ((PrimitiveVector<bool>)v).Append(false);
                else return false;
                return true;
            case DecimalType dt:
                if (!TryDecimal(text, dt, out decimal m)) return false;
                ((PrimitiveVector<decimal>)v).Append(m);
                return true;
            case DateType:
                if (!TryDate(Chars(text), datePatterns, out int days)) return false;
                ((PrimitiveVector<int>)v).Append(days);
                return true;
            case TimestampType:
                if (!TryTimestamp(Chars(text), timestampPatterns, out long micros)) return false;
                ((PrimitiveVector<long>)v).Append(micros);
                return true;
            case NullType:
                v.AppendNull();
                return true;
        }
        return false;
    }

    private static string Chars(ReadOnlySpan<byte> text) => Encoding.UTF8.GetString(text);

    /// <summary>Java's <c>toDouble</c> plus Spark's <c>nanValue</c>/<c>positiveInf</c>/<c>negativeInf</c> spellings.</summary>
    public static bool TryDouble(ReadOnlySpan<byte> text, CsvOptions o, out double d)
    {
        if (Utf8Parser.TryParse(text, out d, out int n) && n == text.Length) return true;
        var s = Chars(text).Trim();
        if (s == o.NanValue || s == "NaN") { d = double.NaN; return true; }
        if (s == o.PositiveInf || s is "Infinity" or "+Infinity" or "Inf" or "+Inf") { d = double.PositiveInfinity; return true; }
        if (s == o.NegativeInf || s is "-Infinity" or "-Inf") { d = double.NegativeInfinity; return true; }
        // Java accepts a trailing type suffix (1.5d, 2f).
        if (s.Length > 1 && s[^1] is 'd' or 'D' or 'f' or 'F') s = s[..^1];
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out d);
    }

    /// <summary>A decimal rounded half-up to the type's scale; false when it does not fit the precision.</summary>
    public static bool TryDecimal(ReadOnlySpan<byte> text, DecimalType type, out decimal m)
    {
        if (!decimal.TryParse(Chars(text), NumberStyles.Float, CultureInfo.InvariantCulture, out m)) return false;
        m = Math.Round(m, Math.Min(type.Scale, 28), MidpointRounding.AwayFromZero);
        decimal limit = Pow10(type.Precision - type.Scale);
        return Math.Abs(m) < limit;
    }

    private static decimal Pow10(int n)
    {
        if (n >= 29) return decimal.MaxValue;
        decimal r = 1;
        for (int i = 0; i < n; i++) r *= 10;
        return r;
    }

    public static bool TryDate(string s, string[]? patterns, out int days)
    {
        if (patterns == null) return DateTimeUtil.TryParseDate(s, out days);
        days = 0;
        if (DateTime.TryParseExact(s, patterns, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt))
        {
            days = DateTimeUtil.DateToDays(DateOnly.FromDateTime(dt));
            return true;
        }
        return false;
    }

    public static bool TryTimestamp(string s, string[]? patterns, out long micros)
    {
        if (patterns == null) return DateTimeUtil.TryParseTimestamp(s, out micros);
        micros = 0;
        if (DateTimeOffset.TryParseExact(s, patterns, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dto)
            && patterns.Any(p => p.Contains('z') || p.Contains('K')))
        {
            micros = DateTimeUtil.DateTimeOffsetToMicros(dto);
            return true;
        }
        if (DateTime.TryParseExact(s, patterns, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt))
        {
            micros = DateTimeUtil.LocalToMicros(dt);
            return true;
        }
        return false;
    }

    /// <summary>.NET patterns for a Java DateTimeFormatter pattern: letters mapped, <c>[optional]</c> sections tried with and without.</summary>
    public static string[]? Patterns(string? javaPattern)
    {
        if (javaPattern == null) return null;
        var results = new List<string> { "" };
        int i = 0;
        Expand(javaPattern, ref i, results, false);
        return results.Select(ToDotNet).Distinct().ToArray();
    }

    private static void Expand(string p, ref int i, List<string> acc, bool inOptional)
    {
        while (i < p.Length)
        {
            char c = p[i];
            if (c == '[')
            {
                i++;
                var with = acc.ToList();
                Expand(p, ref i, with, true);
                acc.AddRange(with.Where(w => !acc.Contains(w)));
                continue;
            }
            if (c == ']' && inOptional) { i++; return; }
            if (c == '\'')
            {
                int end = p.IndexOf('\'', i + 1);
                if (end < 0) end = p.Length - 1;
                var lit = p.Substring(i, end - i + 1);
                for (int k = 0; k < acc.Count; k++) acc[k] += lit;
                i = end + 1;
                continue;
            }
            for (int k = 0; k < acc.Count; k++) acc[k] += c;
            i++;
        }
    }

    private static string ToDotNet(string java)
    {
        var sb = new StringBuilder();
        int i = 0;
        while (i < java.Length)
        {
            char c = java[i];
            if (c == '\'')
            {
                int end = java.IndexOf('\'', i + 1);
                if (end < 0) end = java.Length - 1;
                sb.Append(java, i, end - i + 1);
                i = end + 1;
                continue;
            }
            int run = 1;
            while (i + run < java.Length && java[i + run] == c) run++;
            sb.Append(c switch
            {
                'S' => new string('f', Math.Min(run, 7)),
                'X' or 'x' or 'Z' => run == 1 ? "zz" : "zzz",
                'a' => "tt",
                'E' => run >= 4 ? "dddd" : "ddd",
                'u' => new string('y', run),
                'D' => new string('d', run),
                '.' or ':' or '-' or '/' or ' ' or ',' => c.ToString(),
                _ when char.IsLetter(c) => new string(c, run),
                _ => "\\" + c,
            });
            if (c is '.' or ':' or '-' or '/' or ' ' or ',') sb.Append(new string(c, run - 1));
            i += run;
        }
        return sb.ToString();
    }

    // ---- writing ----------------------------------------------------------------------------------------------

    /// <summary>Spark's CSV text for a non-null value: Java number formatting, <c>yyyy-MM-dd</c> dates and
    /// <c>yyyy-MM-dd'T'HH:mm:ss.SSSXXX</c> timestamps in the session time zone unless formats are given.</summary>
    public static string Format(ColumnVector v, int row, CsvOptions o)
    {
        switch (v)
        {
            case StringVector s: return s.GetString(row);
            case PrimitiveVector<int> p when v.Type is DateType:
                return o.DateFormat == null ? DateTimeUtil.FormatDate(p.Values[row])
                    : DateTimeUtil.DaysToDate(p.Values[row]).ToString(Patterns(o.DateFormat)![0], CultureInfo.InvariantCulture);
            case PrimitiveVector<long> p when v.Type is TimestampType:
                return FormatTimestamp(p.Values[row], o.TimestampFormat);
            case PrimitiveVector<double> p: return ValueConverter.JavaDouble(p.Values[row]);
            case PrimitiveVector<float> p: return ValueConverter.JavaFloat(p.Values[row]);
            case PrimitiveVector<decimal> p:
                return p.Values[row].ToString(v.Type is DecimalType { Scale: > 0 } dt ? "F" + dt.Scale : "0", CultureInfo.InvariantCulture);
            case PrimitiveVector<bool> p: return p.Values[row] ? "true" : "false";
            default: return ValueConverter.ToDisplayString(v.GetValue(row));
        }
    }

    private static string FormatTimestamp(long micros, string? pattern)
    {
        var utc = DateTimeUtil.MicrosToDateTime(micros);
        var offset = DateTimeUtil.SessionTimeZone.GetUtcOffset(utc);
        var local = new DateTimeOffset(DateTime.SpecifyKind(utc + offset, DateTimeKind.Unspecified), offset);
        if (pattern != null) return local.ToString(Patterns(pattern)!.OrderByDescending(p => p.Length).First(), CultureInfo.InvariantCulture);
        var s = local.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture);
        return offset == TimeSpan.Zero ? s + "Z" : s + local.ToString("zzz", CultureInfo.InvariantCulture);
    }
}
