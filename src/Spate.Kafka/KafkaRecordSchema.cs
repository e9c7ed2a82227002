using Confluent.Kafka;
using Spate.Columnar;
using Spate.Sql.Types;
using KafkaTimestampType = Confluent.Kafka.TimestampType;
using TimestampType = Spate.Sql.Types.TimestampType;

namespace Spate.Kafka;

/// <summary>The Kafka source's fixed schema (Spark's <c>KafkaRecordToRowConverter.kafkaSchema</c>).</summary>
internal static class KafkaRecordSchema
{
    public static readonly ArrayType HeadersType = new(new StructType(new[]
    {
        new StructField("key", StringType.Instance), new StructField("value", BinaryType.Instance),
    }));

    public static StructType For(bool includeHeaders)
    {
        var fields = new List<StructField>
        {
            new("key", BinaryType.Instance), new("value", BinaryType.Instance), new("topic", StringType.Instance),
            new("partition", IntegerType.Instance), new("offset", LongType.Instance), new("timestamp", TimestampType.Instance),
            new("timestampType", IntegerType.Instance),
        };
        if (includeHeaders) fields.Add(new StructField("headers", HeadersType));
        return new StructType(fields);
    }
}

/// <summary>Appends consumed records to the columns of the Kafka schema.</summary>
internal sealed class KafkaRowBuilder
{
    private readonly StringVector _key, _value, _topic;
    private readonly PrimitiveVector<int> _partition, _timestampType;
    private readonly PrimitiveVector<long> _offset, _timestamp;
    private readonly ArrayVector? _headers;

    public KafkaRowBuilder(bool includeHeaders, int capacity)
    {
        _key = new StringVector(BinaryType.Instance, capacity);
        _value = new StringVector(BinaryType.Instance, capacity);
        _topic = new StringVector(StringType.Instance, capacity);
        _partition = new PrimitiveVector<int>(IntegerType.Instance, capacity);
        _offset = new PrimitiveVector<long>(LongType.Instance, capacity);
        _timestamp = new PrimitiveVector<long>(TimestampType.Instance, capacity);
        _timestampType = new PrimitiveVector<int>(IntegerType.Instance, capacity);
        if (includeHeaders) _headers = new ArrayVector(KafkaRecordSchema.HeadersType, capacity);
    }

    public int Count => _offset.Length;

    public void Add(ConsumeResult<byte[]?, byte[]?> record)
    {
        var m = record.Message;
        if (m.Key == null) _key.AppendNull(); else _key.Append(m.Key);
        if (m.Value == null) _value.AppendNull(); else _value.Append(m.Value);
        _topic.Append(record.Topic);
        _partition.Append(record.Partition.Value);
        _offset.Append(record.Offset.Value);
        // Kafka's timestamp type ids: -1 none, 0 CreateTime, 1 LogAppendTime (Confluent numbers them 0, 1, 2).
        _timestamp.Append(m.Timestamp.UnixTimestampMs * 1000);
        _timestampType.Append(m.Timestamp.Type switch { KafkaTimestampType.CreateTime => 0, KafkaTimestampType.LogAppendTime => 1, _ => -1 });
        if (_headers == null) return;
        if (m.Headers == null || m.Headers.Count == 0) { _headers.AppendNull(); return; }
        var entries = (StructVector)_headers.Elements;
        var keys = (StringVector)entries.Children[0];
        var values = (StringVector)entries.Children[1];
        foreach (var h in m.Headers)
        {
            keys.Append(h.Key);
            var bytes = h.GetValueBytes();
            if (bytes == null) values.AppendNull(); else values.Append(bytes);
            entries.EndRow();
        }
        _headers.EndArray();
    }

    public ColumnBatch Build()
    {
        var columns = new List<ColumnVector> { _key, _value, _topic, _partition, _offset, _timestamp, _timestampType };
        if (_headers != null) columns.Add(_headers);
        return new ColumnBatch(columns.ToArray(), Count);
    }
}
