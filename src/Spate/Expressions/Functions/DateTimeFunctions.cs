using System.Globalization;
using Spate.Sql;
using Spate.Sql.Types;
using static Spate.Expressions.Fx;

namespace Spate.Expressions;

/// <summary>Registers this family of Spark's built-in functions.</summary>
internal static class DateTimeFunctions
{
    private const string DefaultFormat = "yyyy-MM-dd HH:mm:ss";

    public static void Register()
    {
        Def(new FunctionDef("current_date", Date, Row(_ => DateTimeUtil.DateToDays(DateOnly.FromDateTime(DateTimeUtil.ToLocal(NowMicros())))))
        { Deterministic = false, NullIntolerant = false }, 0, 0, null, "curdate");
        Def(new FunctionDef("current_timestamp", Ts, Row(_ => NowMicros())) { Deterministic = false, NullIntolerant = false }, 0, 0, null, "now", "localtimestamp");
        Def(new FunctionDef("current_timezone", Str, Row(_ => DateTimeUtil.SessionTimeZone.Id is "Etc/UTC" or "UTC" ? "UTC" : DateTimeUtil.SessionTimeZone.Id)) { Deterministic = false, NullIntolerant = false }, 0, 0);

        Def(new FunctionDef("date_format", Str, Row(a => SparkDateTimeFormat.Get((string)a[1]!).Format(Micros(a[0]!), DateTimeUtil.SessionTimeZone)))
        { InputTypes = Types(T, S) }, 2, 2);
        Def(new FunctionDef("to_date", Date, Row(ToDate))
        {
            InputTypes = a => a.Count == 1 ? new DataType?[] { Dt } : new DataType?[] { a[0].DataType is DateType or TimestampType ? null : S, S },
        }, 1, 2);
        Def(new FunctionDef("to_timestamp", Ts, Row(ToTimestamp))
        {
            InputTypes = a => a.Count == 1 ? new DataType?[] { T } : new DataType?[] { a[0].DataType is DateType or TimestampType ? null : S, S },
        }, 1, 2);
        Def(new FunctionDef("unix_timestamp", Long, Row(UnixTimestamp))
        {
            InputTypes = a => new DataType?[] { a[0].DataType is DateType or TimestampType ? null : S, S },
            Deterministic = true,
        }, 0, 2, a => a.Count == 0
            ? new Expression[] { FunctionRegistry.Create("current_timestamp"), Literal.Create(DefaultFormat) }
            : Defaults(null, DefaultFormat)(a), "to_unix_timestamp");
        Def(new FunctionDef("from_unixtime", Str, Row(a => SparkDateTimeFormat.Get((string)a[1]!).Format(checked(ToLong(a[0]!) * 1_000_000), DateTimeUtil.SessionTimeZone)))
        { InputTypes = Types(L, S) }, 1, 2, Defaults(null, DefaultFormat));

        DateField("year", d => d.Year);
        DateField("quarter", d => (d.Month - 1) / 3 + 1);
        DateField("month", d => d.Month);
        DateField("dayofmonth", d => d.Day, "day");
        DateField("dayofweek", d => (int)d.DayOfWeek + 1);
        DateField("weekday", d => ((int)d.DayOfWeek + 6) % 7);
        DateField("dayofyear", d => d.DayOfYear);
        DateField("weekofyear", d => ISOWeek.GetWeekOfYear(d.ToDateTime(TimeOnly.MinValue)));
        TimeField("hour", t => t.Hour);
        TimeField("minute", t => t.Minute);
        TimeField("second", t => t.Second);

        Def(new FunctionDef("date_add", Date, Row(a => Days(a[0]!) + ToInt(a[1]!))) { InputTypes = Types(Dt, I) }, 2, 2, null, "dateadd");
        Def(new FunctionDef("date_sub", Date, Row(a => Days(a[0]!) - ToInt(a[1]!))) { InputTypes = Types(Dt, I) }, 2, 2);
        Def(new FunctionDef("datediff", Int, Row(a => Days(a[0]!) - Days(a[1]!))) { InputTypes = Types(Dt, Dt) }, 2, 2);
        Def(new FunctionDef("add_months", Date, Row(a => DateTimeUtil.DateToDays(DateTimeUtil.DaysToDate(Days(a[0]!)).AddMonths(ToInt(a[1]!)))))
        { InputTypes = Types(Dt, I) }, 2, 2);
        Def(new FunctionDef("months_between", Dbl, Row(a => MonthsBetween(Micros(a[0]!), Micros(a[1]!), (bool)a[2]!)))
        { InputTypes = Types(T, T, Bo) }, 2, 3, Defaults(null, null, true));
        Def(new FunctionDef("last_day", Date, Row(a =>
        {
            var d = DateTimeUtil.DaysToDate(Days(a[0]!));
            return DateTimeUtil.DateToDays(new DateOnly(d.Year, d.Month, DateTime.DaysInMonth(d.Year, d.Month)));
        })) { InputTypes = Types(Dt), Strict = true }, 1, 1);
        Def(new FunctionDef("next_day", Date, Row(a => NextDay(Days(a[0]!), (string)a[1]!))) { InputTypes = Types(Dt, S) }, 2, 2);
        Def(new FunctionDef("trunc", Date, Row(a => TruncDate(Days(a[0]!), (string)a[1]!))) { InputTypes = Types(Dt, S) }, 2, 2);
        Def(new FunctionDef("date_trunc", Ts, Row(a => TruncTimestamp((string)a[0]!, Micros(a[1]!)))) { InputTypes = Types(S, T) }, 2, 2);
        Def(new FunctionDef("from_utc_timestamp", Ts, Row(a => ShiftZone(Micros(a[0]!), (string)a[1]!, toUtc: false))) { InputTypes = Types(T, S) }, 2, 2);
        Def(new FunctionDef("to_utc_timestamp", Ts, Row(a => ShiftZone(Micros(a[0]!), (string)a[1]!, toUtc: true))) { InputTypes = Types(T, S) }, 2, 2);
        Def(new FunctionDef("make_date", Date, Row(a => MakeDate(ToInt(a[0]!), ToInt(a[1]!), ToInt(a[2]!)))) { InputTypes = Types(I, I, I) }, 3, 3);
        Def(new FunctionDef("make_timestamp", Ts, Row(MakeTimestamp))
        { InputTypes = Types(I, I, I, I, I, new DecimalType(16, 6), S) }, 6, 7);
        Def(new FunctionDef("timestamp_seconds", Ts, Row(a => a[0] switch
        {
            double d => double.IsFinite(d) ? (long)(d * 1_000_000) : null,
            float f => float.IsFinite(f) ? (long)(f * 1_000_000.0) : null,
            decimal m => (long)(m * 1_000_000m),
            _ => checked(ToLong(a[0]!) * 1_000_000),
        }))
        { InputTypes = a => new DataType?[] { a[0].DataType is NumericType ? null : L }, Check = MathFunctions.RequireNumeric(1) }, 1, 1);
        Def(new FunctionDef("timestamp_millis", Ts, Row(a => checked(ToLong(a[0]!) * 1000))) { InputTypes = Types(L) }, 1, 1);
        Def(new FunctionDef("timestamp_micros", Ts, Row(a => ToLong(a[0]!))) { InputTypes = Types(L) }, 1, 1);
        Def(new FunctionDef("unix_seconds", Long, Row(a => FloorDiv(Micros(a[0]!), 1_000_000))) { InputTypes = Types(T), Strict = true }, 1, 1);
        Def(new FunctionDef("unix_millis", Long, Row(a => FloorDiv(Micros(a[0]!), 1000))) { InputTypes = Types(T), Strict = true }, 1, 1);
        Def(new FunctionDef("unix_micros", Long, Row(a => Micros(a[0]!))) { InputTypes = Types(T), Strict = true }, 1, 1);
        Def(new FunctionDef("unix_date", Int, Row(a => Days(a[0]!))) { InputTypes = Types(Dt), Strict = true }, 1, 1);
        Def(new FunctionDef("date_from_unix_date", Date, Row(a => ToInt(a[0]!))) { InputTypes = Types(I), Strict = true }, 1, 1);
    }

    private static long NowMicros() => DateTimeUtil.DateTimeToMicros(DateTime.UtcNow);

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    /// <summary>A time zone from a region id (<c>America/Los_Angeles</c>), an offset (<c>+09:00</c>, <c>GMT+9</c>) or UTC; null when unknown.</summary>
    internal static TimeZoneInfo? TryZone(string id)
    {
        if (id.Length == 0) return null;
        if (id is "UTC" or "Z" or "GMT" or "UT") return TimeZoneInfo.Utc;
        string offsetText = id.StartsWith("GMT", StringComparison.Ordinal) || id.StartsWith("UTC", StringComparison.Ordinal) ? id[3..] : id;
        if (offsetText.Length > 1 && (offsetText[0] == '+' || offsetText[0] == '-'))
        {
            var parts = offsetText[1..].Split(':');
            if (int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int h) && h <= 18
                && (parts.Length == 1 || int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                int m = parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 0;
                var span = TimeSpan.FromMinutes((offsetText[0] == '-' ? -1 : 1) * (h * 60 + m));
                return TimeZoneInfo.CreateCustomTimeZone(id, span, id, id);
            }
            return null;
        }
        try { return TimeZoneInfo.FindSystemTimeZoneById(id); }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException) { return null; }
    }

    private static TimeZoneInfo Zone(string id) => TryZone(id)
        ?? throw new SparkException($"[INVALID_TIMEZONE] The timezone: {id} is invalid. The timezone must be either a region-based zone ID or a zone offset. Region IDs must have the form 'area/city', such as 'America/Los_Angeles'. Zone offsets must be in the format '(+|-)HH', '(+|-)HH:mm' or '(+|-)HH:mm:ss', e.g '-08', '+01:00' or '-13:33:33', and must be in the range from -18:00 to +18:00. 'Z' and 'UTC' are accepted as synonyms for '+00:00'.");

    private static void DateField(string name, Func<DateOnly, int> f, string? alias = null)
    {
        var def = new FunctionDef(name, Int, Row(a => f(DateTimeUtil.DaysToDate(Days(a[0]!))))) { InputTypes = Types(Dt), Strict = true };
        Def(def, 1, 1, null, alias == null ? System.Array.Empty<string>() : new[] { alias });
    }

    private static void TimeField(string name, Func<DateTime, int> f) =>
        Def(new FunctionDef(name, Int, Row(a => f(DateTimeUtil.ToLocal(Micros(a[0]!))))) { InputTypes = Types(T), Strict = true }, 1, 1);

    private static object? ToDate(object?[] a)
    {
        if (a.Length == 1) return Days(a[0]!);
        if (a[0] is DateOnly or DateTime) return Days(a[0]!);
        var micros = SparkDateTimeFormat.Get((string)a[1]!).Parse((string)a[0]!, DateTimeUtil.SessionTimeZone);
        return micros == null ? null : Days(DateTimeUtil.MicrosToDateTime(micros.Value));
    }

    private static object? ToTimestamp(object?[] a)
    {
        if (a.Length == 1 || a[0] is DateOnly or DateTime) return Micros(a[0]!);
        return SparkDateTimeFormat.Get((string)a[1]!).Parse((string)a[0]!, DateTimeUtil.SessionTimeZone);
    }

    private static object? UnixTimestamp(object?[] a)
    {
        long? micros = a[0] is string s ? SparkDateTimeFormat.Get((string)a[1]!).Parse(s, DateTimeUtil.SessionTimeZone) : Micros(a[0]!);
        return micros == null ? null : FloorDiv(micros.Value, 1_000_000);
    }

    /// <summary>Spark's months_between: whole months when the days of month match or both are month ends, else a fraction over 31-day months.</summary>
    private static double MonthsBetween(long micros1, long micros2, bool roundOff)
    {
        var t1 = DateTimeUtil.ToLocal(micros1);
        var t2 = DateTimeUtil.ToLocal(micros2);
        int months = (t1.Year - t2.Year) * 12 + (t1.Month - t2.Month);
        bool end1 = t1.Day == DateTime.DaysInMonth(t1.Year, t1.Month), end2 = t2.Day == DateTime.DaysInMonth(t2.Year, t2.Month);
        if (t1.Day == t2.Day || (end1 && end2)) return months;
        double seconds1 = (t1.Day - 1) * 86400.0 + t1.TimeOfDay.Ticks / 1e7;
        double seconds2 = (t2.Day - 1) * 86400.0 + t2.TimeOfDay.Ticks / 1e7;
        double diff = months + (seconds1 - seconds2) / (31 * 86400.0);
        return roundOff ? (double)Math.Round((decimal)diff, 8, MidpointRounding.AwayFromZero) : diff;
    }

    private static object? NextDay(int days, string dayOfWeek)
    {
        int target = dayOfWeek.Trim().ToUpperInvariant() switch
        {
            "SU" or "SUN" or "SUNDAY" => 0, "MO" or "MON" or "MONDAY" => 1, "TU" or "TUE" or "TUESDAY" => 2, "WE" or "WED" or "WEDNESDAY" => 3,
            "TH" or "THU" or "THURSDAY" => 4, "FR" or "FRI" or "FRIDAY" => 5, "SA" or "SAT" or "SATURDAY" => 6, _ => -1,
        };
        if (target < 0) return null;
        int current = (int)DateTimeUtil.DaysToDate(days).DayOfWeek;
        int delta = ((target - current) + 7) % 7;
        return days + (delta == 0 ? 7 : delta);
    }

    private static object? TruncDate(int days, string format)
    {
        var d = DateTimeUtil.DaysToDate(days);
        DateOnly? r = format.ToUpperInvariant() switch
        {
            "YEAR" or "YYYY" or "YY" => new DateOnly(d.Year, 1, 1),
            "QUARTER" => new DateOnly(d.Year, (d.Month - 1) / 3 * 3 + 1, 1),
            "MONTH" or "MM" or "MON" => new DateOnly(d.Year, d.Month, 1),
            "WEEK" => d.AddDays(-(((int)d.DayOfWeek + 6) % 7)),
            _ => null,
        };
        return r == null ? null : DateTimeUtil.DateToDays(r.Value);
    }

    private static object? TruncTimestamp(string format, long micros)
    {
        var local = DateTimeUtil.ToLocal(micros);
        long fractionMicros = ((micros % 1_000_000) + 1_000_000) % 1_000_000;
        DateTime? r = format.ToUpperInvariant() switch
        {
            "YEAR" or "YYYY" or "YY" => new DateTime(local.Year, 1, 1),
            "QUARTER" => new DateTime(local.Year, (local.Month - 1) / 3 * 3 + 1, 1),
            "MONTH" or "MM" or "MON" => new DateTime(local.Year, local.Month, 1),
            "WEEK" => local.Date.AddDays(-(((int)local.DayOfWeek + 6) % 7)),
            "DAY" or "DD" => local.Date,
            "HOUR" => new DateTime(local.Year, local.Month, local.Day, local.Hour, 0, 0),
            "MINUTE" => new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0),
            "SECOND" => new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, local.Second),
            _ => null,
        };
        string f = format.ToUpperInvariant();
        if (f == "MILLISECOND") return micros - fractionMicros % 1000;
        if (f == "MICROSECOND") return micros;
        return r == null ? null : DateTimeUtil.LocalToMicros(r.Value);
    }

    /// <summary>from_utc_timestamp renders a UTC instant as wall-clock time of <paramref name="zoneId"/>; to_utc_timestamp is its inverse.</summary>
    private static object? ShiftZone(long micros, string zoneId, bool toUtc)
    {
        var zone = Zone(zoneId);
        var instant = DateTimeUtil.MicrosToDateTime(micros);
        if (!toUtc) return micros + zone.GetUtcOffset(instant).Ticks / 10;
        var wall = DateTime.SpecifyKind(instant, DateTimeKind.Unspecified);
        var utc = TimeZoneInfo.ConvertTimeToUtc(zone.IsInvalidTime(wall) ? wall.AddHours(1) : wall, zone);
        return (utc.Ticks - DateTimeUtil.Epoch.Ticks) / 10 + micros % 10;
    }

    private static object? MakeDate(int year, int month, int day)
    {
        if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return null;
        return DateTimeUtil.DateToDays(new DateOnly(year, month, day));
    }

    private static object? MakeTimestamp(object?[] a)
    {
        if (a.Take(6).Any(x => x == null)) return null;
        int year = ToInt(a[0]!), month = ToInt(a[1]!), day = ToInt(a[2]!), hour = ToInt(a[3]!), minute = ToInt(a[4]!);
        decimal sec = (decimal)a[5]!;
        if (MakeDate(year, month, day) == null || hour < 0 || hour > 23 || minute < 0 || minute > 59 || sec < 0 || sec > 60) return null;
        long secMicros = (long)(sec * 1_000_000m);
        if (sec >= 60)
        {
            if (sec != 60) return null;
        }
        var local = new DateTime(year, month, day, hour, minute, 0);
        var zone = a.Length > 6 && a[6] is string z ? Zone(z) : DateTimeUtil.SessionTimeZone;
        var utc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone);
        return (utc.Ticks - DateTimeUtil.Epoch.Ticks) / 10 + secMicros;
    }
}
