namespace Spate.Kafka;

/// <summary>A topic partition, ordered by topic then partition number; prints as Spark's <c>topic-partition</c>.</summary>
internal readonly record struct KafkaPartition(string Topic, int Partition) : IComparable<KafkaPartition>
{
    public int CompareTo(KafkaPartition other)
    {
        int c = string.CompareOrdinal(Topic, other.Topic);
        return c != 0 ? c : Partition.CompareTo(other.Partition);
    }

    public Confluent.Kafka.TopicPartition ToConfluent() => new(Topic, new Confluent.Kafka.Partition(Partition));

    public override string ToString() => $"{Topic}-{Partition}";

    /// <summary>Spark's rendering of a set of partitions in messages: <c>Set(t-0, t-1)</c>.</summary>
    public static string SetString(IEnumerable<KafkaPartition> partitions) => "Set(" + string.Join(", ", partitions.Order()) + ")";
}
