using Spate.Sql.Types;

namespace Spate.Kafka;

/// <summary>Which input columns feed the Kafka record: Spark's <c>KafkaWriter.validateQuery</c> with its messages.</summary>
internal sealed class KafkaWriteLayout
{
    public int Topic { get; private init; } = -1;
    public string? DefaultTopic { get; private init; }
    public int Key { get; private init; } = -1;
    public int Value { get; private init; } = -1;
    public int Headers { get; private init; } = -1;
    public int Partition { get; private init; } = -1;

    /// <summary>Checks the schema; the <c>topic</c> option, when set, wins over a <c>topic</c> column.</summary>
    public static KafkaWriteLayout Validate(StructType schema, string? topicOption)
    {
        try
        {
            int topic = topicOption != null ? -1 : Find(schema, "topic", new DataType[] { StringType.Instance },
                () => throw new InvalidOperationException("topic option required when no 'topic' attribute is present. Use the topic option for setting a topic."));
            int key = Find(schema, "key", new DataType[] { StringType.Instance, BinaryType.Instance }, () => -1);
            int value = Find(schema, "value", new DataType[] { StringType.Instance, BinaryType.Instance },
                () => throw new InvalidOperationException("Required attribute 'value' not found"));
            int headers = Find(schema, "headers", new DataType[] { KafkaRecordSchema.HeadersType }, () => -1);
            int partition = Find(schema, "partition", new DataType[] { IntegerType.Instance }, () => -1);
            return new KafkaWriteLayout { Topic = topic, DefaultTopic = topicOption, Key = key, Value = value, Headers = headers, Partition = partition };
        }
        catch (InvalidOperationException e)
        {
            throw new AnalysisException(e.Message, e);
        }
    }

    private static int Find(StructType schema, string name, DataType[] desired, Func<int> missing)
    {
        // Spark resolves the attribute by exact name.
        int index = schema.Fields.FindIndex(f => f.Name == name);
        if (index < 0) return missing();
        var type = schema.Fields[index].DataType;
        if (!desired.Any(d => SameType(d, type)))
            throw new InvalidOperationException($"{name} attribute unsupported type {type.SimpleString}. {name} must be a(n) {string.Join(" or ", desired.Select(d => d.SimpleString))}");
        return index;
    }

    /// <summary>Equal ignoring nullability, as Spark's <c>DataTypeUtils.sameType</c>.</summary>
    private static bool SameType(DataType a, DataType b) => (a, b) switch
    {
        (ArrayType x, ArrayType y) => SameType(x.ElementType, y.ElementType),
        (StructType x, StructType y) => x.Fields.Count == y.Fields.Count
            && x.Fields.Zip(y.Fields).All(p => string.Equals(p.First.Name, p.Second.Name, StringComparison.OrdinalIgnoreCase) && SameType(p.First.DataType, p.Second.DataType)),
        _ => a.Equals(b),
    };
}
