using Spate.Columnar;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Sources;

/// <summary>
/// The <c>rate</c> source: <c>rowsPerSecond</c> rows each second with columns <c>timestamp</c> and <c>value</c>
/// (0, 1, 2 ...). The offset is the number of whole seconds since the start time, which the source keeps under the
/// checkpoint, so a range of seconds always yields the same rows (replayable).
/// </summary>
internal sealed class RateSource : IMicroBatchSource
{
    private readonly long _rowsPerSecond;
    private readonly long _rampUpSeconds;
    private readonly TimeProvider _time;
    private readonly long _startMs;

    public static readonly StructType RateSchema = new(new[]
    {
        new StructField("timestamp", TimestampType.Instance, false), new StructField("value", LongType.Instance, false),
    });

    public RateSource(IReadOnlyDictionary<string, string> options, SourceContext context)
    {
        _rowsPerSecond = SourceOptions.GetLong(options, "rowsPerSecond", 1, min: 1);
        _rampUpSeconds = Spate.Streaming.IntervalParser.ParseMillis(options.GetValueOrDefault("rampUpTime", "0s")) / 1000;
        _time = context.Time;
        // The start time is logged once, so replays after a restart produce the same timestamps.
        var startFile = Path.Combine(context.CheckpointSourceDir, "startTimeMs");
        if (File.Exists(startFile)) _startMs = long.Parse(File.ReadAllText(startFile).Trim());
        else
        {
            _startMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
            Directory.CreateDirectory(context.CheckpointSourceDir);
            Checkpoints.MetadataLog.WriteAtomically(startFile, _startMs.ToString());
        }
    }

    public StructType Schema => RateSchema;
    public bool IsReplayable => true;
    public string Description => $"RateStreamV2[rowsPerSecond={_rowsPerSecond}, rampUpTimeSeconds={_rampUpSeconds}, numPartitions=default";

    public string? LatestOffset(string? start) => ((_time.GetUtcNow().ToUnixTimeMilliseconds() - _startMs) / 1000).ToString();

    /// <summary>Rows produced by the end of second <paramref name="s"/>, with a linear ramp-up as Spark's.</summary>
    private long RowsBy(long s)
    {
        if (s <= 0) return 0;
        if (_rampUpSeconds <= 0) return s * _rowsPerSecond;
        double speedDelta = _rowsPerSecond / (double)(_rampUpSeconds + 1);
        if (s <= _rampUpSeconds) return (long)(speedDelta * s * (s + 1) / 2);
        return (long)(speedDelta * _rampUpSeconds * (_rampUpSeconds + 1) / 2) + (s - _rampUpSeconds) * _rowsPerSecond;
    }

    public IReadOnlyList<ColumnBatch> GetBatch(string? start, string end)
    {
        long s0 = start == null ? 0 : long.Parse(start);
        long s1 = long.Parse(end);
        var batches = new List<ColumnBatch>();
        for (long s = s0; s < s1; s++)
        {
            long first = RowsBy(s), last = RowsBy(s + 1);
            long n = last - first;
            if (n <= 0) continue;
            for (long chunk = 0; chunk < n; chunk += 8192)
            {
                int m = (int)Math.Min(8192, n - chunk);
                var ts = new PrimitiveVector<long>(TimestampType.Instance, m);
                var vs = new PrimitiveVector<long>(LongType.Instance, m);
                for (int i = 0; i < m; i++)
                {
                    long k = chunk + i;
                    ts.Values[i] = (_startMs + s * 1000 + k * 1000 / n) * 1000;
                    vs.Values[i] = first + k;
                }
                ts.SetLength(m);
                vs.SetLength(m);
                batches.Add(new ColumnBatch(new ColumnVector[] { ts, vs }, m));
            }
        }
        return batches;
    }

    public void Commit(string end) { }
    public void Dispose() { }
}

/// <summary>
/// The <c>rate-micro-batch</c> source: exactly <c>rowsPerBatch</c> rows per micro-batch, timestamps advancing by
/// <c>advanceMillisPerBatch</c> from <c>startTimestamp</c>. Independent of wall-clock time, so it is fully
/// deterministic: the source for tests and the recovery harness.
/// </summary>
internal sealed class RateMicroBatchSource : IMicroBatchSource
{
    private readonly long _rowsPerBatch;
    private readonly long _startTimestamp;
    private readonly long _advanceMillis;

    public RateMicroBatchSource(IReadOnlyDictionary<string, string> options)
    {
        if (!options.ContainsKey("rowsPerBatch"))
            throw new ArgumentException("[INVALID_PARAMETER_VALUE] The rate-micro-batch source requires the option 'rowsPerBatch' (a positive number of rows per micro-batch).");
        _rowsPerBatch = SourceOptions.GetLong(options, "rowsPerBatch", 1, min: 1);
        _startTimestamp = SourceOptions.GetLong(options, "startTimestamp", 0, min: 0);
        _advanceMillis = SourceOptions.GetLong(options, "advanceMillisPerBatch", 1000, min: 0);
    }

    public StructType Schema => RateSource.RateSchema;
    public bool IsReplayable => true;
    public string Description => $"RatePerMicroBatchStream[rowsPerBatch={_rowsPerBatch}, numPartitions=default, startTimestamp={_startTimestamp}, advanceMillisPerBatch={_advanceMillis}]";

    /// <summary>One more batch is always available: the offset counts batches.</summary>
    public string? LatestOffset(string? start) => ((start == null ? 0 : long.Parse(start)) + 1).ToString();

    public IReadOnlyList<ColumnBatch> GetBatch(string? start, string end)
    {
        long b0 = start == null ? 0 : long.Parse(start);
        long b1 = long.Parse(end);
        var batches = new List<ColumnBatch>();
        for (long b = b0; b < b1; b++)
        {
            int n = (int)_rowsPerBatch;
            var ts = new PrimitiveVector<long>(TimestampType.Instance, n);
            var vs = new PrimitiveVector<long>(LongType.Instance, n);
            for (int i = 0; i < n; i++)
            {
                ts.Values[i] = (_startTimestamp + b * _advanceMillis) * 1000;
                vs.Values[i] = b * _rowsPerBatch + i;
            }
            ts.SetLength(n);
            vs.SetLength(n);
            batches.Add(new ColumnBatch(new ColumnVector[] { ts, vs }, n));
        }
        return batches;
    }

    public void Commit(string end) { }

    public void Dispose() { }
}

/// <summary>Typed reads of source options with Spark's error messages.</summary>
internal static class SourceOptions
{
    public static long GetLong(IReadOnlyDictionary<string, string> options, string key, long fallback, long min = long.MinValue)
    {
        if (!options.TryGetValue(key, out var text)) return fallback;
        if (!long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out long v) || v < min)
            throw new ArgumentException($"[INVALID_PARAMETER_VALUE] Invalid value '{text}' for option '{key}': it must be an integer{(min > long.MinValue ? $" >= {min}" : "")}.");
        return v;
    }

    public static bool GetBool(IReadOnlyDictionary<string, string> options, string key, bool fallback)
    {
        if (!options.TryGetValue(key, out var text)) return fallback;
        return bool.TryParse(text, out bool v) ? v
            : throw new ArgumentException($"[INVALID_PARAMETER_VALUE] Invalid value '{text}' for option '{key}': it must be true or false.");
    }

    public static string Required(IReadOnlyDictionary<string, string> options, string key, string format) =>
        options.TryGetValue(key, out var v) ? v
            : throw new Spate.Sql.AnalysisException($"Set a {key} in the options of the {format} source, e.g. .Option(\"{key}\", ...).");
}
