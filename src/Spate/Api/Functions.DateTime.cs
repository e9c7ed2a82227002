namespace Spate.Sql;

public static partial class Functions
{
    /// <summary>Today's date in the session time zone.</summary>
    public static Column CurrentDate() => Fn("current_date", System.Array.Empty<Column>());
    /// <summary>The current timestamp.</summary>
    public static Column CurrentTimestamp() => Fn("current_timestamp", System.Array.Empty<Column>());
    /// <summary>The current timestamp.</summary>
    public static Column Now() => Fn("now", System.Array.Empty<Column>());
    /// <summary>The session time zone id.</summary>
    public static Column CurrentTimezone() => Fn("current_timezone", System.Array.Empty<Column>());
    /// <summary>Formats a date/timestamp with a Spark datetime pattern (<c>yyyy-MM-dd HH:mm:ss</c>).</summary>
    public static Column DateFormat(Column dateExpr, string format) => Fn("date_format", dateExpr, Lit(format));
    /// <summary>Casts to a date.</summary>
    public static Column ToDate(Column column) => Fn("to_date", column);
    /// <summary>Parses a date with a Spark datetime pattern; null when it does not match.</summary>
    public static Column ToDate(Column column, string format) => Fn("to_date", column, Lit(format));
    /// <summary>Casts to a timestamp.</summary>
    public static Column ToTimestamp(Column column) => Fn("to_timestamp", column);
    /// <summary>Parses a timestamp with a Spark datetime pattern; null when it does not match.</summary>
    public static Column ToTimestamp(Column column, string format) => Fn("to_timestamp", column, Lit(format));
    /// <summary>Current time in seconds since the epoch.</summary>
    public static Column UnixTimestamp() => Fn("unix_timestamp", System.Array.Empty<Column>());
    /// <summary>Seconds since the epoch of a timestamp, or of a string in <c>yyyy-MM-dd HH:mm:ss</c>.</summary>
    public static Column UnixTimestamp(Column column) => Fn("unix_timestamp", column);
    /// <summary>Seconds since the epoch of a string in <paramref name="format"/>.</summary>
    public static Column UnixTimestamp(Column column, string format) => Fn("unix_timestamp", column, Lit(format));
    /// <summary>Formats seconds since the epoch as <c>yyyy-MM-dd HH:mm:ss</c>.</summary>
    public static Column FromUnixTime(Column column) => Fn("from_unixtime", column);
    /// <summary>Formats seconds since the epoch with <paramref name="format"/>.</summary>
    public static Column FromUnixTime(Column column, string format) => Fn("from_unixtime", column, Lit(format));
    /// <summary>Year.</summary>
    public static Column Year(Column column) => Fn("year", column);
    /// <summary>Quarter (1-4).</summary>
    public static Column Quarter(Column column) => Fn("quarter", column);
    /// <summary>Month (1-12).</summary>
    public static Column Month(Column column) => Fn("month", column);
    /// <summary>Day of month.</summary>
    public static Column DayOfMonth(Column column) => Fn("dayofmonth", column);
    /// <summary>Day of week, 1 = Sunday ... 7 = Saturday.</summary>
    public static Column DayOfWeek(Column column) => Fn("dayofweek", column);
    /// <summary>Day of year.</summary>
    public static Column DayOfYear(Column column) => Fn("dayofyear", column);
    /// <summary>Day of week, 0 = Monday ... 6 = Sunday.</summary>
    public static Column Weekday(Column column) => Fn("weekday", column);
    /// <summary>Hour of a timestamp.</summary>
    public static Column Hour(Column column) => Fn("hour", column);
    /// <summary>Minute of a timestamp.</summary>
    public static Column Minute(Column column) => Fn("minute", column);
    /// <summary>Second of a timestamp.</summary>
    public static Column Second(Column column) => Fn("second", column);
    /// <summary>ISO-8601 week number.</summary>
    public static Column WeekOfYear(Column column) => Fn("weekofyear", column);
    /// <summary>The date <paramref name="days"/> days later.</summary>
    public static Column DateAdd(Column start, int days) => Fn("date_add", start, Lit(days));
    /// <summary>The date <paramref name="days"/> days later.</summary>
    public static Column DateAdd(Column start, Column days) => Fn("date_add", start, days);
    /// <summary>The date <paramref name="days"/> days earlier.</summary>
    public static Column DateSub(Column start, int days) => Fn("date_sub", start, Lit(days));
    /// <summary>Days from <paramref name="start"/> to <paramref name="end"/>.</summary>
    public static Column DateDiff(Column end, Column start) => Fn("datediff", end, start);
    /// <summary>The date <paramref name="numMonths"/> months later (clamped to the month's end).</summary>
    public static Column AddMonths(Column startDate, int numMonths) => Fn("add_months", startDate, Lit(numMonths));
    /// <summary>Months between two dates/timestamps.</summary>
    public static Column MonthsBetween(Column end, Column start, bool roundOff = true) => Fn("months_between", end, start, Lit(roundOff));
    /// <summary>Last day of the month.</summary>
    public static Column LastDay(Column column) => Fn("last_day", column);
    /// <summary>First date later than the given date that falls on <paramref name="dayOfWeek"/> ("Mon", "Tuesday" ...).</summary>
    public static Column NextDay(Column date, string dayOfWeek) => Fn("next_day", date, Lit(dayOfWeek));
    /// <summary>Truncates a date to year, quarter, month or week.</summary>
    public static Column Trunc(Column column, string format) => Fn("trunc", column, Lit(format));
    /// <summary>Truncates a timestamp to the unit <paramref name="format"/>.</summary>
    public static Column DateTrunc(string format, Column column) => Fn("date_trunc", Lit(format), column);
    /// <summary>Renders a UTC timestamp as wall-clock time of <paramref name="tz"/>.</summary>
    public static Column FromUtcTimestamp(Column column, string tz) => Fn("from_utc_timestamp", column, Lit(tz));
    /// <summary>Interprets a wall-clock timestamp of <paramref name="tz"/> as UTC.</summary>
    public static Column ToUtcTimestamp(Column column, string tz) => Fn("to_utc_timestamp", column, Lit(tz));
    /// <summary>A date from year, month and day (null when invalid).</summary>
    public static Column MakeDate(Column year, Column month, Column day) => Fn("make_date", year, month, day);
    /// <summary>A timestamp from its fields (seconds may have a fraction).</summary>
    public static Column MakeTimestamp(Column years, Column months, Column days, Column hours, Column mins, Column secs) => Fn("make_timestamp", years, months, days, hours, mins, secs);
    /// <summary>A timestamp from its fields in time zone <paramref name="timezone"/>.</summary>
    public static Column MakeTimestamp(Column years, Column months, Column days, Column hours, Column mins, Column secs, Column timezone) => Fn("make_timestamp", years, months, days, hours, mins, secs, timezone);
    /// <summary>Timestamp from seconds since the epoch.</summary>
    public static Column TimestampSeconds(Column column) => Fn("timestamp_seconds", column);
    /// <summary>Timestamp from milliseconds since the epoch.</summary>
    public static Column TimestampMillis(Column column) => Fn("timestamp_millis", column);
    /// <summary>Timestamp from microseconds since the epoch.</summary>
    public static Column TimestampMicros(Column column) => Fn("timestamp_micros", column);
    /// <summary>Seconds since the epoch.</summary>
    public static Column UnixSeconds(Column column) => Fn("unix_seconds", column);
    /// <summary>Milliseconds since the epoch.</summary>
    public static Column UnixMillis(Column column) => Fn("unix_millis", column);
    /// <summary>Microseconds since the epoch.</summary>
    public static Column UnixMicros(Column column) => Fn("unix_micros", column);
}
