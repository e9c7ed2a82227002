using System.Text;
using System.Text.Json;
using Spate.Columnar;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Expressions.Json;

/// <summary><c>schema_of_json(json[, options])</c>: the DDL of the schema Spark infers for a constant JSON text,
/// e.g. <c>STRUCT&lt;a: BIGINT&gt;</c>.</summary>
internal sealed class SchemaOfJson : UnaryExpression
{
    public SchemaOfJson(Expression child, IReadOnlyDictionary<string, string>? options) : base(child)
    {
        Options = options ?? new Dictionary<string, string>();
    }

    public IReadOnlyDictionary<string, string> Options { get; }
    public override DataType DataType => StringType.Instance;
    public override bool Nullable => false;
    public override string Sql => $"schema_of_json({Child.Sql})";
    protected override Expression WithChild(Expression child) => new SchemaOfJson(child, Options);

    private void CheckFoldable()
    {
        if (!Child.Foldable || Child.DataType is not StringType)
            throw new AnalysisException($"[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve \"{Sql}\" due to data type mismatch: the input json should be a foldable \"STRING\" expression; however, got \"{Child.Sql}\".");
    }

    /// <summary>The inferred type of the constant input.</summary>
    public DataType InferredType()
    {
        CheckFoldable();
        var v = Child.Evaluate(new ColumnBatch(Array.Empty<ColumnVector>(), 1));
        if (v.IsNull(0))
            throw new AnalysisException($"[DATATYPE_MISMATCH.UNEXPECTED_NULL] Cannot resolve \"{Sql}\" due to data type mismatch: The json must not be null.");
        var json = ((StringVector)v).GetSpan(0);
        try
        {
            return new JsonSchemaInference(new JsonOptions(Options)).InferSingle(json);
        }
        catch (JsonException e)
        {
            throw new SparkException("[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record parsing: " + Encoding.UTF8.GetString(json) + ".\nParse Mode: FAILFAST. To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'.", e);
        }
    }

    public override ColumnVector Evaluate(ColumnBatch batch) => ColumnVector.Constant(StringType.Instance, InferredType().Sql, batch.RowCount);
}

/// <summary><c>json_array_length(json)</c>: the number of elements of the outermost JSON array; null when the
/// text is not an array or is malformed.</summary>
internal sealed class JsonArrayLength : UnaryExpression
{
    public JsonArrayLength(Expression child) : base(child) { }
    public override DataType DataType => IntegerType.Instance;
    public override bool Nullable => true;
    public override string Sql => $"json_array_length({Child.Sql})";
    protected override Expression WithChild(Expression child) => new JsonArrayLength(child);

    public override ColumnVector Evaluate(ColumnBatch batch)
    {
        var input = Child.Evaluate(batch);
        int n = batch.RowCount;
        var result = new PrimitiveVector<int>(IntegerType.Instance, n);
        var context = new JsonParseContext(JsonOptions.Default);
        for (int i = 0; i < n; i++)
        {
            if (input.IsNull(i) || input is not StringVector s) { result.AppendNull(); continue; }
            int count = Count(context, s.GetSpan(i));
            if (count < 0) result.AppendNull(); else result.Append(count);
        }
        return result;
    }

    private static int Count(JsonParseContext context, ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = context.Reader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) return -1;
            int count = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                reader.Skip();
                count++;
            }
            return count;
        }
        catch (JsonException) { return -1; }
    }
}

/// <summary><c>json_object_keys(json)</c>: the keys of the outermost JSON object as an array; null when the text
/// is not an object or is malformed.</summary>
internal sealed class JsonObjectKeys : UnaryExpression
{
    public JsonObjectKeys(Expression child) : base(child) { }
    public override DataType DataType => new ArrayType(StringType.Instance);
    public override bool Nullable => true;
    public override string Sql => $"json_object_keys({Child.Sql})";
    protected override Expression WithChild(Expression child) => new JsonObjectKeys(child);

    public override ColumnVector Evaluate(ColumnBatch batch)
    {
        var input = Child.Evaluate(batch);
        int n = batch.RowCount;
        var result = new ArrayVector((ArrayType)DataType, n);
        var keys = (StringVector)result.Elements;
        var context = new JsonParseContext(JsonOptions.Default);
        var scratch = new Utf8Buffer();
        for (int i = 0; i < n; i++)
        {
            if (input.IsNull(i) || input is not StringVector s) { result.AppendNull(); continue; }
            var json = s.GetSpan(i);
            // Validate first so that a malformed object appends no keys.
            if (!IsObject(context, json)) { result.AppendNull(); continue; }
            var reader = context.Reader(json);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!reader.ValueIsEscaped) keys.Append(reader.ValueSpan);
                else
                {
                    scratch.Clear();
                    scratch.Advance(reader.CopyString(scratch.GetSpan(reader.ValueSpan.Length)));
                    keys.Append(scratch.Span);
                }
                reader.Read();
                reader.Skip();
            }
            result.EndArray();
        }
        return result;
    }

    private static bool IsObject(JsonParseContext context, ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = context.Reader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            reader.Skip();
            return true;
        }
        catch (JsonException) { return false; }
    }
}
