using System.Text;
using Spate.Columnar;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Expressions.Json;

/// <summary>
/// <c>from_json(json, schema[, options])</c> (Spark's JsonToStructs): parses a string column into a struct, array
/// or map. The whole column is parsed in one loop straight from the string vector's UTF-8 bytes. PERMISSIVE (the
/// default) turns a malformed record into a struct of nulls (with the text in the corrupt-record field when the
/// schema has one) and a field of the wrong type into a null field; FAILFAST throws; DROPMALFORMED is rejected.
/// </summary>
internal sealed class JsonToStructs : UnaryExpression
{
    public JsonToStructs(Expression child, DataType schema, IReadOnlyDictionary<string, string>? options) : base(child)
    {
        Schema = schema;
        Options = options ?? new Dictionary<string, string>();
        if (schema is not (StructType or ArrayType or MapType))
            throw new AnalysisException($"[DATATYPE_MISMATCH.INVALID_JSON_SCHEMA] Cannot resolve \"{Sql}\" due to data type mismatch: Input schema \"{schema.Sql}\" must be a struct, an array or a map.");
        JsonSchemaCheck.Verify(schema, Sql);
        _ = DataType; // a resolved child of the wrong type fails here, during analysis
    }

    /// <summary>The schema as given; the result type is its nullable form.</summary>
    public DataType Schema { get; }
    public IReadOnlyDictionary<string, string> Options { get; }

    public override DataType DataType
    {
        get
        {
            if (Child.Resolved && Child.DataType is not StringType and not NullType)
                throw new AnalysisException($"[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"{Sql}\" due to data type mismatch: Parameter 1 requires the \"STRING\" type, however \"{Child.Sql}\" has the type \"{Child.DataType.Sql}\".");
            return JsonSchemaCheck.AsNullable(Schema);
        }
    }

    public override bool Nullable => true;
    public override string Sql => $"from_json({Child.Sql})";
    protected override Expression WithChild(Expression child) => new JsonToStructs(child, Schema, Options);

    protected override bool NodeEquals(Expression other)
    {
        var o = (JsonToStructs)other;
        return o.Schema.Equals(Schema) && o.Options.Count == Options.Count && o.Options.All(kv => Options.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }

    public override ColumnVector Evaluate(ColumnBatch batch)
    {
        var options = new JsonOptions(Options);
        if (options.Mode == JsonParseMode.DropMalformed)
            throw new AnalysisException("from_json() doesn't support the DROPMALFORMED mode. Acceptable modes are PERMISSIVE and FAILFAST.");
        var input = Child.Evaluate(batch);
        var type = DataType;
        int n = batch.RowCount;
        if (input is not StringVector strings)
        {
            var nulls = ColumnVector.Create(type, n);
            for (int i = 0; i < n; i++) nulls.AppendNull();
            return nulls;
        }
        return type is StructType st ? ParseStructs(strings, st, options, n) : ParseValues(strings, type, options, n);
    }

    // String fields are views into the input's bytes (copied later only if a row survives to be gathered).
    private static ColumnVector ParseStructs(StringVector input, StructType type, JsonOptions options, int n) =>
        new JsonStructColumnBuilder(type, options).ParseAll(input.Length == n ? input : (StringVector)input.Slice(0, n));

    private static ColumnVector ParseValues(StringVector input, DataType type, JsonOptions options, int n)
    {
        var parser = new JsonRecordParser(type, options, allowArrayAsStructs: false);
        var result = ColumnVector.Create(type, n);
        for (int i = 0; i < n; i++)
        {
            if (input.IsNull(i)) { result.AppendNull(); continue; }
            var status = parser.ParseValue(input.GetSpan(i), result);
            if (status == JsonRecordStatus.Ok) continue;
            if (status == JsonRecordStatus.Malformed && options.Mode == JsonParseMode.FailFast) throw MalformedRecord("[null]");
            result.AppendNull();
        }
        return result;
    }

    /// <summary>The index of the corrupt-record field in <paramref name="schema"/>, or -1; it must be a string.</summary>
    public static int CorruptFieldIndex(StructType schema, JsonOptions options)
    {
        int index = schema.Fields.FindLastIndex(f => f.Name == options.ColumnNameOfCorruptRecord);
        if (index >= 0 && (schema.Fields[index].DataType is not StringType || !schema.Fields[index].IsNullable))
            throw new AnalysisException("The field for corrupt records must be string type and nullable");
        return index;
    }

    /// <summary>Spark's FAILFAST error; <paramref name="badRecord"/> is the (partial) row as Spark prints it.</summary>
    public static SparkException MalformedRecord(string badRecord) =>
        new($"[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record parsing: {badRecord}.\nParse Mode: FAILFAST. To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'.");

    /// <summary>Row <paramref name="row"/> of the field vectors, printed like Spark's InternalRow: <c>[1,null,abc]</c>.</summary>
    public static string DescribeRow(IReadOnlyList<ColumnVector> columns, int row)
    {
        var sb = new StringBuilder("[");
        for (int c = 0; c < columns.Count; c++)
        {
            if (c > 0) sb.Append(',');
            AppendInternal(sb, columns[c].Length > row ? columns[c].GetValue(row) : null);
        }
        return sb.Append(']').ToString();
    }

    private static void AppendInternal(StringBuilder sb, object? value)
    {
        if (value is Row r)
        {
            sb.Append('[');
            for (int i = 0; i < r.Values.Length; i++) { if (i > 0) sb.Append(','); AppendInternal(sb, r.Values[i]); }
            sb.Append(']');
        }
        else sb.Append(value == null ? "null" : ValueConverter.ToDisplayString(value));
    }
}

/// <summary>Schema checks shared by the JSON functions.</summary>
internal static class JsonSchemaCheck
{
    /// <summary>JSON maps need string keys (Spark's JacksonUtils.verifySchema).</summary>
    public static void Verify(DataType type, string sql)
    {
        switch (type)
        {
            case StructType s: foreach (var f in s.Fields) Verify(f.DataType, sql); break;
            case ArrayType a: Verify(a.ElementType, sql); break;
            case MapType m:
                if (m.KeyType is not StringType)
                    throw new AnalysisException($"[DATATYPE_MISMATCH.INVALID_JSON_MAP_KEY_TYPE] Cannot resolve \"{sql}\" due to data type mismatch: Input schema \"{m.Sql}\" can only contain \"STRING\" as a key type for a \"MAP\".");
                Verify(m.ValueType, sql);
                break;
        }
    }

    /// <summary>The type with every field, element and value nullable (Spark's asNullable).</summary>
    public static DataType AsNullable(DataType t) => t switch
    {
        StructType s => new StructType(s.Fields.Select(f => new StructField(f.Name, AsNullable(f.DataType), true, f.Metadata))),
        ArrayType a => new ArrayType(AsNullable(a.ElementType), true),
        MapType m => new MapType(AsNullable(m.KeyType), AsNullable(m.ValueType), true),
        _ => t,
    };
}
