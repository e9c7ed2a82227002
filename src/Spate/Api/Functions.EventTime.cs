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
}
