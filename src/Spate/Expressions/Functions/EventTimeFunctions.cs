using Spate.Sql;
using Spate.Streaming;

namespace Spate.Expressions;

/// <summary>Registers <c>window</c>, <c>window_time</c>, <c>session_window</c> and <c>timestamp_add</c>.</summary>
internal static class EventTimeFunctions
{
    public static void Register()
    {
        FunctionRegistry.Register("window", (a, d) =>
        {
            FunctionRegistry.Arity("window", a, 2, 4);
            long window = Micros(a[1], "windowDuration");
            long slide = a.Count > 2 ? Micros(a[2], "slideDuration") : window;
            long start = a.Count > 3 ? Micros(a[3], "startTime") : 0;
            return new TimeWindow(a[0], window, slide, start);
        });
        FunctionRegistry.Register("window_time", (a, d) => { FunctionRegistry.Arity("window_time", a, 1); return new WindowTime(a[0]); });
        FunctionRegistry.Register("session_window", (a, d) => { FunctionRegistry.Arity("session_window", a, 2); return new SessionWindow(a[0], a[1]); });
        FunctionRegistry.Register("timestamp_add", (a, d) =>
        {
            FunctionRegistry.Arity("timestamp_add", a, 3);
            if (a[0] is not Literal { Value: string unit })
                throw new AnalysisException("[INVALID_PARAMETER_VALUE.DATETIME_UNIT] The value of parameter(s) `unit` in `timestamp_add` is invalid: expects a constant unit such as 'HOUR'.");
            return new TimestampAddExpression(unit, a[1], a[2]);
        });
    }

    private static long Micros(Expression e, string name) => e switch
    {
        Literal { Value: string s } => IntervalParser.ParseMillis(s) * 1000,
        _ => throw new AnalysisException($"[INVALID_PARAMETER_VALUE] The {name} of window must be a constant interval string such as '10 minutes'."),
    };

    /// <summary>An interval string in microseconds.</summary>
    public static long ParseMicros(string interval) => IntervalParser.ParseMillis(interval) * 1000;
}
