using Spate.Sql;
using Spate.Streaming;

namespace Spate.Expressions;

/// <summary>Registers <c>window</c> and <c>window_time</c>.</summary>
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
    }

    private static long Micros(Expression e, string name) => e switch
    {
        Literal { Value: string s } => IntervalParser.ParseMillis(s) * 1000,
        _ => throw new AnalysisException($"[INVALID_PARAMETER_VALUE] The {name} of window must be a constant interval string such as '10 minutes'."),
    };

    /// <summary>An interval string in microseconds.</summary>
    public static long ParseMicros(string interval) => IntervalParser.ParseMillis(interval) * 1000;
}
