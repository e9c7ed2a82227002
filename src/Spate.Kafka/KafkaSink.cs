using System.Text;
using Confluent.Kafka;
using Spate.Columnar;
using Spate.Sinks;
using Spate.Sql.Streaming;
using Spate.Sql.Types;

namespace Spate.Kafka;

/// <summary>
/// The Kafka sink: each row becomes a record (<c>value</c>, optional <c>key</c>, <c>topic</c>, <c>partition</c>,
/// <c>headers</c>). Records go through an idempotent producer (acks=all), which is flushed before the batch counts as
/// written. A batch replayed after a failure is sent again, so delivery is at-least-once, as in Spark.
/// </summary>
internal sealed class KafkaSink : ISink
{
    private readonly Dictionary<string, string> _producerConfig;
    private readonly string? _topic;
    private readonly KafkaWriteLayout _layout;

    public KafkaSink(IReadOnlyDictionary<string, string> options, StructType schema)
    {
        _topic = options.TryGetValue("topic", out var t) ? t.Trim() : null;
        _layout = KafkaWriteLayout.Validate(schema, _topic);
        _producerConfig = ProducerConfigFor(options);
    }

    public string Description => "KafkaSink";

    /// <summary>Spark's producer option checks, then librdkafka settings: idempotence and acks=all unless the user
    /// says otherwise, and the Java client's murmur2 partitioner so keys land where Java producers put them.</summary>
    public static Dictionary<string, string> ProducerConfigFor(IReadOnlyDictionary<string, string> options)
    {
        if (options.Keys.Any(k => k.Equals("kafka.key.serializer", StringComparison.OrdinalIgnoreCase)))
            throw new ArgumentException("Kafka option 'key.serializer' is not supported as keys are serialized with ByteArraySerializer.");
        if (options.Keys.Any(k => k.Equals("kafka.value.serializer", StringComparison.OrdinalIgnoreCase)))
            throw new ArgumentException("Kafka option 'value.serializer' is not supported as value are serialized with ByteArraySerializer.");
        if (!options.Keys.Any(k => k.Equals("kafka.bootstrap.servers", StringComparison.OrdinalIgnoreCase)))
            throw new ArgumentException("Option 'kafka.bootstrap.servers' must be specified for configuring Kafka producer");
        var config = new Dictionary<string, string>
        {
            ["enable.idempotence"] = "true",
            ["acks"] = "all",
            ["partitioner"] = "murmur2_random",
        };
        foreach (var (k, v) in KafkaClientConfig.FromOptions(options)) config[k] = v;
        config.Remove("group.id");
        return config;
    }

    public void AddBatch(long batchId, IReadOnlyList<ColumnBatch> data, StructType schema, OutputMode mode, Sql.SparkSession session)
    {
        var producer = KafkaProducerPool.Acquire(_producerConfig);
        try { Write(producer, data, _layout); }
        finally { KafkaProducerPool.Release(producer); }
    }

    /// <summary>Produces every row and waits until all are acknowledged; the first failure is thrown.</summary>
    public static void Write(IProducer<byte[]?, byte[]?> producer, IReadOnlyList<ColumnBatch> data, KafkaWriteLayout layout)
    {
        Exception? failure = null;
        void OnDelivery(DeliveryReport<byte[]?, byte[]?> report)
        {
            if (report.Error.IsError) Interlocked.CompareExchange(ref failure, new KafkaException(report.Error), null);
        }
        foreach (var batch in data)
        {
            var topics = layout.Topic >= 0 ? (StringVector)batch.Columns[layout.Topic] : null;
            var keys = layout.Key >= 0 ? (StringVector)batch.Columns[layout.Key] : null;
            var values = (StringVector)batch.Columns[layout.Value];
            var partitions = layout.Partition >= 0 ? (PrimitiveVector<int>)batch.Columns[layout.Partition] : null;
            var headers = layout.Headers >= 0 ? (ArrayVector)batch.Columns[layout.Headers] : null;
            for (int i = 0; i < batch.RowCount; i++)
            {
                if (failure != null) break;
                string? topic = layout.DefaultTopic ?? (topics!.IsNull(i) ? null : topics.GetString(i));
                if (topic == null)
                    throw new InvalidOperationException("[KAFKA_NULL_TOPIC_IN_DATA] The Kafka message data sent to the producer contains a null topic. Use the `topic` option for setting a default topic.");
                var message = new Message<byte[]?, byte[]?>
                {
                    Key = keys == null || keys.IsNull(i) ? null : keys.GetSpan(i).ToArray(),
                    Value = values.IsNull(i) ? null : values.GetSpan(i).ToArray(),
                    Headers = headers == null || headers.IsNull(i) ? null : HeadersOf(headers, i),
                };
                var target = partitions == null || partitions.IsNull(i)
                    ? new TopicPartition(topic, Partition.Any)
                    : new TopicPartition(topic, new Partition(partitions.Values[i]));
                ProduceWithBackpressure(producer, target, message, OnDelivery);
            }
        }
        // Flush until the queue is empty: Flush returns early with messages left when its timeout passes.
        while (producer.Flush(TimeSpan.FromSeconds(10)) > 0 && failure == null) { }
        if (failure != null) throw failure;
    }

    private static void ProduceWithBackpressure(IProducer<byte[]?, byte[]?> producer, TopicPartition target, Message<byte[]?, byte[]?> message,
        Action<DeliveryReport<byte[]?, byte[]?>> onDelivery)
    {
        while (true)
        {
            try
            {
                producer.Produce(target, message, onDelivery);
                return;
            }
            catch (ProduceException<byte[]?, byte[]?> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(100));
            }
        }
    }

    private static Headers HeadersOf(ArrayVector headers, int row)
    {
        var entries = (StructVector)headers.Elements;
        var keys = (StringVector)entries.Children[0];
        var values = (StringVector)entries.Children[1];
        var result = new Headers();
        for (int e = headers.Offsets[row]; e < headers.Offsets[row + 1]; e++)
        {
            if (entries.IsNull(e)) continue;
            var key = keys.IsNull(e) ? "" : keys.GetString(e);
            result.Add(key, values.IsNull(e) ? null : values.GetSpan(e).ToArray());
        }
        return result;
    }
}
