using System.Globalization;
using System.Text.RegularExpressions;

namespace Spate.Sources;

/// <summary>What the file source does with a file once its batch is committed (Spark's <c>cleanSource</c>).</summary>
internal enum CleanSourceMode { Archive, Delete, Off }

/// <summary>The options of the streaming file source (Spark's <c>FileStreamOptions</c>), checked when the stream is defined.</summary>
internal sealed class FileStreamSourceOptions
{
    public FileStreamSourceOptions(IReadOnlyDictionary<string, string> options)
    {
        MaxFilesPerTrigger = PositiveLong(options, "maxFilesPerTrigger");
        MaxBytesPerTrigger = PositiveLong(options, "maxBytesPerTrigger");
        if (MaxFilesPerTrigger != null && MaxBytesPerTrigger != null)
            throw new ArgumentException("Options 'maxFilesPerTrigger' and 'maxBytesPerTrigger' can't be both set at the same time");
        LatestFirst = Bool(options, "latestFirst");
        FileNameOnly = Bool(options, "fileNameOnly");
        long age = TimeStringAsMs(options.TryGetValue("maxFileAge", out var a) ? a : "7d");
        // With latestFirst and a per-trigger limit an age limit would skip valid old files (SPARK-19813): ignored then.
        MaxFileAgeMs = LatestFirst && (MaxFilesPerTrigger != null || MaxBytesPerTrigger != null) ? long.MaxValue : age;
        SourceArchiveDir = options.TryGetValue("sourceArchiveDir", out var dir) ? dir : null;
        var mode = options.TryGetValue("cleanSource", out var c) ? c : "off";
        CleanSource = mode.ToUpperInvariant() switch
        {
            "ARCHIVE" => CleanSourceMode.Archive,
            "DELETE" => CleanSourceMode.Delete,
            "OFF" => CleanSourceMode.Off,
            _ => throw new ArgumentException($"Invalid mode for clean source option {mode}. Must be one of ARCHIVE,DELETE,OFF"),
        };
        if (CleanSource == CleanSourceMode.Archive && SourceArchiveDir == null)
            throw new ArgumentException("Archive mode must be used with 'sourceArchiveDir' option.");
    }

    public long? MaxFilesPerTrigger { get; }
    public long? MaxBytesPerTrigger { get; }
    public bool LatestFirst { get; }
    public bool FileNameOnly { get; }
    public long MaxFileAgeMs { get; }
    public CleanSourceMode CleanSource { get; }
    public string? SourceArchiveDir { get; }
    public bool IsRateLimited => MaxFilesPerTrigger != null || MaxBytesPerTrigger != null;

    private static long? PositiveLong(IReadOnlyDictionary<string, string> options, string key)
    {
        if (!options.TryGetValue(key, out var text)) return null;
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) && v > 0) return v;
        throw new ArgumentException($"Invalid value '{text}' for option '{key}', must be a positive integer");
    }

    private static bool Bool(IReadOnlyDictionary<string, string> options, string key)
    {
        if (!options.TryGetValue(key, out var text)) return false;
        return bool.TryParse(text, out bool v) ? v
            : throw new ArgumentException($"Invalid value '{text}' for option '{key}', must be 'true' or 'false'");
    }

    private static readonly Regex TimeString = new(@"^\s*(-?\d+)\s*([a-z]+)?\s*$", RegexOptions.Compiled | RegexOptions.IgnoreCase);

    /// <summary>Spark's <c>timeStringAsMs</c>: <c>7d</c>, <c>1h</c>, <c>30min</c>, <c>10s</c>, <c>500ms</c>, <c>250us</c>; a bare number is milliseconds.</summary>
    public static long TimeStringAsMs(string text)
    {
        var m = TimeString.Match(text);
        if (!m.Success || !long.TryParse(m.Groups[1].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n))
            throw new ArgumentException($"Time must be specified as seconds (s), milliseconds (ms), microseconds (us), minutes (m or min), hour (h), or day (d). E.g. 50 s, 100 ms, or 250 us. Invalid value: '{text}'");
        var unit = m.Groups[2].Success ? m.Groups[2].Value.ToLowerInvariant() : "ms";
        return unit switch
        {
            "us" => n / 1000,
            "ms" => n,
            "s" => n * 1000,
            "m" or "min" => n * 60_000,
            "h" => n * 3_600_000,
            "d" => n * 86_400_000,
            _ => throw new ArgumentException($"Invalid suffix: \"{unit}\". Time must be specified as seconds (s), milliseconds (ms), microseconds (us), minutes (m or min), hour (h), or day (d). E.g. 50 s, 100 ms, or 250 us."),
        };
    }
}
