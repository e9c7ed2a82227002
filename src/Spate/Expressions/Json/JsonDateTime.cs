using System.Globalization;
using System.Text;
using Spate.Sql;

namespace Spate.Expressions.Json;

/// <summary>Dates and timestamps in JSON text: Spark's default parsing (ISO 8601, as a cast from string) or a
/// <c>timestampFormat</c>/<c>dateFormat</c> pattern, and Spark's default write formats
/// (<c>yyyy-MM-dd'T'HH:mm:ss.SSSXXX</c> in the session time zone, <c>yyyy-MM-dd</c>).</summary>
internal sealed class JsonDateTime
{
    private readonly string? _timestampPattern; // .NET pattern translated from the Java one
    private readonly string? _datePattern;
    private readonly TimeZoneInfo? _zone;

    public JsonDateTime(JsonOptions options, TimeZoneInfo? zone)
    {
        _timestampPattern = options.TimestampFormat == null ? null : TranslatePattern(options.TimestampFormat);
        _datePattern = options.DateFormat == null ? null : TranslatePattern(options.DateFormat);
        _zone = zone;
    }

    private TimeZoneInfo Zone => _zone ?? DateTimeUtil.SessionTimeZone;

    public bool TryParseTimestamp(ReadOnlySpan<byte> utf8, out long micros)
    {
        Span<char> chars = utf8.Length <= 128 ? stackalloc char[128] : new char[utf8.Length];
        int n = Encoding.UTF8.GetChars(utf8, chars);
        var s = chars[..n];
        if (_timestampPattern != null)
        {
            if (DateTimeOffset.TryParseExact(s, _timestampPattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dto)
                && HasZone(_timestampPattern))
            {
                micros = DateTimeUtil.DateTimeOffsetToMicros(dto);
                return true;
            }
            if (DateTime.TryParseExact(s, _timestampPattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt))
            {
                micros = LocalToMicros(dt);
                return true;
            }
            micros = 0;
            return false;
        }
        return DateTimeUtil.TryParseTimestamp(s, out micros);
    }

    public bool TryParseDate(ReadOnlySpan<byte> utf8, out int days)
    {
        Span<char> chars = utf8.Length <= 128 ? stackalloc char[128] : new char[utf8.Length];
        int n = Encoding.UTF8.GetChars(utf8, chars);
        var s = chars[..n];
        if (_datePattern != null)
        {
            if (DateTime.TryParseExact(s, _datePattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt))
            {
                days = DateTimeUtil.DateToDays(DateOnly.FromDateTime(dt));
                return true;
            }
            days = 0;
            return false;
        }
        if (DateTimeUtil.TryParseDate(s, out days)) return true;
        // Spark 1.5 wrote dates as a number of days in a string.
        return int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out days);
    }

    private long LocalToMicros(DateTime local) =>
        DateTimeUtil.DateTimeToMicros(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Zone));

    private static bool HasZone(string pattern) => pattern.Contains('K') || pattern.Contains('z');

    /// <summary>Writes a timestamp as Spark's JSON writer does.</summary>
    public void WriteTimestamp(long micros, Utf8Buffer buffer)
    {
        var utc = DateTimeUtil.MicrosToDateTime(micros);
        var zone = Zone;
        var offset = zone.GetUtcOffset(utc);
        var local = utc + offset;
        string text;
        if (_timestampPattern != null)
            text = new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), offset).ToString(_timestampPattern, CultureInfo.InvariantCulture);
        else
            text = local.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture) + OffsetText(offset);
        buffer.AppendJsonString(text);
    }

    public void WriteDate(int days, Utf8Buffer buffer)
    {
        var d = DateTimeUtil.DaysToDate(days);
        buffer.AppendJsonString(_datePattern != null
            ? d.ToDateTime(TimeOnly.MinValue).ToString(_datePattern, CultureInfo.InvariantCulture)
            : d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    // Java's XXX: Z for UTC, else +HH:MM.
    private static string OffsetText(TimeSpan offset)
    {
        if (offset == TimeSpan.Zero) return "Z";
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        var a = offset.Duration();
        return $"{sign}{a.Hours:D2}:{a.Minutes:D2}" + (a.Seconds != 0 ? $":{a.Seconds:D2}" : "");
    }

    /// <summary>Translates the common letters of a Java DateTimeFormatter pattern to a .NET custom format.</summary>
    public static string TranslatePattern(string java)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < java.Length;)
        {
            char c = java[i];
            if (c == '\'')
            {
                int end = java.IndexOf('\'', i + 1);
                if (end < 0) end = java.Length;
                sb.Append('\'').Append(java, i + 1, Math.Max(0, end - i - 1)).Append('\'');
                i = end + 1;
                continue;
            }
            if (c is '[' or ']') { i++; continue; }
            int run = 1;
            while (i + run < java.Length && java[i + run] == c) run++;
            sb.Append(c switch
            {
                'y' or 'u' => run == 2 ? "yy" : "yyyy",
                'M' or 'L' => new string('M', Math.Min(run, 4)),
                'd' => new string('d', Math.Min(run, 2)),
                'H' => new string('H', Math.Min(run, 2)),
                'h' => new string('h', Math.Min(run, 2)),
                'm' => new string('m', Math.Min(run, 2)),
                's' => new string('s', Math.Min(run, 2)),
                'S' => new string('f', Math.Min(run, 7)),
                'a' => "tt",
                'E' => run >= 4 ? "dddd" : "ddd",
                'X' or 'x' or 'Z' => "K",
                'z' or 'V' or 'O' => "K",
                _ when char.IsLetter(c) => new string(c, run),
                _ => Escape(new string(c, run)),
            });
            i += run;
        }
        return sb.ToString();
    }

    private static string Escape(string literal) => literal.All(ch => char.IsWhiteSpace(ch) || ch is '-' or ':' or '/' or ',' or '.') ? literal : "'" + literal + "'";
}
