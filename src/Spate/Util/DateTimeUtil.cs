namespace Spate.Sql;

/// <summary>Conversions between Spark's internal date/time representations (days and microseconds since
/// the Unix epoch) and .NET values, and Spark's default string forms.</summary>
internal static class DateTimeUtil
{
    public static readonly DateTime Epoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly EpochDate = new(1970, 1, 1);
    public const long MicrosPerSecond = 1_000_000;
    public const long MicrosPerDay = 86_400_000_000;

    /// <summary>The session time zone used to print and parse timestamps (<c>spark.sql.session.timeZone</c>).</summary>
    public static TimeZoneInfo SessionTimeZone { get; set; } = TimeZoneInfo.Utc;

    public static DateOnly DaysToDate(int days) => EpochDate.AddDays(days);
    public static int DateToDays(DateOnly d) => d.DayNumber - EpochDate.DayNumber;
    public static DateTime MicrosToDateTime(long micros) => Epoch.AddTicks(micros * 10);

    public static long DateTimeToMicros(DateTime dt)
    {
        if (dt.Kind == DateTimeKind.Unspecified) dt = TimeZoneInfo.ConvertTimeToUtc(dt, SessionTimeZone);
        else if (dt.Kind == DateTimeKind.Local) dt = dt.ToUniversalTime();
        return (dt.Ticks - Epoch.Ticks) / 10;
    }

    public static long DateTimeOffsetToMicros(DateTimeOffset dto) => (dto.UtcTicks - Epoch.Ticks) / 10;

    /// <summary>The wall-clock time in the session time zone.</summary>
    public static DateTime ToLocal(long micros) => TimeZoneInfo.ConvertTimeFromUtc(MicrosToDateTime(micros), SessionTimeZone);

    public static long LocalToMicros(DateTime local) =>
        DateTimeToMicros(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), SessionTimeZone));

    /// <summary>Spark's cast of a timestamp to string: <c>yyyy-MM-dd HH:mm:ss[.ffffff]</c>, trailing zeros trimmed.</summary>
    public static string FormatTimestamp(long micros)
    {
        var t = ToLocal(micros);
        string s = t.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        long frac = ((micros % MicrosPerSecond) + MicrosPerSecond) % MicrosPerSecond;
        if (frac == 0) return s;
        return s + "." + frac.ToString("D6").TrimEnd('0');
    }

    public static string FormatDate(int days) => DaysToDate(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Parses Spark's accepted timestamp strings (<c>2024-01-02</c>, <c>2024-01-02 10:11:12.123</c>,
    /// ISO 8601 with <c>T</c> and a zone). Returns false when the text is not a timestamp.</summary>
    public static bool TryParseTimestamp(ReadOnlySpan<char> s, out long micros)
    {
        micros = 0;
        s = s.Trim();
        if (s.Length < 4) return false;
        var styles = System.Globalization.DateTimeStyles.AllowWhiteSpaces;
        string[] formats =
        {
            "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss",
            "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd", "yyyy-MM", "yyyy",
        };
        if (DateTime.TryParseExact(s, formats, System.Globalization.CultureInfo.InvariantCulture, styles, out var dt))
        {
            micros = LocalToMicros(dt);
            return true;
        }
        if (DateTimeOffset.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var dto)
            && (s.Contains('Z') || s.Contains('+') || s.LastIndexOf('-') > 9))
        {
            micros = DateTimeOffsetToMicros(dto);
            return true;
        }
        return false;
    }

    public static bool TryParseDate(ReadOnlySpan<char> s, out int days)
    {
        days = 0;
        s = s.Trim();
        string[] formats = { "yyyy-MM-dd", "yyyy-M-d", "yyyy-MM", "yyyy" };
        int t = s.IndexOfAny('T', ' ');
        var datePart = t > 0 ? s[..t] : s;
        if (DateOnly.TryParseExact(datePart, formats, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d))
        {
            days = DateToDays(d);
            return true;
        }
        return false;
    }
}
