using Confluent.Kafka;
using Spate.Columnar;

namespace Spate.Kafka;

/// <summary>A range of offsets [From, Until) of one partition to read.</summary>
internal readonly record struct OffsetRange(KafkaPartition Partition, long From, long Until)
{
    public long Size => Until - From;
}

/// <summary>
/// One librdkafka consumer used without a consumer group: metadata and watermark queries, and reads of exact offset
/// ranges by assigning partitions at given offsets. It never commits offsets.
/// </summary>
internal sealed class KafkaReader : IDisposable
{
    private readonly IConsumer<byte[]?, byte[]?> _consumer;
    private readonly IAdminClient _admin;
    private readonly TimeSpan _timeout;

    public KafkaReader(Dictionary<string, string> clientConfig, string groupId, int pollTimeoutMs)
    {
        GroupId = clientConfig.GetValueOrDefault("group.id", groupId);
        var config = new ConsumerConfig(new Dictionary<string, string>(clientConfig))
        {
            GroupId = GroupId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Error,
            EnablePartitionEof = true,
        };
        _timeout = TimeSpan.FromMilliseconds(pollTimeoutMs);
        _consumer = new ConsumerBuilder<byte[]?, byte[]?>(config)
            .SetLogHandler((_, m) => SparkLog.Info("librdkafka", $"{m.Name}: {m.Message}"))
            .SetErrorHandler((_, e) => SparkLog.Info("librdkafka", e.ToString()))
            .Build();
        _admin = new DependentAdminClientBuilder(_consumer.Handle).Build();
    }

    public string GroupId { get; }

    /// <summary>Every partition of every topic the cluster has now.</summary>
    public List<KafkaPartition> ClusterPartitions()
    {
        var metadata = _admin.GetMetadata(_timeout);
        return metadata.Topics
            .Where(t => t.Error.Code == ErrorCode.NoError)
            .SelectMany(t => t.Partitions.Select(p => new KafkaPartition(t.Topic, p.PartitionId)))
            .Order().ToList();
    }

    /// <summary>Low and high watermark of a partition (earliest offset, and the offset the next message gets).</summary>
    public WatermarkOffsets Watermarks(KafkaPartition tp) => _consumer.QueryWatermarkOffsets(tp.ToConfluent(), _timeout);

    public SortedDictionary<KafkaPartition, long> Earliest(IEnumerable<KafkaPartition> partitions) =>
        new(partitions.ToDictionary(p => p, p => Watermarks(p).Low.Value));

    public SortedDictionary<KafkaPartition, long> Latest(IEnumerable<KafkaPartition> partitions) =>
        new(partitions.ToDictionary(p => p, p => Watermarks(p).High.Value));

    /// <summary>
    /// Reads the records of each range in offset order, one batch per range (ranges of the same partition may follow
    /// each other). Offsets below the partition's earliest offset are data loss, reported through <paramref name="dataLoss"/>.
    /// </summary>
    public List<ColumnBatch> Read(IReadOnlyList<OffsetRange> ranges, bool includeHeaders, DataLossReporter dataLoss)
    {
        var checkedRanges = new List<OffsetRange>();
        foreach (var r in ranges)
        {
            if (r.Size <= 0) continue;
            long low = Watermarks(r.Partition).Low.Value;
            if (low > r.From)
            {
                dataLoss.CouldNotReadOffsetRange(r.From, r.Until, r.Partition, GroupId);
                if (low >= r.Until) continue;
                checkedRanges.Add(r with { From = low });
            }
            else checkedRanges.Add(r);
        }
        var result = new List<ColumnBatch>();
        // A partition's ranges are contiguous, so read each partition once and cut it into its ranges.
        foreach (var group in checkedRanges.GroupBy(r => r.Partition).OrderBy(g => g.Key))
        {
            var parts = group.OrderBy(r => r.From).ToList();
            var builders = parts.Select(r => new KafkaRowBuilder(includeHeaders, (int)Math.Min(r.Size, 65536))).ToArray();
            ReadPartition(group.Key, parts[0].From, parts[^1].Until, record =>
            {
                long off = record.Offset.Value;
                for (int i = 0; i < parts.Count; i++)
                    if (off >= parts[i].From && off < parts[i].Until) { builders[i].Add(record); return; }
            }, dataLoss);
            result.AddRange(builders.Where(b => b.Count > 0).Select(b => b.Build()));
        }
        return result;
    }

    private void ReadPartition(KafkaPartition tp, long from, long until, Action<ConsumeResult<byte[]?, byte[]?>> onRecord, DataLossReporter dataLoss)
    {
        _consumer.Assign(new TopicPartitionOffset(tp.ToConfluent(), new Offset(from)));
        try
        {
            var deadline = DateTime.UtcNow + _timeout;
            long next = from;
            while (next < until)
            {
                ConsumeResult<byte[]?, byte[]?>? record;
                try
                {
                    record = _consumer.Consume(TimeSpan.FromMilliseconds(200));
                }
                catch (ConsumeException e) when (e.Error.Code is ErrorCode.Local_AutoOffsetReset or ErrorCode.OffsetOutOfRange)
                {
                    // The range was deleted while reading (retention): data loss; continue from the earliest offset left.
                    dataLoss.CouldNotReadOffsetRange(next, until, tp, GroupId);
                    long low = Watermarks(tp).Low.Value;
                    if (low >= until) return;
                    next = Math.Max(next, low);
                    _consumer.Assign(new TopicPartitionOffset(tp.ToConfluent(), new Offset(next)));
                    continue;
                }
                if (record == null)
                {
                    if (DateTime.UtcNow > deadline)
                        throw new TimeoutException($"Failed to get records for {GroupId} {tp} {next} after polling for {(long)_timeout.TotalMilliseconds}");
                    continue;
                }
                deadline = DateTime.UtcNow + _timeout;
                if (record.IsPartitionEOF)
                {
                    // Offsets up to the end exist but carry no records (transaction markers, compaction).
                    if (record.Offset.Value >= until) return;
                    continue;
                }
                long off = record.Offset.Value;
                if (off >= until) return;
                if (off >= next) onRecord(record);
                next = off + 1;
            }
        }
        finally
        {
            _consumer.Unassign();
        }
    }

    public void Dispose()
    {
        _admin.Dispose();
        _consumer.Close();
        _consumer.Dispose();
    }
}
