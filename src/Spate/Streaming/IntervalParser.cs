using System.Globalization;
using System.Text.RegularExpressions;
using Spate.Sql;

namespace Spate.Streaming;

/// <summary>Parses Spark interval strings: <c>"2 seconds"</c>, <c>"10 minutes"</c>, <c>"1 hour 30 minutes"</c>, <c>"500 milliseconds"</c>, <c>"interval 5 seconds"</c>.</summary>
internal static class IntervalParser
{
    private static readonly Regex Part = new(@"(-?\d+(?:\.\d+)?)\s*([a-zA-Z]+)", RegexOptions.Compiled);

    public static long ParseMillis(string interval)
    {
        if (string.IsNullOrWhiteSpace(interval)) throw Invalid(interval);
        var s = interval.Trim();
        if (s.StartsWith("interval", StringComparison.OrdinalIgnoreCase)) s = s[8..].Trim();
        if (long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long plain)) return plain;
        var matches = Part.Matches(s);
        if (matches.Count == 0 || string.Concat(matches.Select(m => m.Value)).Replace(" ", "") != s.Replace(" ", "")) throw Invalid(interval);
        double total = 0;
        foreach (Match m in matches)
        {
            double n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            total += n * m.Groups[2].Value.ToLowerInvariant() switch
            {
                "ms" or "millisecond" or "milliseconds" or "msec" or "msecs" => 1,
                "us" or "microsecond" or "microseconds" => 0.001,
                "s" or "sec" or "secs" or "second" or "seconds" => 1000,
                "m" or "min" or "mins" or "minute" or "minutes" => 60_000,
                "h" or "hour" or "hours" => 3_600_000,
                "d" or "day" or "days" => 86_400_000,
                "week" or "weeks" => 604_800_000,
                _ => throw Invalid(interval),
            };
        }
        return (long)total;
    }

    private static ArgumentException Invalid(string s) =>
        new($"[INVALID_INTERVAL_FORMAT] Error parsing '{s}' to interval. Use a form like '2 seconds', '10 minutes' or '1 hour'.");
}
