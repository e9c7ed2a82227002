using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Spate.Kafka;

/// <summary>
/// Offsets per topic partition in Spark's JSON form, <c>{"topicA":{"0":23,"1":-1},"topicB":{"0":-2}}</c>: the
/// source's checkpointed offset (next offset to read per partition) and the <c>startingOffsets</c> option, where -2
/// means earliest and -1 latest. Serialized with topics and partitions sorted, so equal offsets give equal text.
/// </summary>
internal static class KafkaOffsets
{
    public const long Latest = -1;
    public const long Earliest = -2;

    public static string ToJson(IReadOnlyDictionary<KafkaPartition, long> offsets)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var topic in offsets.GroupBy(kv => kv.Key.Topic).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                w.WriteStartObject(topic.Key);
                foreach (var kv in topic.OrderBy(kv => kv.Key.Partition))
                    w.WriteNumber(kv.Key.Partition.ToString(CultureInfo.InvariantCulture), kv.Value);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Parses <c>{"t":{"0":23}}</c>; Spark's error for anything else.</summary>
    public static SortedDictionary<KafkaPartition, long> Parse(string json)
    {
        var result = new SortedDictionary<KafkaPartition, long>();
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new FormatException();
            foreach (var topic in doc.RootElement.EnumerateObject())
            {
                if (topic.Value.ValueKind != JsonValueKind.Object) throw new FormatException();
                foreach (var p in topic.Value.EnumerateObject())
                {
                    int partition = int.Parse(p.Name, NumberStyles.Integer, CultureInfo.InvariantCulture);
                    result[new KafkaPartition(topic.Name, partition)] = p.Value.GetInt64();
                }
            }
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or OverflowException)
        {
            throw new ArgumentException($"Expected e.g. {{\"topicA\":{{\"0\":23,\"1\":-1}},\"topicB\":{{\"0\":-2}}}}, got {json}", e);
        }
        return result;
    }

    /// <summary>Parses the <c>assign</c> option, <c>{"topicA":[0,1],"topicB":[2,4]}</c>.</summary>
    public static SortedSet<KafkaPartition> ParsePartitions(string json)
    {
        var result = new SortedSet<KafkaPartition>();
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new FormatException();
            foreach (var topic in doc.RootElement.EnumerateObject())
            {
                if (topic.Value.ValueKind != JsonValueKind.Array) throw new FormatException();
                foreach (var p in topic.Value.EnumerateArray()) result.Add(new KafkaPartition(topic.Name, p.GetInt32()));
            }
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or OverflowException)
        {
            throw new ArgumentException($"Expected e.g. {{\"topicA\":[0,1],\"topicB\":[0,1]}}, got {json}", e);
        }
        return result;
    }
}
