namespace Spate.Kafka;

/// <summary>Thrown when offsets the query needs are gone from Kafka and <c>failOnDataLoss</c> is true (Spark's <c>KAFKA_DATA_LOSS</c>).</summary>
public sealed class KafkaDataLossException : InvalidOperationException
{
    internal KafkaDataLossException(string subClass, string reason)
        : base($"[KAFKA_DATA_LOSS.{subClass}] {Preamble} {reason} SQLSTATE: 22000")
    {
        SubClass = subClass;
    }

    /// <summary>The error subclass, e.g. <c>PARTITION_OFFSET_CHANGED</c>.</summary>
    public string SubClass { get; }

    internal const string Preamble =
        "Some data may have been lost because they are not available in Kafka any more;\n" +
        "either the data was aged out by Kafka or the topic may have been deleted before all the data in the\n" +
        "topic was processed.\n" +
        "If you don't want your streaming query to fail on such cases, set the source option failOnDataLoss to false.\n" +
        "Reason:";
}

/// <summary>Reports data loss as Spark does: throw when <c>failOnDataLoss</c>, otherwise log a warning and go on.</summary>
internal sealed class DataLossReporter
{
    private const string InstructionWhenNotFailing =
        "Some data may have been lost because they are not available in Kafka any more; either the\n" +
        " data was aged out by Kafka or the topic may have been deleted before all the data in the\n" +
        " topic was processed. If you want your streaming query to fail on such cases, set the source\n" +
        " option \"failOnDataLoss\" to \"true\".";

    private readonly bool _failOnDataLoss;

    public DataLossReporter(bool failOnDataLoss) { _failOnDataLoss = failOnDataLoss; }

    public void Report(string subClass, string reason)
    {
        if (_failOnDataLoss) throw new KafkaDataLossException(subClass, reason);
        SparkLog.Warn("KafkaMicroBatchStream", reason + ". " + InstructionWhenNotFailing);
    }

    public void PartitionOffsetChanged(KafkaPartition tp, long prev, long now) => Report("PARTITION_OFFSET_CHANGED",
        $"Partition {tp} offset was changed from {prev} to {now}.\nThis could either be a user error that the start offset is set too high and this is the first batch, or the kafka topic-partition is broken, and some data may have been missed.");

    public void PartitionsDeleted(IEnumerable<KafkaPartition> partitions) =>
        Report("PARTITIONS_DELETED", $"Partitions {KafkaPartition.SetString(partitions)} have been deleted.");

    public void AddedPartitionDoesNotStartFromZero(KafkaPartition tp, long start) =>
        Report("ADDED_PARTITION_DOES_NOT_START_FROM_OFFSET_ZERO", $"Added partition {tp} starts from {start} instead of 0.");

    public void StartOffsetReset(KafkaPartition tp, long offset, long fetched) =>
        Report("START_OFFSET_RESET", $"Starting offset for {tp} was {offset} but consumer reset to {fetched}.");

    public void CouldNotReadOffsetRange(long start, long end, KafkaPartition tp, string groupId) =>
        Report("COULD_NOT_READ_OFFSET_RANGE", $"Could not read records in offset [{start}, {end}) for topic partition {tp}\nwith consumer group {groupId}.");
}
