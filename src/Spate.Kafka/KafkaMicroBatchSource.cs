using Spate.Columnar;
using Spate.Sources;
using Spate.Sql.Types;

namespace Spate.Kafka;

/// <summary>
/// The Kafka streaming source (Spark's <c>KafkaMicroBatchStream</c>). Its offset is the next offset to read per
/// partition, as JSON <c>{"topic":{"0":23}}</c>; a batch (start, end] reads exactly the offsets [start, end) of each
/// partition, so a replayed batch yields the same records. The offsets the first run starts from are resolved once
/// and kept under the checkpoint (<c>sources/N/0</c>), so <c>startingOffsets=latest</c> means the same offsets after a
/// restart. Partitions that appear later are read from their earliest offset. Nothing is committed to Kafka.
/// </summary>
internal sealed class KafkaMicroBatchSource : IMicroBatchSource
{
    private readonly KafkaSourceOptions _options;
    private readonly KafkaReader _reader;
    private readonly DataLossReporter _dataLoss;
    private readonly string _initialOffsetFile;
    private readonly object _initialLock = new();
    private SortedDictionary<KafkaPartition, long>? _initial;

    public KafkaMicroBatchSource(KafkaSourceOptions options, SourceContext context)
    {
        _options = options;
        _dataLoss = new DataLossReporter(options.FailOnDataLoss);
        _initialOffsetFile = Path.Combine(context.CheckpointSourceDir, "0");
        var groupId = $"{options.GroupIdPrefix}-{Guid.NewGuid()}-{context.CheckpointSourceDir.GetHashCode()}-executor";
        _reader = new KafkaReader(options.ClientConfig, groupId, options.PollTimeoutMs);
        Schema = KafkaRecordSchema.For(options.IncludeHeaders);
    }

    public StructType Schema { get; }
    public bool IsReplayable => true;
    public string Description => $"KafkaV2[{_options.Strategy}]";

    /// <summary>The partitions the strategy selects now.</summary>
    private List<KafkaPartition> CurrentPartitions() => _options.Strategy.Select(_reader.ClusterPartitions()).Distinct().Order().ToList();

    /// <summary>The offsets the query started from, resolved on the first run and read back from the checkpoint later.</summary>
    private SortedDictionary<KafkaPartition, long> InitialOffsets()
    {
        // ProcessAllAvailable asks for offsets from its own thread while a batch may be reading.
        lock (_initialLock) return _initial ??= LoadOrResolveInitialOffsets();
    }

    private SortedDictionary<KafkaPartition, long> LoadOrResolveInitialOffsets()
    {
        if (File.Exists(_initialOffsetFile))
        {
            // Spark's KafkaSourceInitialOffsetWriter format: a zero byte, "v1\n", then the offsets JSON.
            var text = File.ReadAllText(_initialOffsetFile).TrimStart('\0');
            int nl = text.IndexOf('\n');
            if (!text.StartsWith('v') || nl < 0)
                throw new InvalidOperationException($"Log file was malformed: failed to read correct log version from {_initialOffsetFile}.");
            if (text.AsSpan(1, nl - 1).ToString() != "1")
                throw new InvalidOperationException($"UnsupportedLogVersion: maximum supported log version is v1, but encountered {text.Substring(0, nl)}. The log file was produced by a newer version of Spark and cannot be read by this version. Please upgrade.");
            return KafkaOffsets.Parse(text.Substring(nl + 1));
        }
        var partitions = CurrentPartitions();
        var initial = _options.StartingOffsets switch
        {
            OffsetRangeLimit.EarliestLimit => _reader.Earliest(partitions),
            OffsetRangeLimit.LatestLimit => _reader.Latest(partitions),
            OffsetRangeLimit.Specific s => ResolveSpecific(s.Offsets, partitions),
            _ => throw new InvalidOperationException("unknown startingOffsets"),
        };
        Directory.CreateDirectory(Path.GetDirectoryName(_initialOffsetFile)!);
        Spate.Checkpoints.MetadataLog.WriteAtomically(_initialOffsetFile, "\0v1\n" + KafkaOffsets.ToJson(initial));
        return initial;
    }

    /// <summary>Resolves -2/-1 to the partition's earliest/latest offset; an offset outside the partition's range is data loss.</summary>
    private SortedDictionary<KafkaPartition, long> ResolveSpecific(SortedDictionary<KafkaPartition, long> specified, List<KafkaPartition> assigned)
    {
        if (!specified.Keys.ToHashSet().SetEquals(assigned))
            throw new InvalidOperationException(
                $"[KAFKA_START_OFFSET_DOES_NOT_MATCH_ASSIGNED] Partitions specified for Kafka start offsets don't match what are assigned. Maybe topic partitions are created \n" +
                $"or deleted while the query is running. Use -1 for latest, -2 for earliest.\nSpecified: {KafkaPartition.SetString(specified.Keys)} Assigned: {KafkaPartition.SetString(assigned)}");
        var result = new SortedDictionary<KafkaPartition, long>();
        foreach (var (tp, off) in specified)
        {
            var w = _reader.Watermarks(tp);
            long low = w.Low.Value, high = w.High.Value;
            long resolved = off switch { KafkaOffsets.Earliest => low, KafkaOffsets.Latest => high, _ => off };
            if (off >= 0 && (off < low || off > high))
            {
                resolved = off < low ? low : high;
                _dataLoss.StartOffsetReset(tp, off, resolved);
            }
            result[tp] = resolved;
        }
        return result;
    }

    public string? LatestOffset(string? start)
    {
        var from = start == null ? InitialOffsets() : KafkaOffsets.Parse(start);
        var partitions = CurrentPartitions();
        if (partitions.Count == 0 && from.Count == 0) return null;
        var latest = _reader.Latest(partitions);
        if (_options.MaxOffsetsPerTrigger is long limit) latest = RateLimit(limit, from, latest);
        return KafkaOffsets.ToJson(latest);
    }

    /// <summary>
    /// Spark's rate limit: the <paramref name="limit"/> offsets are shared among partitions in proportion to how far
    /// each is behind; a partition with less than one offset of share still gets one, so small ones don't starve.
    /// </summary>
    private SortedDictionary<KafkaPartition, long> RateLimit(long limit, SortedDictionary<KafkaPartition, long> from, SortedDictionary<KafkaPartition, long> until)
    {
        var newPartitions = until.Keys.Where(p => !from.ContainsKey(p)).ToList();
        var fromNew = newPartitions.Count > 0 ? _reader.Earliest(newPartitions) : new SortedDictionary<KafkaPartition, long>();
        var sizes = new Dictionary<KafkaPartition, long>();
        foreach (var (tp, end) in until)
        {
            long begin = from.TryGetValue(tp, out var b) ? b : fromNew[tp];
            if (end - begin > 0) sizes[tp] = end - begin;
        }
        double total = sizes.Values.Sum(v => (double)v);
        if (total < 1) return until;
        var result = new SortedDictionary<KafkaPartition, long>();
        foreach (var (tp, end) in until)
        {
            if (!sizes.TryGetValue(tp, out long size)) { result[tp] = end; continue; }
            long begin = from.TryGetValue(tp, out var b) ? b : fromNew[tp];
            double share = limit * (size / total);
            long shareLong = (long)(share < 1 ? Math.Ceiling(share) : Math.Floor(share));
            long off = shareLong > long.MaxValue - begin ? long.MaxValue : begin + shareLong;
            result[tp] = Math.Min(end, off);
        }
        return result;
    }

    public IReadOnlyList<ColumnBatch> GetBatch(string? start, string end)
    {
        var from = start == null ? InitialOffsets() : KafkaOffsets.Parse(start);
        var until = KafkaOffsets.Parse(end);
        var newPartitions = until.Keys.Where(p => !from.ContainsKey(p)).ToList();
        var newStarts = new SortedDictionary<KafkaPartition, long>();
        if (newPartitions.Count > 0)
        {
            newStarts = _reader.Earliest(newPartitions);
            foreach (var (tp, off) in newStarts)
                if (off != 0) _dataLoss.AddedPartitionDoesNotStartFromZero(tp, off);
        }
        var deleted = from.Keys.Where(p => !until.ContainsKey(p)).ToList();
        if (deleted.Count > 0) _dataLoss.PartitionsDeleted(deleted);

        var ranges = new List<OffsetRange>();
        foreach (var (tp, untilOffset) in until)
        {
            long fromOffset = from.TryGetValue(tp, out var f) ? f : newStarts[tp];
            if (untilOffset < fromOffset)
            {
                _dataLoss.PartitionOffsetChanged(tp, fromOffset, untilOffset);
                continue;
            }
            if (untilOffset > fromOffset) ranges.Add(new OffsetRange(tp, fromOffset, untilOffset));
        }
        return _reader.Read(Split(ranges), _options.IncludeHeaders, _dataLoss);
    }

    /// <summary>Splits ranges so there are at least <c>minPartitions</c> and none above <c>maxRecordsPerPartition</c>
    /// (Spark's KafkaOffsetRangeCalculator); each range becomes one batch of rows.</summary>
    private List<OffsetRange> Split(List<OffsetRange> ranges)
    {
        var result = new List<OffsetRange>();
        long total = ranges.Sum(r => r.Size);
        int min = _options.MinPartitions ?? 0;
        foreach (var r in ranges)
        {
            int parts = 1;
            if (min > ranges.Count && total > 0) parts = (int)Math.Max(1, Math.Round(r.Size / (double)total * min));
            if (_options.MaxRecordsPerPartition is long max) parts = (int)Math.Max(parts, (r.Size + max - 1) / max);
            if (parts <= 1) { result.Add(r); continue; }
            for (int i = 0; i < parts; i++)
            {
                long a = r.From + r.Size * i / parts, b = r.From + r.Size * (i + 1) / parts;
                if (b > a) result.Add(new OffsetRange(r.Partition, a, b));
            }
        }
        return result;
    }

    /// <summary>Every partition of <paramref name="target"/> is at or past its offset there.</summary>
    public bool Covers(string? processed, string target)
    {
        if (processed == null) return false;
        var p = KafkaOffsets.Parse(processed);
        return KafkaOffsets.Parse(target).All(kv => p.TryGetValue(kv.Key, out var o) && o >= kv.Value);
    }

    public void Commit(string end) { }

    public void Dispose() => _reader.Dispose();
}
