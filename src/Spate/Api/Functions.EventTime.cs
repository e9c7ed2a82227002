using Spate.Expressions;

namespace Spate.Sql;

public static partial class Functions
{
    /// <summary>Tumbling event-time windows: <c>GroupBy(Window(Col("ts"), "10 minutes"))</c> gives a column <c>window</c>
    /// (<c>struct&lt;start, end&gt;</c>).</summary>
    public static Column Window(Column timeColumn, string windowDuration) => Window(timeColumn, windowDuration, windowDuration);

    /// <summary>Sliding windows: a row belongs to every window of length <paramref name="windowDuration"/> starting every <paramref name="slideDuration"/>.</summary>
    public static Column Window(Column timeColumn, string windowDuration, string slideDuration) => Window(timeColumn, windowDuration, slideDuration, "0 seconds");

    /// <summary>Sliding windows offset by <paramref name="startTime"/> from the epoch.</summary>
    public static Column Window(Column timeColumn, string windowDuration, string slideDuration, string startTime) =>
        new(new TimeWindow(timeColumn.Expr, EventTimeFunctions.ParseMicros(windowDuration), EventTimeFunctions.ParseMicros(slideDuration),
            EventTimeFunctions.ParseMicros(startTime)));

    /// <summary>The event time of a window: its end minus one microsecond.</summary>
    public static Column WindowTime(Column windowColumn) => new(new WindowTime(windowColumn.Expr));

    /// <summary>Session windows with a constant gap: <c>GroupBy(SessionWindow(Col("ts"), "5 minutes"), Col("user"))</c>
    /// gives a column <c>session_window</c> (<c>struct&lt;start, end&gt;</c>); a session closes after
    /// <paramref name="gapDuration"/> without events for its key.</summary>
    public static Column SessionWindow(Column timeColumn, string gapDuration) =>
        new(new SessionWindow(timeColumn.Expr, new Literal(gapDuration, Spate.Sql.Types.StringType.Instance)));

    /// <summary>Session windows with a gap per row: <paramref name="gapDuration"/> evaluates to an interval string such as
    /// <c>"5 seconds"</c>; rows whose gap is null, invalid, zero or negative belong to no session.</summary>
    public static Column SessionWindow(Column timeColumn, Column gapDuration) => new(new SessionWindow(timeColumn.Expr, gapDuration.Expr));

    /// <summary>A timestamp plus <paramref name="quantity"/> units (<c>MICROSECOND</c>, <c>MILLISECOND</c>, <c>SECOND</c>,
    /// <c>MINUTE</c>, <c>HOUR</c>, <c>DAY</c>, <c>WEEK</c>), Spark's <c>timestamp_add</c>. Stream-stream joins read
    /// time-range conditions such as <c>clickTime &lt;= TimestampAdd("HOUR", Lit(1), impressionTime)</c>.</summary>
    public static Column TimestampAdd(string unit, Column quantity, Column timestamp) =>
        new(new TimestampAddExpression(unit, quantity.Expr, timestamp.Expr));
}
