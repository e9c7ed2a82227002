using Confluent.Kafka;
using Spate.Sql;
using Spate.Sql.Streaming;
using static Spate.Sql.Functions;

namespace Spate.Connectors.Tests.Sources;

/// <summary>The Kafka source over a one-partition topic of the mock cluster, read from the earliest offset.</summary>
public sealed class KafkaSourceAdapter : ISourceAdapter
{
    private readonly Peers _peers;
    private readonly string _topic;
    private readonly IProducer<Null, string> _producer;

    public KafkaSourceAdapter(Peers peers, CaseNames names)
    {
        _peers = peers;
        _topic = "in_" + names.Id;
        peers.Kafka.CreateTopic(_topic, 1);
        _producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = peers.Kafka.BootstrapServers }).Build();
    }

    public DataFrame Open() => _peers.Spark.ReadStream().Format("kafka")
        .Option("kafka.bootstrap.servers", _peers.Kafka.BootstrapServers)
        .Option("subscribe", _topic).Option("startingOffsets", "earliest").Load()
        .Select(Col("value").Cast("string").Alias("value"));

    /// <summary>Each message is acknowledged before the next is sent, so the burst is in the topic when this returns.</summary>
    public void Send(IReadOnlyList<string> lines)
    {
        foreach (var line in lines) _producer.ProduceAsync(_topic, new Message<Null, string> { Value = line }).GetAwaiter().GetResult();
    }

    public void AwaitProcessed(StreamingQuery query, long linesSent) => query.ProcessAllAvailable();

    public void Dispose() => _producer.Dispose();
}
