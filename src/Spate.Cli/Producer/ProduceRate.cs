using System.Globalization;

namespace Spate.Cli.Producer;

/// <summary>Parses <c>--rate</c>: records per second, or <c>max</c> (as fast as possible).</summary>
internal static class ProduceRate
{
    /// <summary>
    /// Parses <paramref name="text"/>; <paramref name="recordsPerSecond"/> is null for <c>max</c>.
    /// </summary>
    public static bool TryParse(string? text, out double? recordsPerSecond, out string? error)
    {
        recordsPerSecond = null;
        error = null;
        if (string.Equals(text, "max", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && double.IsFinite(rate) && rate > 0)
        {
            recordsPerSecond = rate;
            return true;
        }
        error = $"--rate '{text}': expected a positive number of records per second or 'max'";
        return false;
    }
}
