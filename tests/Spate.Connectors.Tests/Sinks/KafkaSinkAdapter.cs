using Confluent.Kafka;
using Spate.Sql;
using Spate.Sql.Streaming;
using static Spate.Sql.Functions;

namespace Spate.Connectors.Tests.Sinks;

/// <summary>The Kafka sink: each updated report row as one JSON message on a one-partition topic, read back with a Confluent consumer.</summary>
public sealed class KafkaSinkAdapter : ISinkAdapter
{
    private readonly Peers _peers;
    private readonly string _topic;

    public KafkaSinkAdapter(Peers peers, CaseNames names)
    {
        _peers = peers;
        _topic = "out_" + names.Id;
        peers.Kafka.CreateTopic(_topic, 1);
    }

    public bool AppendOnly => false;

    /// <summary>Spark's form of a Kafka value: the whole row as JSON, <c>to_json(struct(*))</c>.</summary>
    public StreamingQuery Start(DataFrame df, CaseNames names) =>
        df.Select(ToJson(Struct(Col("*"))).Alias("value")).WriteStream().Format("kafka").OutputMode("update")
            .Option("kafka.bootstrap.servers", _peers.Kafka.BootstrapServers).Option("topic", _topic)
            .QueryName(names.Id).Option("checkpointLocation", names.Checkpoint).Start();

    /// <summary>Each message is the row as Spark's to_json writes it; in topic order they are the expected updates.</summary>
    public void Verify()
    {
        var rows = new List<string>();
        foreach (var value in ReadAll())
        {
            using var json = System.Text.Json.JsonDocument.Parse(value);
            var row = $"{json.RootElement.GetProperty("id").GetString()}|{json.RootElement.GetProperty("fraud").GetInt32()}|{json.RootElement.GetProperty("nTransactions").GetInt64()}";
            Assert.Equal(Json(row), value);
            rows.Add(row);
        }
        FraudPipeline.AssertUpdates(rows);
    }

    private static string Json(string row)
    {
        var p = row.Split('|');
        return $"{{\"id\":\"{p[0]}\",\"fraud\":{p[1]},\"nTransactions\":{p[2]}}}";
    }

    private List<string> ReadAll()
    {
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig
        {
            BootstrapServers = _peers.Kafka.BootstrapServers, GroupId = "matrix-reader", EnableAutoCommit = false,
        }).Build();
        var partition = new TopicPartition(_topic, new Partition(0));
        long high = consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(30)).High.Value;
        var values = new List<string>();
        if (high == 0) return values;
        consumer.Assign(new TopicPartitionOffset(partition, Offset.Beginning));
        while (values.Count < high)
        {
            var message = consumer.Consume(TimeSpan.FromSeconds(30)) ?? throw new TimeoutException($"No message from {partition} within 30 s.");
            values.Add(message.Message.Value);
        }
        return values;
    }

    public void Dispose() { }
}
