using Confluent.Kafka;
using Spate.Sql;

namespace Spate.Kafka.Tests;

/// <summary>Session, producing and consuming helpers for the Kafka tests.</summary>
internal static class KafkaTestSupport
{
    public static SparkSession Spark => SparkSession.Builder().Master("local[2]")
        .Config("spark.sql.shuffle.partitions", "2").Config("spark.ui.enabled", "false").GetOrCreate();

    /// <summary>Produces string messages to an explicit partition (or the partitioner when null) and waits for all acks.</summary>
    public static void Produce(MockCluster cluster, string topic, int? partition, params (string? Key, string Value)[] messages) =>
        Produce(cluster, topic, partition, messages.Select(m => new Message<string?, string> { Key = m.Key, Value = m.Value }).ToArray());

    public static void Produce(MockCluster cluster, string topic, int? partition, params Message<string?, string>[] messages)
    {
        using var producer = new ProducerBuilder<string?, string>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build();
        var target = new TopicPartition(topic, partition is int p ? new Partition(p) : Partition.Any);
        // Awaited in order, so offsets follow the order of the messages.
        foreach (var m in messages) producer.ProduceAsync(target, m).GetAwaiter().GetResult();
        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
    }

    public static void ProduceValues(MockCluster cluster, string topic, int partition, params string[] values) =>
        Produce(cluster, topic, partition, values.Select(v => ((string?)null, v)).ToArray());

    /// <summary>Reads every message of a topic's partitions from the beginning to the current end, in partition order.</summary>
    public static List<ConsumeResult<string?, string?>> ConsumeAll(MockCluster cluster, string topic, int partitions)
    {
        var result = new List<ConsumeResult<string?, string?>>();
        using var consumer = new ConsumerBuilder<string?, string?>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers, GroupId = "test-reader", EnableAutoCommit = false, EnablePartitionEof = true,
        }).Build();
        for (int p = 0; p < partitions; p++)
        {
            var tp = new TopicPartition(topic, new Partition(p));
            long high = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(30)).High.Value;
            if (high == 0) continue;
            consumer.Assign(new TopicPartitionOffset(tp, Offset.Beginning));
            while (true)
            {
                var cr = consumer.Consume(TimeSpan.FromSeconds(30)) ?? throw new TimeoutException($"no message from {tp}");
                if (cr.IsPartitionEOF) break;
                result.Add(cr);
                if (cr.Offset.Value >= high - 1) break;
            }
            consumer.Unassign();
        }
        return result;
    }

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "spate-kafka-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>The rows of a memory sink table as strings, joined by '|' per row.</summary>
    public static List<string> TableRows(string table) =>
        Spark.Table(table).Collect().Select(r => string.Join("|", r.Values.Select(v => v switch
        {
            null => "null",
            byte[] b => System.Text.Encoding.UTF8.GetString(b),
            _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture),
        }))).ToList();
}
