using Spate.Columnar;
using Spate.Sql;
using Spate.Sql.Types;

namespace Spate.Expressions.Json;

/// <summary><c>to_json(struct|array|map[, options])</c> (Spark's StructsToJson): compact JSON text per row.</summary>
internal sealed class StructsToJson : UnaryExpression
{
    public StructsToJson(Expression child, IReadOnlyDictionary<string, string>? options) : base(child)
    {
        Options = options ?? new Dictionary<string, string>();
        _ = DataType; // a resolved child of the wrong type fails here, during analysis
    }

    public IReadOnlyDictionary<string, string> Options { get; }

    public override DataType DataType
    {
        get
        {
            if (Child.Resolved && Child.DataType is not (StructType or ArrayType or MapType or NullType))
                throw new AnalysisException($"[DATATYPE_MISMATCH.INVALID_JSON_SCHEMA] Cannot resolve \"{Sql}\" due to data type mismatch: Input schema \"{Child.DataType.Sql}\" must be a struct, an array or a map.");
            return StringType.Instance;
        }
    }

    public override string Sql => $"to_json({Child.Sql})";
    protected override Expression WithChild(Expression child) => new StructsToJson(child, Options);

    public override ColumnVector Evaluate(ColumnBatch batch)
    {
        var input = Child.Evaluate(batch);
        int n = batch.RowCount;
        var result = new StringVector(StringType.Instance, n);
        if (input.Type is NullType) { for (int i = 0; i < n; i++) result.AppendNull(); return result; }
        var options = new JsonOptions(Options);
        var writer = JsonWriter.Create(input.Type, options, JsonWriter.Formats(options));
        var buffer = new Utf8Buffer();
        for (int i = 0; i < n; i++)
        {
            if (input.IsNull(i)) { result.AppendNull(); continue; }
            buffer.Clear();
            writer.Write(input, i, buffer);
            result.Append(buffer.Span);
        }
        return result;
    }
}
